/**
 * Where nodes go when the experiment does not say: a layered layout for neurons and populations
 * without a position (sources on the left, each synapse pointing right where the graph allows), and
 * free space for new and duplicated nodes, clear of other nodes and of their labels. Pure and
 * deterministic (no randomness), so the same file always draws the same diagram.
 */
import { groupOf } from '../../core/experiment/structure.ts';
import type { Experiment } from '../../core/experiment/types.ts';
import { NEURON_RADIUS, nodeExtent, type LayoutEdge, type LayoutNode, type NodeDecor, type Point } from './geometry.ts';

/** An axis-aligned box in world units. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Room kept between the footprints of two nodes (edges and their labels pass there). */
export const FOOTPRINT_GAP = 16;
/** Width per character of a neuron's id (12 px monospace) and label (11 px sans), with slack. */
const ID_CHAR = 7.6;
const LABEL_CHAR = 6.6;
/** The shape with its hover ring. */
const NEURON_HALF = NEURON_RADIUS + 5;
/** The input marker's tail reaches this far past the shape's edge. */
const INPUT_REACH = 42;

/**
 * The box a node's drawing takes: its shape, its id and label on their side, and its input marker
 * (from `decor`; a neuron with no decor has its labels below and no input).
 */
export function footprint(node: Pick<LayoutNode, 'id' | 'kind' | 'label' | 'x' | 'y'>, decor?: NodeDecor): Box {
  let box: Box;
  if (node.kind === 'population') {
    const { hw, hh } = nodeExtent(node);
    box = { x0: -hw - 5, y0: -hh - 5, x1: hw + 5, y1: hh + 5 };
    if (decor?.inputAngle !== undefined && decor.inputAngle !== null) box.x0 = -hw - INPUT_REACH;
  } else {
    const r = NEURON_RADIUS;
    const text = Math.max(node.id.length * ID_CHAR, (node.label?.length ?? 0) * LABEL_CHAR);
    const halfText = Math.max(NEURON_HALF, text / 2);
    switch (decor?.labelSide ?? 'below') {
      case 'below':
        box = { x0: -halfText, x1: halfText, y0: -NEURON_HALF, y1: r + (node.label ? 34 : 20) };
        break;
      case 'above':
        box = { x0: -halfText, x1: halfText, y0: -r - (node.label ? 34 : 21), y1: NEURON_HALF };
        break;
      case 'right':
        box = { x0: -NEURON_HALF, x1: r + 8 + text, y0: -NEURON_HALF, y1: NEURON_HALF };
        break;
      case 'left':
        box = { x0: -r - 8 - text, x1: NEURON_HALF, y0: -NEURON_HALF, y1: NEURON_HALF };
        break;
    }
    const angle = decor?.inputAngle;
    if (angle !== undefined && angle !== null) {
      const tip = { x: Math.cos(angle) * (r + INPUT_REACH), y: Math.sin(angle) * (r + INPUT_REACH) };
      box = { x0: Math.min(box.x0, tip.x - 6), y0: Math.min(box.y0, tip.y - 6), x1: Math.max(box.x1, tip.x + 6), y1: Math.max(box.y1, tip.y + 6) };
    }
  }
  return { x0: node.x + box.x0, y0: node.y + box.y0, x1: node.x + box.x1, y1: node.y + box.y1 };
}

/** Whether two boxes come closer than `gap`. */
export function boxesClash(a: Box, b: Box, gap = 0): boolean {
  return a.x0 < b.x1 + gap && b.x0 < a.x1 + gap && a.y0 < b.y1 + gap && b.y0 < a.y1 + gap;
}

function shifted(box: Box, dx: number, dy: number): Box {
  return { x0: box.x0 + dx, y0: box.y0 + dy, x1: box.x1 + dx, y1: box.y1 + dy };
}

/** Offsets to try, nearest first: (0, 0), then rings of `step` around it, starting to the right. */
function* ringOffsets(step: number, rings = 60): Generator<Point> {
  yield { x: 0, y: 0 };
  for (let ring = 1; ring <= rings; ring++) {
    const count = 8 * ring;
    for (let k = 0; k < count; k++) {
      const angle = (2 * Math.PI * k) / count;
      yield { x: Math.round(ring * step * Math.cos(angle)), y: Math.round(ring * step * Math.sin(angle)) };
    }
  }
}

/** What a new node will look like, for finding it room. */
export interface NewNode {
  id: string;
  kind: LayoutNode['kind'];
  label?: string | null;
}

/** What of an edge a new node must keep clear of: its line and its label. */
export type EdgeObstacle = Pick<LayoutEdge, 'from' | 'to' | 'label'> & { route: Pick<LayoutEdge['route'], 'mid' | 'labelAt'> };

/** Width per character of an edge's label (10-11 px). */
const EDGE_LABEL_CHAR = 6.4;
/** The diagram shows edge labels up to this many edges (NetworkView): beyond, they are no obstacle. */
export const LABELLED_EDGES = 40;
/** Beyond this many edges the lines fill the diagram: a new node keeps clear of nodes and labels only. */
const AVOIDED_EDGES = 400;

/** Everything a new node must not cover: node footprints, edge labels and edge lines (as polylines). */
interface Obstacles {
  boxes: Box[];
  lines: [Point, Point][];
}

function obstaclesOf(nodes: readonly LayoutNode[], decor?: ReadonlyMap<string, NodeDecor>, edges: readonly EdgeObstacle[] = []): Obstacles {
  const boxes = nodes.map((n) => footprint(n, decor?.get(n.id)));
  const lines: [Point, Point][] = [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  if (edges.length > AVOIDED_EDGES) return { boxes, lines };
  for (const e of edges) {
    const { labelAt, mid } = e.route;
    if (edges.length <= LABELLED_EDGES) {
      const half = (e.label.length * EDGE_LABEL_CHAR) / 2;
      boxes.push({ x0: labelAt.x - half, y0: labelAt.y - 8, x1: labelAt.x + half, y1: labelAt.y + 8 });
    }
    const a = byId.get(e.from);
    const b = byId.get(e.to);
    if (!a || !b) continue;
    if (a === b) {
      // A loop rises above its node, through the middle of its route.
      boxes.push({ x0: a.x - 24, y0: Math.min(mid.y, a.y) - 8, x1: a.x + 24, y1: a.y });
      continue;
    }
    lines.push([a, mid], [mid, b]);
  }
  return { boxes, lines };
}

/** Whether the segment p-q passes through the box (Liang-Barsky clipping). */
export function segmentHitsBox(p: Point, q: Point, box: Box): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const edges: [number, number][] = [
    [-dx, p.x - box.x0],
    [dx, box.x1 - p.x],
    [-dy, p.y - box.y0],
    [dy, box.y1 - p.y],
  ];
  for (const [den, num] of edges) {
    if (den === 0) {
      if (num < 0) return false;
      continue;
    }
    const t = num / den;
    if (den < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

function clear(box: Box, obstacles: Obstacles): boolean {
  if (obstacles.boxes.some((t) => boxesClash(box, t, FOOTPRINT_GAP))) return false;
  const grown = { x0: box.x0 - 6, y0: box.y0 - 6, x1: box.x1 + 6, y1: box.y1 + 6 };
  return obstacles.lines.every(([p, q]) => !segmentHitsBox(p, q, grown));
}

/**
 * A spot near `near` where a new node's footprint clears every existing node's (drawn with `decor`)
 * by FOOTPRINT_GAP, and the edges' lines and labels: `near` itself when free, else the nearest free
 * point on rings around it.
 */
export function freeSpot(
  nodes: readonly LayoutNode[],
  near: Point,
  node: NewNode,
  decor?: ReadonlyMap<string, NodeDecor>,
  edges: readonly EdgeObstacle[] = [],
): Point {
  const obstacles = obstaclesOf(nodes, decor, edges);
  const start = { x: Math.round(near.x), y: Math.round(near.y) };
  const own = footprint({ ...node, label: node.label ?? null, x: start.x, y: start.y });
  for (const d of ringOffsets(node.kind === 'population' ? 48 : 32)) {
    if (clear(shifted(own, d.x, d.y), obstacles)) return { x: start.x + d.x, y: start.y + d.y };
  }
  return start;
}

/**
 * How far to move copies of `ids` (drawn where the originals are) so that none of them comes near
 * another node, edge or label, the originals included: the smallest such shift, preferring the right.
 */
export function freeOffset(
  nodes: readonly LayoutNode[],
  ids: readonly string[],
  decor?: ReadonlyMap<string, NodeDecor>,
  edges: readonly EdgeObstacle[] = [],
): Point {
  const moving = new Set(ids);
  const obstacles = obstaclesOf(nodes, decor, edges);
  // A copy has its label below and is not driven until its own decor says otherwise: leave room for both.
  const copies = nodes.filter((n) => moving.has(n.id)).map((n) => union(footprint(n, decor?.get(n.id)), footprint({ ...n, id: `${n.id}_copy` })));
  for (const d of ringOffsets(32)) {
    if (d.x === 0 && d.y === 0) continue;
    if (copies.every((c) => clear(shifted(c, d.x, d.y), obstacles))) return d;
  }
  return { x: 40, y: 40 };
}

function union(a: Box, b: Box): Box {
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

// ---------- Laying out nodes without a position ----------

/** Cell of one node in the layered layout, world units. */
const NEURON_CELL = { width: 150, height: 110 };
const POPULATION_CELL = { width: 250, height: 120 };
/** The layout aims at this width : height, about a diagram panel's. */
const TARGET_ASPECT = 1.8;
/** Space between the placed nodes and the block of laid-out ones. */
const BLOCK_GAP = 120;

interface Graph {
  ids: string[];
  /** Successors of each node, without self-loops and repeats, in the experiment's order. */
  next: Map<string, string[]>;
  prev: Map<string, string[]>;
}

function graphOf(ids: readonly string[], experiment: Experiment): Graph {
  const inGraph = new Set(ids);
  const next = new Map(ids.map((id) => [id, [] as string[]]));
  const prev = new Map(ids.map((id) => [id, [] as string[]]));
  const seen = new Set<string>();
  const link = (preRef: string, postRef: string) => {
    const a = groupOf(preRef);
    const b = groupOf(postRef);
    const key = `${a}\u0000${b}`;
    if (a === b || !inGraph.has(a) || !inGraph.has(b) || seen.has(key)) return;
    seen.add(key);
    next.get(a)?.push(b);
    prev.get(b)?.push(a);
  };
  for (const c of experiment.connections) link(c.pre, c.post);
  for (const p of experiment.projections) link(p.pre, p.post);
  return { ids: [...ids], next, prev };
}

/**
 * Columns of a layered layout: each node's column is its longest path from a source, over the graph
 * with the edges that close a cycle left out (found by a depth-first search that starts at the driven
 * nodes, then at nodes nothing reaches, in the experiment's order).
 */
export function layerOf(graph: Graph, driven: ReadonlySet<string>): Map<string, number> {
  const { ids, next, prev } = graph;
  const roots = [
    ...ids.filter((id) => driven.has(id)),
    ...ids.filter((id) => !driven.has(id) && (prev.get(id)?.length ?? 0) === 0),
    ...ids,
  ];
  const state = new Map<string, 'open' | 'done'>();
  const order: string[] = [];
  const back = new Set<string>();
  for (const root of roots) {
    if (state.has(root)) continue;
    // Iterative: a chain of thousands of neurons must not overflow the stack.
    const stack: { id: string; k: number }[] = [{ id: root, k: 0 }];
    state.set(root, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const succ = next.get(top.id) ?? [];
      if (top.k < succ.length) {
        const s = succ[top.k++];
        const st = state.get(s);
        if (st === 'open') back.add(`${top.id}\u0000${s}`);
        else if (st === undefined) {
          state.set(s, 'open');
          stack.push({ id: s, k: 0 });
        }
      } else {
        state.set(top.id, 'done');
        order.push(top.id);
        stack.pop();
      }
    }
  }
  const layer = new Map<string, number>();
  // Reverse finishing order is a topological order of the graph without back edges.
  for (let k = order.length - 1; k >= 0; k--) {
    const id = order[k];
    const from = (prev.get(id) ?? []).filter((p) => !back.has(`${p}\u0000${id}`));
    layer.set(id, from.reduce((m, p) => Math.max(m, (layer.get(p) ?? 0) + 1), 0));
  }
  return layer;
}

/**
 * Positions for `loose` nodes (those without one): layered columns, left to right, each column's
 * nodes ordered by where their inputs sit; a column taller than the block should be is wrapped into
 * several, and a row of columns wider than it should be into bands below each other. Beside
 * the `placed` nodes when there are some, else around (0, 0).
 */
export function layoutLoose(
  loose: readonly Pick<LayoutNode, 'id' | 'kind' | 'label'>[],
  placed: readonly LayoutNode[],
  experiment: Experiment,
): Map<string, Point> {
  const positions = new Map<string, Point>();
  const n = loose.length;
  if (n === 0) return positions;
  // A cell holds the node's footprint with room for edges around it (long labels widen it).
  const cells = new Map(
    loose.map((node) => {
      const base = node.kind === 'population' ? POPULATION_CELL : NEURON_CELL;
      const box = footprint({ ...node, x: 0, y: 0 });
      return [node.id, { width: Math.max(base.width, box.x1 - box.x0 + 60), height: base.height }];
    }),
  );
  const cellOf = (id: string) => cells.get(id) ?? NEURON_CELL;
  const graph = graphOf(
    loose.map((node) => node.id),
    experiment,
  );
  const driven = new Set(experiment.inputs.map((i) => groupOf(i.target)));
  const layer = layerOf(graph, driven);
  const layers: string[][] = [];
  for (const id of graph.ids) {
    const k = layer.get(id) ?? 0;
    while (layers.length <= k) layers.push([]);
    layers[k].push(id);
  }
  const anyPopulation = loose.some((node) => node.kind === 'population');
  const cell = anyPopulation ? POPULATION_CELL : NEURON_CELL;
  const maxRows = Math.max(3, Math.ceil(Math.sqrt((n * cell.width) / (TARGET_ASPECT * cell.height))));
  const maxColumns = Math.max(6, Math.ceil(1.5 * Math.sqrt((n * TARGET_ASPECT * cell.height) / cell.width)));

  // Order each layer by the mean row of its inputs in the layers before (ties: the experiment's order).
  const row = new Map<string, number>();
  const columns: string[][] = [];
  for (const members of layers) {
    const keyed = members.map((id, k) => {
      const inputs = (graph.prev.get(id) ?? []).filter((p) => row.has(p));
      const mean = inputs.length > 0 ? inputs.reduce((s, p) => s + (row.get(p) ?? 0), 0) / inputs.length : Infinity;
      return { id, mean, k };
    });
    keyed.sort((a, b) => (a.mean === b.mean ? a.k - b.k : a.mean < b.mean ? -1 : 1));
    for (let start = 0; start < keyed.length; start += maxRows) {
      const column = keyed.slice(start, start + maxRows).map((e) => e.id);
      column.forEach((id, r) => row.set(id, r - (column.length - 1) / 2));
      columns.push(column);
    }
  }

  // Columns left to right, wrapped into bands; each band as tall as its tallest column.
  let y = 0;
  const local = new Map<string, Point>();
  for (let b = 0; b < columns.length; b += maxColumns) {
    const band = columns.slice(b, b + maxColumns);
    const height = Math.max(...band.map((column) => column.reduce((s, id) => s + cellOf(id).height, 0)));
    let x = 0;
    for (const column of band) {
      const width = Math.max(...column.map((id) => cellOf(id).width));
      const total = column.reduce((s, id) => s + cellOf(id).height, 0);
      let cy = y + (height - total) / 2;
      for (const id of column) {
        const h = cellOf(id).height;
        local.set(id, { x: x + width / 2, y: cy + h / 2 });
        cy += h;
      }
      x += width;
    }
    y += height;
  }

  let xs = Infinity;
  let xe = -Infinity;
  let ys = Infinity;
  let ye = -Infinity;
  for (const [id, p] of local) {
    const { width, height } = cellOf(id);
    xs = Math.min(xs, p.x - width / 2);
    xe = Math.max(xe, p.x + width / 2);
    ys = Math.min(ys, p.y - height / 2);
    ye = Math.max(ye, p.y + height / 2);
  }
  let dx = -(xs + xe) / 2;
  let dy = -(ys + ye) / 2;
  if (placed.length > 0) {
    // To the right of the placed nodes, level with their middle.
    const boxes = placed.map((p) => footprint(p));
    const right = Math.max(...boxes.map((b) => b.x1));
    const top = Math.min(...boxes.map((b) => b.y0));
    const bottom = Math.max(...boxes.map((b) => b.y1));
    dx = right + BLOCK_GAP - xs;
    dy = (top + bottom) / 2 - (ys + ye) / 2;
  }
  for (const [id, p] of local) positions.set(id, { x: Math.round(p.x + dx), y: Math.round(p.y + dy) });
  return positions;
}

/** Every neuron and population as a node; the ones without a position are laid out (layoutLoose). */
export function layoutNodes(experiment: Experiment): LayoutNode[] {
  const nodes: LayoutNode[] = [
    ...experiment.neurons.map((n) => ({
      id: n.id,
      kind: 'neuron' as const,
      label: n.label && n.label !== n.id ? n.label : null,
      role: n.role ?? 'excitatory',
      size: 1,
      x: n.position?.x ?? 0,
      y: n.position?.y ?? 0,
      placed: n.position !== undefined,
    })),
    ...experiment.populations.map((p) => ({
      id: p.id,
      kind: 'population' as const,
      label: p.label && p.label !== p.id ? p.label : null,
      role: p.role ?? 'excitatory',
      size: p.size,
      x: p.position?.x ?? 0,
      y: p.position?.y ?? 0,
      placed: p.position !== undefined,
    })),
  ];
  const loose = nodes.filter((n) => !n.placed);
  if (loose.length === 0) return nodes;
  const positions = layoutLoose(
    loose,
    nodes.filter((n) => n.placed),
    experiment,
  );
  for (const node of loose) {
    const p = positions.get(node.id);
    if (p) {
      node.x = p.x;
      node.y = p.y;
    }
  }
  return nodes;
}

/**
 * The experiment with every node at the place the diagram shows it: an edit that places one node
 * (adding, duplicating, moving) then leaves the others where they were instead of laying them out again.
 */
export function pinLayout(experiment: Experiment): Experiment {
  const loose = layoutNodes(experiment).filter((n) => !n.placed);
  if (loose.length === 0) return experiment;
  const at = new Map(loose.map((n) => [n.id, { x: n.x, y: n.y }]));
  return {
    ...experiment,
    neurons: experiment.neurons.map((n) => (n.position ? n : { ...n, position: at.get(n.id) ?? { x: 0, y: 0 } })),
    populations: experiment.populations.map((p) => (p.position ? p : { ...p, position: at.get(p.id) ?? { x: 0, y: 0 } })),
  };
}
