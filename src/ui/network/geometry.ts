/**
 * Geometry of the network diagram, as pure functions of the experiment: where each node is, what it
 * looks like, and the path, end marker and label of every synapse and projection edge. World units
 * (the experiment's `position` coordinates); the view's zoom maps them to the screen.
 */
import { distributionMean } from '../../core/experiment/distribution.ts';
import { groupOf } from '../../core/experiment/structure.ts';
import type {
  ConnectionRule,
  ConnectionSpec,
  Distribution,
  Experiment,
  NeuronRole,
  ProjectionSpec,
  SynapseTypeSpec,
} from '../../core/experiment/types.ts';

export const NEURON_RADIUS = 22;
export const POPULATION_WIDTH = 164;
/** Populations up to this size show each of their neurons as a dot that flashes when it spikes. */
export const MAX_EXPANDED_POPULATION = 16;
export const POPULATION_HEIGHT = 56;
export const POPULATION_CORNER = 14;
/** Sideways distance between the middles of edges that join the same two nodes. */
const PARALLEL_SPACING = 44;

export type NodeKind = 'neuron' | 'population';

export interface Point {
  x: number;
  y: number;
}

export interface LayoutNode extends Point {
  id: string;
  kind: NodeKind;
  /** The label, when it differs from the id. */
  label: string | null;
  role: NeuronRole;
  /** Neurons in a population (1 for a single neuron). */
  size: number;
  /** False when the experiment gives no position (the node was laid out: placement.ts). */
  placed: boolean;
}

/** Half width and half height of a node's shape. */
export function nodeExtent(node: Pick<LayoutNode, 'kind'>): { hw: number; hh: number } {
  return node.kind === 'neuron'
    ? { hw: NEURON_RADIUS, hh: NEURON_RADIUS }
    : { hw: POPULATION_WIDTH / 2, hh: POPULATION_HEIGHT / 2 };
}

/** Where a ray from the node's centre in direction (dx, dy) leaves its shape. */
export function boundaryPoint(node: LayoutNode, dx: number, dy: number): Point {
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  if (node.kind === 'neuron') return { x: node.x + ux * NEURON_RADIUS, y: node.y + uy * NEURON_RADIUS };
  const { hw, hh } = nodeExtent(node);
  const t = Math.min(ux === 0 ? Infinity : hw / Math.abs(ux), uy === 0 ? Infinity : hh / Math.abs(uy));
  return { x: node.x + ux * t, y: node.y + uy * t };
}

/** The node whose shape contains the point (with a few units of slack), topmost (last drawn) first. */
export function nodeAt(nodes: readonly LayoutNode[], p: Point, slack = 6): LayoutNode | null {
  for (let k = nodes.length - 1; k >= 0; k--) {
    const n = nodes[k];
    if (n.kind === 'neuron') {
      if (Math.hypot(p.x - n.x, p.y - n.y) <= NEURON_RADIUS + slack) return n;
    } else {
      const { hw, hh } = nodeExtent(n);
      if (Math.abs(p.x - n.x) <= hw + slack && Math.abs(p.y - n.y) <= hh + slack) return n;
    }
  }
  return null;
}

/** Nodes whose centres lie in the rectangle spanned by two corners. */
export function nodesInBox(nodes: readonly LayoutNode[], a: Point, b: Point): LayoutNode[] {
  const x0 = Math.min(a.x, b.x);
  const x1 = Math.max(a.x, b.x);
  const y0 = Math.min(a.y, b.y);
  const y1 = Math.max(a.y, b.y);
  return nodes.filter((n) => n.x >= x0 && n.x <= x1 && n.y >= y0 && n.y <= y1);
}

/** The bounding box of all nodes' shapes with their labels (null when there are none). */
export function bounds(nodes: readonly LayoutNode[], sides?: ReadonlyMap<string, LabelSide>): { x0: number; y0: number; x1: number; y1: number } | null {
  if (nodes.length === 0) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const n of nodes) {
    const { hw, hh } = nodeExtent(n);
    const side = n.kind === 'neuron' ? (sides?.get(n.id) ?? 'below') : null;
    // Room for a self-loop above, an input on the left and the id and label beside a neuron.
    x0 = Math.min(x0, n.x - hw - (side === 'left' ? 80 : 40));
    x1 = Math.max(x1, n.x + hw + (side === 'right' ? 80 : 40));
    y0 = Math.min(y0, n.y - hh - (side === 'above' ? 72 : 56));
    y1 = Math.max(y1, n.y + hh + (side === 'below' ? 36 : 14));
  }
  return { x0, y0, x1, y1 };
}

/** Where a neuron's id and label go: below it unless edges leave that way. */
export type LabelSide = 'below' | 'right' | 'above' | 'left';

const SIDE_ANGLES: readonly [LabelSide, number][] = [
  ['below', Math.PI / 2],
  ['right', 0],
  ['above', -Math.PI / 2],
  ['left', Math.PI],
];

function angleGap(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return d > Math.PI ? 2 * Math.PI - d : d;
}

/** Where a neuron's labels and its input marker go, clear of its edges. */
export interface NodeDecor {
  labelSide: LabelSide;
  /** Direction (radians, screen coordinates) the input marker comes from; null when nothing drives the node. */
  inputAngle: number | null;
}

const INPUT_ANGLES: readonly number[] = [Math.PI, (-3 * Math.PI) / 4, (3 * Math.PI) / 4, -Math.PI / 2, Math.PI / 2, -Math.PI / 4, Math.PI / 4, 0];

/**
 * For each neuron: the input marker comes from the left unless an edge arrives within 40 degrees of
 * it (then from the freest of eight directions); the labels go below unless an edge or the input
 * leaves within 50 degrees of straight down (then to the freest side). Self-loops take the top.
 */
export function nodeDecor(nodes: readonly LayoutNode[], edges: readonly Pick<LayoutEdge, 'from' | 'to'>[], driven: ReadonlySet<string>): Map<string, NodeDecor> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const angles = new Map<string, number[]>();
  const add = (id: string, angle: number) => {
    const list = angles.get(id);
    if (list) list.push(angle);
    else angles.set(id, [angle]);
  };
  for (const e of edges) {
    const a = byId.get(e.from);
    const b = byId.get(e.to);
    if (!a || !b) continue;
    if (a === b) {
      add(a.id, -Math.PI / 2);
      continue;
    }
    add(a.id, Math.atan2(b.y - a.y, b.x - a.x));
    add(b.id, Math.atan2(a.y - b.y, a.x - b.x));
  }
  const decor = new Map<string, NodeDecor>();
  const degrees = (d: number) => (d * Math.PI) / 180;
  for (const n of nodes) {
    if (n.kind !== 'neuron') continue;
    const used = (angles.get(n.id) ?? []).slice();
    const clearance = (angle: number) => Math.min(Math.PI, ...used.map((u) => angleGap(u, angle)));
    const freest = (candidates: readonly number[], keepFirstAbove: number): number => {
      let best = candidates[0];
      let bestClearance = clearance(best);
      if (bestClearance >= keepFirstAbove) return best;
      for (const angle of candidates) {
        const c = clearance(angle);
        if (c > bestClearance + 1e-9) {
          best = angle;
          bestClearance = c;
        }
      }
      return best;
    };
    let inputAngle: number | null = null;
    if (driven.has(n.id)) {
      inputAngle = freest(INPUT_ANGLES, degrees(40));
      used.push(inputAngle);
    }
    const sideAngle = freest(
      SIDE_ANGLES.map(([, angle]) => angle),
      degrees(50),
    );
    const labelSide = SIDE_ANGLES.find(([, angle]) => angle === sideAngle)?.[0] ?? 'below';
    decor.set(n.id, { labelSide, inputAngle });
  }
  return decor;
}

// ---------- What an edge means ----------

export type Effect = 'excitatory' | 'inhibitory';


/** Excitatory conductances (reversal at or above -20 mV), write-up synapses by effect, currents by sign. */
export function synapseEffect(type: SynapseTypeSpec | undefined, weight: number): Effect {
  if (!type) return weight >= 0 ? 'excitatory' : 'inhibitory';
  switch (type.kind) {
    case 'expConductance':
    case 'expTwoConductance':
    case 'alphaConductance':
      return type.erev >= -20 ? 'excitatory' : 'inhibitory';
    case 'writeup':
      return type.effect;
    case 'current':
      return weight > 0 ? 'excitatory' : 'inhibitory';
  }
}

/** Line width of a synapse, px at zoom 1: grows with |weight|, between 1 and 6. */
export function edgeWidth(weight: number): number {
  const w = Math.abs(weight) * 1.5;
  return Math.min(6, Math.max(1, Number.isFinite(w) ? w : 1));
}

/** "all-to-all", "p=0.1", "k_in=10", "k_out=10". */
export function ruleLabel(rule: ConnectionRule): string {
  switch (rule.rule) {
    case 'all-to-all':
      return 'all-to-all';
    case 'probability':
      return `p=${rule.p}`;
    case 'in-degree':
      return `k_in=${rule.k}`;
    case 'out-degree':
      return `k_out=${rule.k}`;
  }
}

function formatDistribution(d: Distribution): string {
  if (typeof d === 'number') return String(d);
  switch (d.dist) {
    case 'uniform':
      return `uniform ${d.min}..${d.max}`;
    case 'normal':
      return `normal(${d.mean}, ${d.sd})`;
    case 'r':
      return `${d.base} + ${d.scale} r^${d.power}`;
  }
}

/** "2 ms", without binary noise. */
export function delayLabel(delay: number): string {
  return `${Number(delay.toPrecision(6))} ms`;
}

// ---------- Edge routes ----------

export interface EndMarker {
  kind: 'arrow' | 'dot';
  /** Arrow: the triangle's path; dot: centre and radius. */
  path?: string;
  cx?: number;
  cy?: number;
  r?: number;
}

export interface EdgeRoute {
  /** The line, ending where the marker begins. */
  path: string;
  marker: EndMarker;
  /** Where the label goes (beside the middle of the line). */
  labelAt: Point;
  /** The middle of the line. */
  mid: Point;
}

function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}

function markerLength(effect: Effect, width: number): number {
  return effect === 'excitatory' ? 9 + width * 1.4 : 3.5 + width * 0.6;
}

/** The end marker at `tip`, arriving in unit direction (ux, uy); returns it and where the line should stop. */
function endMarker(tip: Point, ux: number, uy: number, effect: Effect, width: number): { marker: EndMarker; stop: Point } {
  if (effect === 'excitatory') {
    const len = markerLength(effect, width);
    const half = 4.5 + width * 0.8;
    const bx = tip.x - ux * len;
    const by = tip.y - uy * len;
    const path = `M${fmt(tip.x)},${fmt(tip.y)}L${fmt(bx - uy * half)},${fmt(by + ux * half)}L${fmt(bx + uy * half)},${fmt(by - ux * half)}Z`;
    // Stop the line inside the arrowhead so a thick line does not show past its base.
    return { marker: { kind: 'arrow', path }, stop: { x: bx + ux * 2, y: by + uy * 2 } };
  }
  const r = markerLength(effect, width);
  const cx = tip.x - ux * r;
  const cy = tip.y - uy * r;
  return { marker: { kind: 'dot', cx, cy, r }, stop: { x: cx, y: cy } };
}

function unit(dx: number, dy: number): Point {
  const len = Math.hypot(dx, dy) || 1;
  return { x: dx / len, y: dy / len };
}

/**
 * An edge between two different nodes: straight when offset is 0, else a quadratic curve whose middle
 * lies `offset` units to the left of the direction a -> b.
 */
export function routeBetween(a: LayoutNode, b: LayoutNode, offset: number, effect: Effect, width: number, gap = 3): EdgeRoute {
  const d = unit(b.x - a.x, b.y - a.y);
  // Left normal of a -> b (screen coordinates, y down).
  const nx = d.y;
  const ny = -d.x;
  const mx = (a.x + b.x) / 2;
  const my = (a.y + b.y) / 2;
  const c = { x: mx + nx * offset * 2, y: my + ny * offset * 2 };
  const start = boundaryPoint(a, c.x - a.x, c.y - a.y);
  const rawEnd = boundaryPoint(b, c.x - b.x, c.y - b.y);
  const u = unit(rawEnd.x - c.x, rawEnd.y - c.y);
  const tip = { x: rawEnd.x - u.x * gap, y: rawEnd.y - u.y * gap };
  const { marker, stop } = endMarker(tip, u.x, u.y, effect, width);
  const path =
    offset === 0
      ? `M${fmt(start.x)},${fmt(start.y)}L${fmt(stop.x)},${fmt(stop.y)}`
      : `M${fmt(start.x)},${fmt(start.y)}Q${fmt(c.x)},${fmt(c.y)} ${fmt(stop.x)},${fmt(stop.y)}`;
  const mid = { x: 0.25 * start.x + 0.5 * c.x + 0.25 * tip.x, y: 0.25 * start.y + 0.5 * c.y + 0.25 * tip.y };
  // Labels sit beside the line, on the side it bends to (the left for a straight line).
  const side = offset < 0 ? -1 : 1;
  const labelAt = { x: mid.x + nx * 11 * side, y: mid.y + ny * 11 * side };
  return { path, marker, labelAt, mid };
}

/** The k-th loop of a node onto itself (0 = innermost), above the node. */
export function routeLoop(node: LayoutNode, k: number, effect: Effect, width: number): EdgeRoute {
  let p0: Point;
  let p3: Point;
  let c1: Point;
  let c2: Point;
  if (node.kind === 'neuron') {
    // A teardrop above the node, leaving and entering 0.5 rad either side of the top.
    const r = NEURON_RADIUS;
    const a0 = -Math.PI / 2 - 0.5;
    const a1 = -Math.PI / 2 + 0.5;
    const w = r * (1.2 + 0.35 * k);
    const h = r * (3 + 0.9 * k);
    p0 = { x: node.x + r * Math.cos(a0), y: node.y + r * Math.sin(a0) };
    p3 = { x: node.x + r * Math.cos(a1), y: node.y + r * Math.sin(a1) };
    c1 = { x: node.x - w, y: node.y - h };
    c2 = { x: node.x + w, y: node.y - h };
  } else {
    const { hw, hh } = nodeExtent(node);
    const top = node.y - hh;
    // A population's loops sit on its right half, so two (E->E and a synapse) do not overlap much.
    const x = node.x + hw * 0.45;
    const w = 26 + 10 * k;
    const h = 62 + 24 * k;
    p0 = { x: x - w / 2, y: top };
    p3 = { x: x + w / 2, y: top };
    c1 = { x: x - w * 1.3, y: top - h };
    c2 = { x: x + w * 1.3, y: top - h };
  }
  const u = unit(p3.x - c2.x, p3.y - c2.y);
  const tip = { x: p3.x - u.x * 2, y: p3.y - u.y * 2 };
  const { marker, stop } = endMarker(tip, u.x, u.y, effect, width);
  const path = `M${fmt(p0.x)},${fmt(p0.y)}C${fmt(c1.x)},${fmt(c1.y)} ${fmt(c2.x)},${fmt(c2.y)} ${fmt(stop.x)},${fmt(stop.y)}`;
  const mid = {
    x: (p0.x + 3 * c1.x + 3 * c2.x + tip.x) / 8,
    y: (p0.y + 3 * c1.y + 3 * c2.y + tip.y) / 8,
  };
  return { path, marker, labelAt: { x: mid.x, y: mid.y - 8 }, mid };
}

// ---------- All edges of an experiment ----------

export type EdgeKind = 'connection' | 'projection';

export interface LayoutEdge {
  kind: EdgeKind;
  /** Connection: its index in experiment.connections; projection: its id. */
  key: string;
  index: number;
  pre: string;
  post: string;
  /** Nodes the edge joins (a population member `E[3]` is drawn from or to the population `E`). */
  from: string;
  to: string;
  synapse: string;
  effect: Effect;
  width: number;
  /** Small text at the edge's middle: the delay of a synapse, the rule of a projection. */
  label: string;
  /** Longer description for the tooltip and screen readers. */
  description: string;
  route: EdgeRoute;
}

function describeConnection(c: ConnectionSpec, effect: Effect): string {
  return `Synapse ${c.pre} \u2192 ${c.post}: ${c.synapse} (${effect}), weight ${c.weight}, delay ${delayLabel(c.delay)}`;
}

function describeProjection(p: ProjectionSpec, effect: Effect): string {
  return (
    `Projection ${p.id}: ${p.pre} \u2192 ${p.post}, ${ruleLabel(p.connect)}, ${p.synapse} (${effect}), ` +
    `weight ${formatDistribution(p.weight)}, delay ${formatDistribution(p.delay)} ms`
  );
}

/** Every connection and projection with its route; edges between the same two nodes bend apart. */
export function layoutEdges(experiment: Experiment, nodes: readonly LayoutNode[]): LayoutEdge[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const types = new Map(experiment.synapseTypes.map((t) => [t.id, t]));
  type Draft = Omit<LayoutEdge, 'route'>;
  const drafts: Draft[] = [];
  experiment.connections.forEach((c, index) => {
    const from = groupOf(c.pre);
    const to = groupOf(c.post);
    if (!byId.has(from) || !byId.has(to)) return;
    const effect = synapseEffect(types.get(c.synapse), c.weight);
    drafts.push({
      kind: 'connection', key: String(index), index, pre: c.pre, post: c.post, from, to, synapse: c.synapse,
      effect, width: edgeWidth(c.weight), label: delayLabel(c.delay), description: describeConnection(c, effect),
    });
  });
  experiment.projections.forEach((p, index) => {
    const from = groupOf(p.pre);
    const to = groupOf(p.post);
    if (!byId.has(from) || !byId.has(to)) return;
    const effect = synapseEffect(types.get(p.synapse), distributionMean(p.weight));
    drafts.push({
      kind: 'projection', key: p.id, index, pre: p.pre, post: p.post, from, to, synapse: p.synapse,
      effect, width: 4, label: ruleLabel(p.connect), description: describeProjection(p, effect),
    });
  });

  // Group by unordered pair: the k-th of n edges between two nodes is offset from the straight line.
  const groups = new Map<string, Draft[]>();
  for (const d of drafts) {
    const key = d.from === d.to ? `self:${d.from}` : d.from < d.to ? `${d.from}\u0000${d.to}` : `${d.to}\u0000${d.from}`;
    const group = groups.get(key);
    if (group) group.push(d);
    else groups.set(key, [d]);
  }
  const routes = new Map<Draft, EdgeRoute>();
  for (const group of groups.values()) {
    group.forEach((d, k) => {
      const a = byId.get(d.from);
      const b = byId.get(d.to);
      if (!a || !b) return;
      if (d.from === d.to) {
        routes.set(d, routeLoop(a, k, d.effect, d.width));
        return;
      }
      // Offsets are measured in the pair's canonical direction (smaller id first), so a -> b and
      // b -> a bend to opposite sides.
      const canonical = d.from < d.to;
      const slot = group.length === 1 ? 0 : (k - (group.length - 1) / 2) * PARALLEL_SPACING;
      const offset = canonical ? slot : -slot;
      // Two opposite edges alone: each bends to its own left, so they never overlap.
      const opposite = group.length === 2 && group[0].from !== group[1].from;
      routes.set(d, routeBetween(a, b, opposite ? PARALLEL_SPACING / 2 : offset, d.effect, d.width));
    });
  }
  return drafts.flatMap((d) => {
    const route = routes.get(d);
    return route ? [{ ...d, route }] : [];
  });
}
