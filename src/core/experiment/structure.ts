import type {
  ConnectionSpec,
  Experiment,
  InputSpec,
  NeuronSpec,
  PopulationSpec,
  ProjectionSpec,
  SynapseTypeSpec,
} from './types.ts';

/**
 * Structural edits of an experiment: pure functions from one experiment to the next, used by the
 * editor (and its undo history). They keep references consistent: removing or renaming a neuron
 * also updates the connections, projections, inputs and recording that name it.
 */

const ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The group a neuron reference belongs to: "E[3]" -> "E", "driver" -> "driver". */
export function groupOf(ref: string): string {
  const bracket = ref.indexOf('[');
  return bracket < 0 ? ref : ref.slice(0, bracket);
}

/** Ids of neurons and populations (one id space). */
export function nodeIds(experiment: Experiment): Set<string> {
  return new Set([...experiment.neurons.map((n) => n.id), ...experiment.populations.map((p) => p.id)]);
}

/** `base` followed by the smallest number that makes a free id in `taken` (base1, base2, ...). */
export function freeId(taken: ReadonlySet<string>, base: string): string {
  const stem = base.replace(/\d+$/, '') || 'n';
  for (let k = 1; ; k++) {
    const id = `${stem}${k}`;
    if (!taken.has(id)) return id;
  }
}

/** Why `id` cannot name a new neuron or population, or null. */
export function checkNewNodeId(experiment: Experiment, id: string): string | null {
  if (!ID_PATTERN.test(id)) return `"${id}" is not a valid id: use letters, digits, _ and -, starting with a letter or _`;
  if (nodeIds(experiment).has(id)) return `the id "${id}" is already taken`;
  return null;
}

export function addNeuron(experiment: Experiment, neuron: NeuronSpec): Experiment {
  return { ...experiment, neurons: [...experiment.neurons, neuron] };
}

export function updateNeuron(experiment: Experiment, id: string, patch: Partial<Omit<NeuronSpec, 'id' | 'model'>>): Experiment {
  return { ...experiment, neurons: experiment.neurons.map((n) => (n.id === id ? { ...n, ...patch } : n)) };
}

export function addPopulation(experiment: Experiment, population: PopulationSpec): Experiment {
  return { ...experiment, populations: [...experiment.populations, population] };
}

/**
 * Changes population `id`: the fields every model has, or the whole population (its model and
 * parameters), whose id is then kept.
 */
export function updatePopulation(experiment: Experiment, id: string, patch: Partial<Pick<PopulationSpec, 'size' | 'label' | 'role' | 'position'>> | PopulationSpec): Experiment {
  const patched = (p: PopulationSpec): PopulationSpec => ('model' in patch ? { ...patch, id } : { ...p, ...patch });
  const experimentWithPatch = { ...experiment, populations: experiment.populations.map((p) => (p.id === id ? patched(p) : p)) };
  // A smaller population drops references to neurons that no longer exist.
  const size = patch.size;
  if (size === undefined) return experimentWithPatch;
  const exists = (ref: string) => {
    if (groupOf(ref) !== id || !ref.includes('[')) return true;
    return Number(ref.slice(id.length + 1, -1)) < size;
  };
  return dropReferences(experimentWithPatch, (ref) => !exists(ref));
}

/** Moves nodes (neurons or populations) to new positions in the editor. */
export function moveNodes(experiment: Experiment, positions: ReadonlyMap<string, { x: number; y: number }>): Experiment {
  return {
    ...experiment,
    neurons: experiment.neurons.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id) } : n)),
    populations: experiment.populations.map((p) => (positions.has(p.id) ? { ...p, position: positions.get(p.id) } : p)),
  };
}

/** Removes neurons or populations and everything that refers to them. */
export function removeNodes(experiment: Experiment, ids: Iterable<string>): Experiment {
  const gone = new Set(ids);
  const kept = {
    ...experiment,
    neurons: experiment.neurons.filter((n) => !gone.has(n.id)),
    populations: experiment.populations.filter((p) => !gone.has(p.id)),
  };
  return dropReferences(kept, (ref) => gone.has(groupOf(ref)));
}

function dropReferences(experiment: Experiment, isGone: (ref: string) => boolean): Experiment {
  return {
    ...experiment,
    connections: experiment.connections.filter((c) => !isGone(c.pre) && !isGone(c.post)),
    projections: experiment.projections.filter((p) => !isGone(p.pre) && !isGone(p.post)),
    inputs: experiment.inputs.filter((i) => !isGone(i.target)),
    recording: { ...experiment.recording, watch: experiment.recording.watch.filter((ref) => !isGone(ref)) },
  };
}

/** Renames a neuron or population and every reference to it (`old` and `old[i]`). */
export function renameNode(experiment: Experiment, oldId: string, newId: string): Experiment {
  const rename = (ref: string) => (groupOf(ref) === oldId ? newId + ref.slice(oldId.length) : ref);
  return {
    ...experiment,
    neurons: experiment.neurons.map((n) => (n.id === oldId ? { ...n, id: newId } : n)),
    populations: experiment.populations.map((p) => (p.id === oldId ? { ...p, id: newId } : p)),
    connections: experiment.connections.map((c) => ({ ...c, pre: rename(c.pre), post: rename(c.post) })),
    projections: experiment.projections.map((p) => ({ ...p, pre: rename(p.pre), post: rename(p.post) })),
    inputs: experiment.inputs.map((i) => ({ ...i, target: rename(i.target) })),
    recording: { ...experiment.recording, watch: experiment.recording.watch.map(rename) },
  };
}

/**
 * Copies single neurons, shifted by `offset`, with the connections among them and the inputs that
 * drive them. Returns the experiment and the copies' ids, in the order of `ids`.
 */
export function duplicateNeurons(
  experiment: Experiment,
  ids: readonly string[],
  offset: { x: number; y: number } = { x: 40, y: 40 },
): { experiment: Experiment; ids: string[] } {
  const taken = nodeIds(experiment);
  const copyOf = new Map<string, string>();
  const copies: NeuronSpec[] = [];
  for (const id of ids) {
    const neuron = experiment.neurons.find((n) => n.id === id);
    if (!neuron) continue;
    const copyId = freeId(taken, `${id}_copy`);
    taken.add(copyId);
    copyOf.set(id, copyId);
    const position = neuron.position ? { x: neuron.position.x + offset.x, y: neuron.position.y + offset.y } : undefined;
    copies.push({ ...neuron, id: copyId, ...(neuron.label ? { label: `${neuron.label} (copy)` } : {}), ...(position ? { position } : {}) });
  }
  const connections = experiment.connections
    .filter((c) => copyOf.has(c.pre) && copyOf.has(c.post))
    .map((c) => ({ ...c, pre: copyOf.get(c.pre) ?? c.pre, post: copyOf.get(c.post) ?? c.post }));
  const inputIds = new Set(experiment.inputs.map((i) => i.id));
  const inputs = experiment.inputs
    .filter((i) => copyOf.has(i.target))
    .map((i): InputSpec => {
      const id = freeId(inputIds, `${i.id}_copy`);
      inputIds.add(id);
      return { ...i, id, target: copyOf.get(i.target) ?? i.target };
    });
  return {
    experiment: {
      ...experiment,
      neurons: [...experiment.neurons, ...copies],
      connections: [...experiment.connections, ...connections],
      inputs: [...experiment.inputs, ...inputs],
    },
    ids: copies.map((c) => c.id),
  };
}

export function addConnection(experiment: Experiment, connection: ConnectionSpec): Experiment {
  return { ...experiment, connections: [...experiment.connections, connection] };
}

export function updateConnection(experiment: Experiment, index: number, patch: Partial<ConnectionSpec>): Experiment {
  return { ...experiment, connections: experiment.connections.map((c, k) => (k === index ? { ...c, ...patch } : c)) };
}

export function removeConnections(experiment: Experiment, indices: Iterable<number>): Experiment {
  const gone = new Set(indices);
  return { ...experiment, connections: experiment.connections.filter((_, k) => !gone.has(k)) };
}

export function addSynapseType(experiment: Experiment, synapse: SynapseTypeSpec): Experiment {
  return { ...experiment, synapseTypes: [...experiment.synapseTypes, synapse] };
}

export function replaceSynapseType(experiment: Experiment, id: string, synapse: SynapseTypeSpec): Experiment {
  return { ...experiment, synapseTypes: experiment.synapseTypes.map((s) => (s.id === id ? synapse : s)) };
}

/** Removes a synapse type and the connections, projections and Poisson inputs that use it. */
export function removeSynapseType(experiment: Experiment, id: string): Experiment {
  return {
    ...experiment,
    synapseTypes: experiment.synapseTypes.filter((s) => s.id !== id),
    connections: experiment.connections.filter((c) => c.synapse !== id),
    projections: experiment.projections.filter((p) => p.synapse !== id),
    inputs: experiment.inputs.filter((i) => i.kind !== 'poisson' || i.synapse !== id),
  };
}

export function addProjection(experiment: Experiment, projection: ProjectionSpec): Experiment {
  return { ...experiment, projections: [...experiment.projections, projection] };
}

/**
 * A projection's kept weights (learned and kept) stay through an edit of its delays only; a change of
 * its wiring or of its weight rule (the person choosing new weights) draws them afresh.
 */
export function replaceProjection(experiment: Experiment, id: string, projection: ProjectionSpec): Experiment {
  const sameSynapses = (p: ProjectionSpec) =>
    p.pre === projection.pre && p.post === projection.post && p.synapse === projection.synapse && (p.autapses ?? false) === (projection.autapses ?? false) &&
    JSON.stringify(p.connect) === JSON.stringify(projection.connect) && JSON.stringify(p.weight) === JSON.stringify(projection.weight);
  return {
    ...experiment,
    projections: experiment.projections.map((p) => {
      if (p.id !== id) return p;
      return p.weights !== undefined && projection.weights === undefined && sameSynapses(p) ? { ...projection, weights: p.weights } : projection;
    }),
  };
}

export function removeProjections(experiment: Experiment, ids: Iterable<string>): Experiment {
  const gone = new Set(ids);
  return { ...experiment, projections: experiment.projections.filter((p) => !gone.has(p.id)) };
}

export function addInput(experiment: Experiment, input: InputSpec): Experiment {
  return { ...experiment, inputs: [...experiment.inputs, input] };
}

export function removeInputs(experiment: Experiment, ids: Iterable<string>): Experiment {
  const gone = new Set(ids);
  return { ...experiment, inputs: experiment.inputs.filter((i) => !gone.has(i.id)) };
}

/**
 * Whether `next` differs from `previous` only in where nodes are drawn (what moveNodes changes): such
 * an edit changes nothing the simulation sees.
 */
export function differsOnlyInLayout(previous: Experiment, next: Experiment): boolean {
  const keys = ['format', 'version', 'name', 'description', 'simulation', 'synapseTypes', 'connections', 'projections', 'inputs', 'recording'] as const;
  const withoutPosition = <T extends { position?: unknown }>(item: T) => {
    const { position: _position, ...others } = item;
    return others;
  };
  const sameNodes = <T extends { position?: unknown }>(a: readonly T[], b: readonly T[]) =>
    a.length === b.length &&
    a.every((item, k) => item === b[k] || JSON.stringify(withoutPosition(item)) === JSON.stringify(withoutPosition(b[k])));
  return (
    keys.every((key) => previous[key] === next[key]) &&
    sameNodes(previous.neurons, next.neurons) &&
    sameNodes(previous.populations, next.populations)
  );
}
