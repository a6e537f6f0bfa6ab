/**
 * Live activity in the network diagram: a neuron's node flashes when it spikes and a population's node
 * glows with its firing rate. Read from liveData's spike ring on animation frames and written straight
 * to the SVG (style.fill), so no React state changes per spike.
 */
import { useMemo, useRef } from 'react';
import { interpolateRgb } from 'd3';
import type { NetworkSummary } from '../../worker/protocol.ts';
import { groupOf } from '../../core/experiment/structure.ts';
import { useAnimationFrame } from '../hooks.ts';
import { liveData } from '../liveData.ts';
import { MAX_EXPANDED_POPULATION, type LayoutNode } from './geometry.ts';

/** Fill of a resting node, and of one that just spiked. */
export const NODE_FILL = { neuron: '#ffffff', excitatoryPopulation: '#e9f0fb', inhibitoryPopulation: '#fbeceb', flash: '#ffb000' } as const;
/** How fast a neuron's flash fades, wall ms (a flash is visible at any speed). */
const FLASH_MS = 110;
/** A population at this mean rate (Hz) glows fully. */
const FULL_GLOW_HZ = 25;
/** Most spikes read per frame (a frame rarely holds more; older ones would be invisible anyway). */
const MAX_SPIKES_PER_FRAME = 200_000;

export function restingFill(node: Pick<LayoutNode, 'kind' | 'role'>): string {
  if (node.kind === 'neuron') return NODE_FILL.neuron;
  return node.role === 'inhibitory' ? NODE_FILL.inhibitoryPopulation : NODE_FILL.excitatoryPopulation;
}

interface FlashState {
  /** Sim time of the newest spike already read (NaN: not started). */
  seen: number;
  frameTime: number;
  /** Wall time of each node's latest spike. */
  flashAt: Float64Array;
  /** Population glow (0..1) and spikes counted since the last frame. */
  glow: Float64Array;
  counts: Float64Array;
  /** Level last written to each node (-1: not written). */
  drawn: Float64Array;
  flashes: Uint32Array;
  /** Wall time of the latest spike of each drawn member of a small population, by neuron id. */
  memberFlashAt: Map<string, number>;
  /** Spikes per network group already counted, for networks whose page gets group counts, not spikes. */
  groupSeen: Float64Array;
}

const memberMix = interpolateRgb(NODE_FILL.neuron, NODE_FILL.flash);

/**
 * Flashes the nodes whose fill elements `bodies` holds (node id -> element whose fill is the node's),
 * using the compiled network's neuron ids to map spikes to nodes.
 */
export function useSpikeFlash(bodies: ReadonlyMap<string, SVGElement>, nodes: readonly LayoutNode[], network: NetworkSummary | null): void {
  /** Neuron index -> node index (-1: no node, e.g. a neuron removed since). */
  const nodeOf = useMemo(() => {
    const byId = new Map(nodes.map((n, k) => [n.id, k]));
    const ids = network?.ids ?? [];
    return Int32Array.from(ids, (id) => byId.get(groupOf(id)) ?? -1);
  }, [nodes, network]);
  /** Network group index -> node index (-1: none). */
  const nodeOfGroup = useMemo(() => {
    const byId = new Map(nodes.map((n, k) => [n.id, k]));
    return Int32Array.from(network?.groups ?? [], (g) => byId.get(g.id) ?? -1);
  }, [nodes, network]);
  const mixers = useMemo(() => nodes.map((n) => interpolateRgb(restingFill(n), NODE_FILL.flash)), [nodes]);
  /** Neuron index -> its id when its population is drawn neuron by neuron, else null. */
  const memberIds = useMemo(() => {
    const small = new Set(nodes.filter((n) => n.kind === 'population' && n.size <= MAX_EXPANDED_POPULATION).map((n) => n.id));
    return (network?.ids ?? []).map((id) => (small.has(groupOf(id)) ? id : null));
  }, [nodes, network]);
  const state = useRef<FlashState | null>(null);

  useAnimationFrame(() => {
    const n = nodes.length;
    let s = state.current;
    if (!s || s.flashAt.length !== n) {
      s = {
        seen: Number.NaN,
        frameTime: liveData.frameTime,
        flashAt: new Float64Array(n).fill(-Infinity),
        glow: new Float64Array(n),
        counts: new Float64Array(n),
        drawn: new Float64Array(n).fill(-1),
        flashes: new Uint32Array(n),
        memberFlashAt: new Map(),
        groupSeen: new Float64Array(0),
      };
      state.current = s;
    }
    const now = performance.now();
    const ring = liveData.spikes;
    // A reset or a new run starts the clock again.
    if (liveData.frameTime < s.frameTime) s.seen = -Infinity;
    // On the first frame, spikes from before the view was shown do not flash.
    if (Number.isNaN(s.seen)) s.seen = liveData.frameTime;
    const simDelta = liveData.frameTime - s.frameTime;
    let newest = s.seen;
    // A big network's page holds only the raster band's spikes: its populations' rates come from the
    // Worker's spike counts per group instead.
    const groupTotals = liveData.raster.complete ? null : liveData.raster.groupSpikes;
    if (groupTotals) {
      if (s.groupSeen.length !== groupTotals.length) s.groupSeen = new Float64Array(groupTotals.length);
      for (let g = 0; g < groupTotals.length; g++) {
        const fresh = groupTotals[g] >= s.groupSeen[g] ? groupTotals[g] - s.groupSeen[g] : groupTotals[g];
        s.groupSeen[g] = groupTotals[g];
        const node = g < nodeOfGroup.length ? nodeOfGroup[g] : -1;
        if (node >= 0) s.counts[node] += fresh;
      }
    }
    for (let k = ring.length - 1, read = 0; !groupTotals && k >= 0 && read < MAX_SPIKES_PER_FRAME; k--, read++) {
      const slot = ring.at(k);
      const t = ring.times[slot];
      if (t <= s.seen) break;
      if (t > newest) newest = t;
      const neuron = ring.neurons[slot];
      const node = neuron >= 0 && neuron < nodeOf.length ? nodeOf[neuron] : -1;
      if (node < 0) continue;
      if (nodes[node].kind === 'neuron') {
        if (s.flashAt[node] !== now) s.flashes[node]++;
        s.flashAt[node] = now;
      } else {
        s.counts[node]++;
        // A small population draws its neurons too (registered under their own ids): flash that one.
        const member = memberIds[neuron];
        if (member !== null) s.memberFlashAt.set(member, now);
      }
    }
    s.seen = newest;
    s.frameTime = liveData.frameTime;

    for (const [member, at] of s.memberFlashAt) {
      const el = bodies.get(member);
      const level = Math.exp(-(now - at) / FLASH_MS);
      if (!el || level < 0.01) {
        if (el) el.style.fill = '';
        s.memberFlashAt.delete(member);
        continue;
      }
      el.style.fill = memberMix(level);
    }

    for (let k = 0; k < n; k++) {
      const node = nodes[k];
      let level: number;
      if (node.kind === 'neuron') {
        const age = now - s.flashAt[k];
        level = age < 0 ? 0 : Math.exp(-age / FLASH_MS);
      } else {
        if (simDelta > 0) {
          const hz = (s.counts[k] / Math.max(1, node.size) / simDelta) * 1000;
          s.counts[k] = 0;
          s.glow[k] = Math.max(s.glow[k] * 0.85, Math.min(1, hz / FULL_GLOW_HZ));
        } else {
          s.glow[k] *= 0.97;
        }
        level = s.glow[k];
      }
      if (level < 0.01) level = 0;
      if (Math.abs(level - s.drawn[k]) < 0.015 && !(level === 0 && s.drawn[k] !== 0)) continue;
      const el = bodies.get(node.id);
      if (!el) continue;
      el.style.fill = level === 0 ? '' : mixers[k](level);
      s.drawn[k] = level;
      if (node.kind === 'neuron') el.dataset.flashes = String(s.flashes[k]);
    }
  });
}
