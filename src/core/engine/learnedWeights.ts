import type { Experiment } from '../experiment/types.ts';
import type { CompiledNetwork } from './network.ts';
import type { StdpRun } from './stdp.ts';

/** How many plastic synapses of a rebuilt network took their learned weight over from the run before. */
export interface CarriedWeights {
  kept: number;
  total: number;
}

/** Each plastic synapse's place: its presynaptic and postsynaptic neurons and its synapse type. */
function placesOf(net: CompiledNetwork, stdp: StdpRun): string[] {
  const { synapse, rowStart } = stdp.plastic;
  const { post, type } = net.synapses;
  const places = new Array<string>(synapse.length);
  for (let i = 0; i < net.neuronCount; i++) {
    for (let p = rowStart[i]; p < rowStart[i + 1]; p++) {
      const s = synapse[p];
      places[p] = `${net.ids[i]}\u0000${net.ids[post[s]]}\u0000${net.synapseTypes[type[s]].id}`;
    }
  }
  return places;
}

/**
 * After an edit rebuilt the network, each plastic synapse that is still the same synapse takes over
 * the weight it had learned (clipped into its rule's range), and the synapse the Plasticity tab
 * followed is followed on; the traces start afresh. The same synapse: same place (neurons and type)
 * and the same weight in the experiment, so one the person rewired or gave a new weight starts from
 * the experiment's; or, just after "Keep learned weights", the experiment's weight is the one it had
 * learned. Several synapses of one place pair in order.
 */
export function carryLearnedWeights(from: { net: CompiledNetwork; stdp: StdpRun | null }, to: { net: CompiledNetwork; stdp: StdpRun | null }): CarriedWeights | null {
  const before = from.stdp;
  const after = to.stdp;
  if (!after) return null;
  const total = after.plastic.synapse.length;
  if (!before) return { kept: 0, total };
  const byPlace = new Map<string, number[]>();
  placesOf(from.net, before).forEach((place, q) => {
    const list = byPlace.get(place);
    if (list) list.push(q);
    else byPlace.set(place, [q]);
  });
  const weight = to.net.synapses.weight;
  const watched = before.watchedSynapse;
  let kept = 0;
  placesOf(to.net, after).forEach((place, p) => {
    const candidates = byPlace.get(place);
    if (!candidates) return;
    const initial = after.plastic.initialWeight[p];
    let at = candidates.findIndex((q) => before.plastic.initialWeight[q] === initial);
    if (at < 0) at = candidates.findIndex((q) => before.weightOf(q) === initial);
    if (at < 0) return;
    const q = candidates.splice(at, 1)[0];
    const wMax = after.plastic.rules[after.ruleOf(p)].wMax;
    weight[after.plastic.synapse[p]] = Math.min(wMax, Math.max(0, before.weightOf(q)));
    if (q === watched) after.watch(p);
    kept++;
  });
  return { kept, total };
}

/** The run's plastic weights by where the experiment sets them: connection index, projection id. */
export interface LearnedWeights {
  connections: { index: number; weight: number }[];
  projections: { id: string; weights: number[] }[];
}

/** The plastic weights of a run of `experiment` on `net`, as they are now. */
export function learnedWeightsOf(experiment: Experiment, net: CompiledNetwork): LearnedWeights {
  const weight = net.synapses.weight;
  const plastic = new Set(net.synapseTypes.filter((t) => t.plasticity !== undefined).map((t) => t.id));
  const connections: LearnedWeights['connections'] = [];
  experiment.connections.forEach((c, index) => {
    const s = net.connectionSynapse[index];
    if (plastic.has(c.synapse) && s !== undefined && s >= 0) connections.push({ index, weight: weight[s] });
  });
  const projections: LearnedWeights['projections'] = [];
  experiment.projections.forEach((p, k) => {
    const synapses = net.projectionSynapses?.[k];
    if (plastic.has(p.synapse) && synapses !== undefined && synapses.length > 0) projections.push({ id: p.id, weights: Array.from(synapses, (s) => weight[s]) });
  });
  return { connections, projections };
}

/**
 * `experiment` with learned weights written in ("Keep learned weights"), so Save and Share keep them: a
 * connection's as its weight, a projection's as its `weights`, one per synapse in the order it makes them.
 */
export function withLearnedWeights(experiment: Experiment, learned: LearnedWeights): Experiment {
  const byConnection = new Map(learned.connections.map((c) => [c.index, c.weight]));
  const byProjection = new Map(learned.projections.map((p) => [p.id, p.weights]));
  return {
    ...experiment,
    connections: experiment.connections.map((c, k) => {
      const weight = byConnection.get(k);
      return weight === undefined ? c : { ...c, weight };
    }),
    projections: experiment.projections.map((p) => {
      const weights = byProjection.get(p.id);
      return weights === undefined ? p : { ...p, weights: weights.slice() };
    }),
  };
}

/** Whether a Worker message's `weights` is LearnedWeights (the page checks what it reads). */
export function isLearnedWeights(x: unknown): x is LearnedWeights {
  const finite = (w: unknown) => typeof w === 'number' && Number.isFinite(w);
  return (
    typeof x === 'object' && x !== null &&
    'connections' in x && Array.isArray(x.connections) &&
    x.connections.every((c: unknown) => typeof c === 'object' && c !== null && 'index' in c && Number.isInteger(c.index) && 'weight' in c && finite(c.weight)) &&
    'projections' in x && Array.isArray(x.projections) &&
    x.projections.every((p: unknown) => typeof p === 'object' && p !== null && 'id' in p && typeof p.id === 'string' && 'weights' in p && Array.isArray(p.weights) && p.weights.every(finite))
  );
}
