import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultExperiment, izhikevich2003Network } from '../../core/experiment/examples.ts';
import { addPopulation } from '../../core/experiment/structure.ts';
import type { Experiment, NeuronSpec } from '../../core/experiment/types.ts';
import { validateExperiment } from '../../core/experiment/validate.ts';
import { freePosition } from '../panels/populationForm.ts';
import { bounds, layoutEdges, nodeDecor, type LayoutNode, type NodeDecor } from './geometry.ts';
import { FOOTPRINT_GAP, boxesClash, footprint, freeOffset, freeSpot, layoutNodes, pinLayout, segmentHitsBox, type Box } from './placement.ts';

function withoutPositions(e: Experiment): Experiment {
  return {
    ...e,
    neurons: e.neurons.map(({ position: _p, ...n }) => n),
    populations: e.populations.map(({ position: _p, ...p }) => p),
  };
}

/** The decor the diagram draws the experiment with (label sides and input markers). */
function decorOf(e: Experiment, nodes: readonly LayoutNode[]): Map<string, NodeDecor> {
  return nodeDecor(nodes, layoutEdges(e, nodes), new Set(e.inputs.map((i) => i.target)));
}

/** Pairs of nodes whose footprints (shapes with labels) come closer than `gap`. */
function clashes(nodes: readonly LayoutNode[], decor?: ReadonlyMap<string, NodeDecor>, gap = 0): string[] {
  const boxes = nodes.map((n) => [n.id, footprint(n, decor?.get(n.id))] as const);
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) if (boxesClash(boxes[i][1], boxes[j][1], gap)) out.push(`${boxes[i][0]}/${boxes[j][0]}`);
  }
  return out;
}

function neuron(id: string, position?: { x: number; y: number }): NeuronSpec {
  return { id, model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65, ...(position ? { position } : {}) };
}

/** The file from public/experiments, as the lab opens it. */
function example(name: string): Experiment {
  const checked = validateExperiment(JSON.parse(readFileSync(`public/experiments/${name}.json`, 'utf8')));
  if (!checked.ok) throw new Error(checked.errors.join('; '));
  return checked.experiment;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('footprint', () => {
  it('covers a neuron with its id and label below, and grows with the label', () => {
    const bare = footprint({ id: 'n1', kind: 'neuron', label: null, x: 100, y: 50 });
    expect(bare.y0).toBeLessThan(50 - 22);
    expect(bare.y1).toBeGreaterThanOrEqual(50 + 22 + 19); // the id's text bottom
    const labelled = footprint({ id: 'n1', kind: 'neuron', label: 'A rather long label here', x: 100, y: 50 });
    expect(labelled.y1).toBeGreaterThan(bare.y1);
    expect(labelled.x1 - labelled.x0).toBeGreaterThan(24 * 6);
  });

  it('follows the label to the side the diagram puts it, and includes the input marker', () => {
    const right = footprint({ id: 'follower', kind: 'neuron', label: null, x: 0, y: 0 }, { labelSide: 'right', inputAngle: Math.PI });
    expect(right.x1).toBeGreaterThan(22 + 8 + 8 * 7);
    expect(right.x0).toBeLessThanOrEqual(-(22 + 36)); // the input's tail on the left
    expect(right.y1).toBeLessThan(30);
  });
});

describe('free space for new nodes', () => {
  it('keeps the spot asked for when it is free', () => {
    const nodes = layoutNodes(defaultExperiment());
    expect(freeSpot(nodes, { x: 600, y: 0 }, { id: 'n1', kind: 'neuron' })).toEqual({ x: 600, y: 0 });
  });

  it('moves off a label as well as off a node', () => {
    const e = defaultExperiment();
    const nodes = layoutNodes(e);
    const decor = decorOf(e, nodes);
    // Right on the driver's label "Driver" (below it): clear of its circle, not of its text.
    const spot = freeSpot(nodes, { x: 0, y: 62 }, { id: 'n1', kind: 'neuron' }, decor);
    const own = footprint({ id: 'n1', kind: 'neuron', label: null, ...spot });
    for (const n of nodes) expect(boxesClash(own, footprint(n, decor.get(n.id)), FOOTPRINT_GAP), n.id).toBe(false);
    expect(Math.hypot(spot.x, spot.y - 62)).toBeLessThan(160);
  });

  it('keeps off the edges\u2019 lines and labels', () => {
    const e = defaultExperiment();
    const nodes = layoutNodes(e);
    const edges = layoutEdges(e, nodes);
    const decor = decorOf(e, nodes);
    const [toFollower] = edges;
    // Right on the middle of driver -> follower, where its "2 ms" label is.
    const spot = freeSpot(nodes, toFollower.route.mid, { id: 'n1', kind: 'neuron' }, decor, edges);
    const own = footprint({ id: 'n1', kind: 'neuron', label: null, ...spot });
    for (const edge of edges) {
      const a = nodes.find((n) => n.id === edge.from) as LayoutNode;
      const b = nodes.find((n) => n.id === edge.to) as LayoutNode;
      expect(segmentHitsBox(a, edge.route.mid, own) || segmentHitsBox(edge.route.mid, b, own), edge.key).toBe(false);
      const label = edge.route.labelAt;
      expect(own.x0 <= label.x && label.x <= own.x1 && own.y0 <= label.y && label.y <= own.y1).toBe(false);
    }
    // Without the edges it would have sat there.
    expect(freeSpot(nodes, toFollower.route.mid, { id: 'n1', kind: 'neuron' }, decor)).toEqual({ x: Math.round(toFollower.route.mid.x), y: Math.round(toFollower.route.mid.y) });
  });

  it('clips segments against boxes', () => {
    const box = { x0: 0, y0: 0, x1: 10, y1: 10 };
    expect(segmentHitsBox({ x: -5, y: 5 }, { x: 15, y: 5 }, box)).toBe(true);
    expect(segmentHitsBox({ x: -5, y: -5 }, { x: 15, y: -1 }, box)).toBe(false);
    expect(segmentHitsBox({ x: -5, y: 20 }, { x: 20, y: -5 }, box)).toBe(true);
    expect(segmentHitsBox({ x: 11, y: 20 }, { x: 20, y: 11 }, box)).toBe(false);
  });

  it('puts ten neurons added at the same place side by side, none on another or its label', () => {
    let nodes = layoutNodes(defaultExperiment());
    for (let k = 1; k <= 10; k++) {
      const id = `n${k}`;
      const at = freeSpot(nodes, { x: 100, y: 0 }, { id, kind: 'neuron' });
      nodes = [...nodes, { id, kind: 'neuron', label: null, role: 'excitatory', size: 1, placed: true, ...at }];
    }
    expect(clashes(nodes)).toEqual([]);
    // Near where they were asked for: a compact cluster, not a line to the horizon.
    const box = bounds(nodes);
    expect(box && box.x1 - box.x0).toBeLessThan(800);
  });

  it('shifts duplicates clear of the originals and of every other node', () => {
    const e = defaultExperiment();
    const nodes = layoutNodes(e);
    const decor = decorOf(e, nodes);
    const offset = freeOffset(nodes, ['driver', 'follower'], decor);
    expect(Math.hypot(offset.x, offset.y)).toBeGreaterThan(0);
    const copies = nodes
      .filter((n) => n.id === 'driver' || n.id === 'follower')
      .map((n) => ({ ...n, id: `${n.id}_copy1`, x: n.x + offset.x, y: n.y + offset.y }));
    const all = [...nodes, ...copies];
    const allDecor = decorOf(e, all);
    // Each copy clears every original, drawn as before.
    for (const c of copies) {
      const box = footprint(c);
      for (const n of nodes) expect(boxesClash(box, footprint(n, decor.get(n.id)), FOOTPRINT_GAP), `${c.id}/${n.id}`).toBe(false);
    }
    expect(clashes(all, allDecor).filter((pair) => pair.includes('_copy1'))).toEqual([]);
  });

  it('gives new populations room of their own, one after another', () => {
    let e = defaultExperiment();
    for (const id of ['P1', 'P2', 'P3']) {
      e = addPopulation(e, { ...izhikevich2003Network().populations[0], id, size: 50, position: freePosition(e, id) });
    }
    const nodes = layoutNodes(e);
    expect(clashes(nodes, decorOf(e, nodes))).toEqual([]);
  });
});

describe('laying out nodes without a position', () => {
  it('lays a chain out left to right in one row', () => {
    const nodes = layoutNodes(withoutPositions(example('feed-forward-chain')));
    const ys = new Set(nodes.map((n) => n.y));
    expect(ys.size).toBe(1);
    for (let k = 1; k < nodes.length; k++) expect(nodes[k].x).toBeGreaterThan(nodes[k - 1].x + 100);
  });

  it('is deterministic and draws nothing from Math.random', () => {
    const spy = vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('the layout must not be random');
    });
    const e = withoutPositions(example('half-centre-oscillator'));
    const first = layoutNodes(e);
    expect(layoutNodes(structuredClone(e))).toEqual(first);
    expect(spy).not.toHaveBeenCalled();
  });

  it('spreads a recurrent ring and 300 unconnected neurons over distinct, non-overlapping places in a compact block', () => {
    const ring = defaultExperiment();
    ring.neurons = ['a', 'b', 'c', 'd'].map((id) => neuron(id));
    ring.connections = ['a', 'b', 'c', 'd'].map((pre, k) => ({ pre, post: ['b', 'c', 'd', 'a'][k], synapse: 'AMPA', weight: 1, delay: 1 }));
    ring.inputs = [{ id: 'kick', kind: 'constant', target: 'c', amplitude: 5 }];
    ring.recording = { watch: [], variables: ['v'] };
    const ringNodes = layoutNodes(ring);
    expect(clashes(ringNodes, decorOf(ring, ringNodes), FOOTPRINT_GAP)).toEqual([]);
    // The driven neuron starts the layers: c, d, a, b left to right.
    expect([...ringNodes].sort((p, q) => p.x - q.x).map((n) => n.id)).toEqual(['c', 'd', 'a', 'b']);

    const many = defaultExperiment();
    many.neurons = Array.from({ length: 300 }, (_, k) => neuron(`n${k}`));
    many.connections = [];
    many.inputs = [];
    many.recording = { watch: [], variables: ['v'] };
    const nodes = layoutNodes(many);
    expect(new Set(nodes.map((n) => `${n.x},${n.y}`)).size).toBe(300);
    expect(clashes(nodes, undefined, FOOTPRINT_GAP)).toEqual([]);
    const box = bounds(nodes) as Box;
    const width = box.x1 - box.x0;
    const height = box.y1 - box.y0;
    // About a panel's shape, so Fit shows it whole at a readable size (a 1000 x 400 px panel: scale >= 0.3).
    expect(width / height).toBeGreaterThan(1);
    expect(width / height).toBeLessThan(4);
    expect(Math.min(1000 / width, 400 / height)).toBeGreaterThan(0.15);
  });

  it('puts the nodes without a position beside the placed ones, clear of them', () => {
    const e = defaultExperiment();
    e.neurons = [...e.neurons, neuron('x1'), neuron('x2'), neuron('x3')];
    e.connections = [...e.connections, { pre: 'x1', post: 'x2', synapse: 'AMPA', weight: 1, delay: 1 }];
    const nodes = layoutNodes(e);
    expect(nodes.slice(0, 3).map((n) => [n.x, n.y])).toEqual([[0, 0], [200, -80], [200, 80]]);
    expect(clashes(nodes, decorOf(e, nodes), FOOTPRINT_GAP)).toEqual([]);
    for (const n of nodes.slice(3)) expect(n.x).toBeGreaterThan(250);
  });

  it('lays out the 2003 network\u2019s populations and a mix of populations and neurons without overlap', () => {
    const e = withoutPositions(izhikevich2003Network());
    e.neurons = [neuron('probe')];
    e.projections = [...e.projections];
    const nodes = layoutNodes(e);
    expect(clashes(nodes, decorOf(e, nodes), FOOTPRINT_GAP)).toEqual([]);
  });

  it('pins the laid-out places into the experiment, and a pinned experiment lays out the same', () => {
    const e = withoutPositions(example('feed-forward-chain'));
    const pinned = pinLayout(e);
    expect(pinned.neurons.every((n) => n.position !== undefined)).toBe(true);
    expect(layoutNodes(pinned).map((n) => [n.id, n.x, n.y])).toEqual(layoutNodes(e).map((n) => [n.id, n.x, n.y]));
    expect(pinLayout(pinned)).toBe(pinned);
    expect(validateExperiment(pinned).ok).toBe(true);
  });
});
