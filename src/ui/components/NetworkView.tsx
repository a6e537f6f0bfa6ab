/**
 * The network editor: the experiment's neurons, populations, synapses and projections as a diagram
 * (SVG; d3-zoom pans and zooms, d3-drag moves nodes and draws connections). Every structural edit goes
 * through the lab store's `change` (validated, one undo step, the run continues with the new network);
 * the multi-selection lives in network/selection.ts. Nodes flash as their neurons spike.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import * as d3 from 'd3';
import { matchPreset } from '../../core/experiment/presets.ts';
import { groupOf } from '../../core/experiment/structure.ts';
import type { InputSpec } from '../../core/experiment/types.ts';
import { describeSpikeSource } from '../../core/engine/spikeSources.ts';
import { useElementSize } from '../hooks.ts';
import { useLabStore } from '../store.ts';
import { useSpikeFlash } from '../network/activity.ts';
import { addNeuronNear, commitMove, connectNodes, deleteSelected, duplicateSelected } from '../network/commands.ts';
import { LABELLED_EDGES, layoutNodes } from '../network/placement.ts';
import {
  boundaryPoint,
  bounds,
  nodeDecor,
  layoutEdges,
  nodeAt,
  nodesInBox,
  type LayoutEdge,
  type LayoutNode,
  type Point,
} from '../network/geometry.ts';
import { KEYBOARD_HELP, NUDGE, keyCommand, nearestInDirection } from '../network/keyboard.ts';
import { NetworkToolbar, type RenameRequest } from '../network/NetworkToolbar.tsx';
import { isSelected, useNetworkSelection, type SelectionItem } from '../network/selection.ts';
import { EdgeFocus, EdgeShape, NodeShape } from '../network/shapes.tsx';
import { announce, useNetworkStatus } from '../network/status.ts';
import '../network/network.css';

const MAX_FIT_SCALE = 1.3;
/** Fit zooms out this far at most (the zoom's own limit), so a laid-out network of hundreds still shows whole. */
const MIN_SCALE = 0.08;

type Gesture =
  | { kind: 'move'; ids: string[]; origin: Map<string, Point>; start: Point; moved: boolean }
  | { kind: 'connect'; from: string; left: boolean };

/** What is drawn over the diagram while a pointer gesture is in progress. */
type Overlay =
  | { kind: 'move'; positions: Map<string, Point> }
  | { kind: 'connect'; from: string; to: Point; over: string | null }
  | { kind: 'box'; a: Point; b: Point }
  | null;

function describeInput(input: InputSpec): string {
  switch (input.kind) {
    case 'constant':
      return `${input.id}: constant ${input.amplitude} pA`;
    case 'pulse':
      return `${input.id}: pulse ${input.amplitude} pA from ${input.start} ms${input.period ? `, every ${input.period} ms` : ''}`;
    case 'noise':
      return `${input.id}: noise, mean ${input.mean}, sd ${input.sd} pA`;
    case 'poisson':
      return `${input.id}: Poisson ${input.rate} Hz through ${input.synapse}`;
    case 'sine':
      return `${input.id}: sine ${input.amplitude} pA, period ${input.period} ms, from ${input.start} ms`;
    case 'recorded':
      return `${input.id}: recorded current${input.source ? ` from ${input.source}` : ''}`;
    case 'spikeSource':
      return `${input.id}: ${describeSpikeSource(input)}`;
  }
}

function primarySelect(node: LayoutNode): void {
  const store = useLabStore.getState();
  if (node.kind === 'neuron') store.selectNeuron(node.id);
  else store.selectPopulation(node.id);
}

function primarySelectEdge(edge: LayoutEdge): void {
  const store = useLabStore.getState();
  if (edge.kind === 'connection') store.selectConnection(edge.index);
  else store.selectProjection(edge.key);
}

function edgeItem(edge: LayoutEdge): SelectionItem {
  return edge.kind === 'connection' ? { kind: 'connection', index: edge.index } : { kind: 'projection', id: edge.key };
}

function isBackground(target: EventTarget | null): boolean {
  return !(target instanceof Element) || target.closest('[data-node-id], [data-edge-key], [data-edge-focus]') === null;
}

// Node and edge activation read the stores when they run, so the memoized click handlers that call
// them never act on an old render's state.

function beginConnect(node: LayoutNode): void {
  useNetworkSelection.getState().setConnectFrom(node.id);
  announce(`Connecting from ${node.id}: choose the target (click it, or move to it and press Enter); Escape cancels.`);
}

function selectNode(node: LayoutNode, toggle: boolean): void {
  const sel = useNetworkSelection.getState();
  if (toggle) sel.toggle({ kind: 'node', id: node.id });
  else sel.selectOnly({ kind: 'node', id: node.id });
  if (useNetworkSelection.getState().nodes.includes(node.id)) primarySelect(node);
}

/** Click, Enter or Space on a node: finish or start a connection, else select it. */
function activateNode(node: LayoutNode, toggle: boolean): void {
  const sel = useNetworkSelection.getState();
  if (sel.connectFrom !== null) {
    connectNodes(sel.connectFrom, node.id);
    return;
  }
  if (sel.mode === 'connect') {
    beginConnect(node);
    return;
  }
  selectNode(node, toggle);
}

function activateEdge(edge: LayoutEdge, toggle: boolean): void {
  const sel = useNetworkSelection.getState();
  sel.setConnectFrom(null);
  if (toggle) sel.toggle(edgeItem(edge));
  else sel.selectOnly(edgeItem(edge));
  if (isSelected(useNetworkSelection.getState(), edgeItem(edge))) primarySelectEdge(edge);
}

export interface NetworkViewProps {
  /** Hides the view (the layout shows a bar to bring it back); no Hide button when absent. */
  onHide?: () => void;
}

export function NetworkView({ onHide }: NetworkViewProps = {}) {
  const experiment = useLabStore((s) => s.experiment);
  const network = useLabStore((s) => s.network);
  const selection = useNetworkSelection();
  const status = useNetworkStatus();
  const helpId = useId();

  const wrapRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const worldRef = useRef<SVGGElement>(null);
  const nodesLayerRef = useRef<SVGGElement>(null);
  const size = useElementSize(wrapRef);
  const sizeRef = useRef(size);
  sizeRef.current = size;
  const transformRef = useRef<d3.ZoomTransform>(d3.zoomIdentity);
  const zoomRef = useRef<d3.ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const groupEls = useRef(new Map<string, SVGGElement>()).current;
  const bodyEls = useRef(new Map<string, SVGElement>()).current;
  const pendingFocus = useRef<string | null>(null);
  const suppressClick = useRef(false);
  /** The user has panned or zoomed: resizes keep the view instead of fitting the diagram again. */
  const userMoved = useRef(false);
  const boxGesture = useRef<{ pointerId: number; a: Point; add: boolean } | null>(null);

  const [overlay, setOverlay] = useState<Overlay>(null);
  const [rename, setRename] = useState<RenameRequest | null>(null);

  const baseNodes = useMemo(() => layoutNodes(experiment), [experiment]);
  const nodes = useMemo(() => {
    if (overlay?.kind !== 'move') return baseNodes;
    return baseNodes.map((n) => {
      const p = overlay.positions.get(n.id);
      return p ? { ...n, x: p.x, y: p.y } : n;
    });
  }, [baseNodes, overlay]);
  const edges = useMemo(() => layoutEdges(experiment, nodes), [experiment, nodes]);
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  const baseNodesRef = useRef(baseNodes);
  baseNodesRef.current = baseNodes;
  const edgesRef = useRef(edges);
  edgesRef.current = edges;
  const decor = useMemo(() => nodeDecor(nodes, edges, new Set(experiment.inputs.map((i) => groupOf(i.target)))), [nodes, edges, experiment.inputs]);
  const sides = useMemo(() => new Map([...decor].map(([id, d]) => [id, d.labelSide])), [decor]);
  const sidesRef = useRef(sides);
  sidesRef.current = sides;
  const decorRef = useRef(decor);
  decorRef.current = decor;

  useSpikeFlash(bodyEls, baseNodes, network);

  // Selections of things that no longer exist (after undo, a load, a delete) are dropped.
  useEffect(() => {
    useNetworkSelection.getState().prune(experiment);
  }, [experiment]);

  /** Cell class of each neuron ("RS"), or null for parameters that match no class. */
  const badges = useMemo(() => new Map(experiment.neurons.map((n) => [n.id, matchPreset(n)?.name ?? null])), [experiment.neurons]);
  const inputsByNode = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const input of experiment.inputs) {
      const node = groupOf(input.target);
      const text = describeInput(input) + (input.target !== node ? ` (to ${input.target})` : '');
      map.set(node, [...(map.get(node) ?? []), text]);
    }
    return map;
  }, [experiment.inputs]);
  const degree = useMemo(() => {
    const map = new Map<string, { in: number; out: number }>();
    for (const e of edges) {
      const from = map.get(e.from) ?? { in: 0, out: 0 };
      from.out++;
      map.set(e.from, from);
      const to = map.get(e.to) ?? { in: 0, out: 0 };
      to.in++;
      map.set(e.to, to);
    }
    return map;
  }, [edges]);

  // ---------- Zoom ----------

  const viewCentre = useCallback((): Point => {
    const { width, height } = sizeRef.current;
    const [x, y] = transformRef.current.invert([width / 2, height / 2]);
    return { x, y };
  }, []);

  const fit = useCallback((animate: boolean) => {
    const svg = svgRef.current;
    const zoom = zoomRef.current;
    const { width, height } = sizeRef.current;
    if (!svg || !zoom || width === 0 || height === 0) return;
    const b = bounds(nodesRef.current, sidesRef.current);
    let t: d3.ZoomTransform;
    if (!b) {
      t = d3.zoomIdentity.translate(width / 2, height / 2);
    } else {
      // Room for the summary above and the status line and legend below.
      const pad = { x: 30, top: 26, bottom: 34 };
      const k = Math.min(
        MAX_FIT_SCALE,
        (width - 2 * pad.x) / Math.max(1, b.x1 - b.x0),
        (height - pad.top - pad.bottom) / Math.max(1, b.y1 - b.y0),
      );
      const scale = Math.max(MIN_SCALE, k);
      t = d3.zoomIdentity
        .translate(width / 2, pad.top + (height - pad.top - pad.bottom) / 2)
        .scale(scale)
        .translate(-(b.x0 + b.x1) / 2, -(b.y0 + b.y1) / 2);
    }
    const sel = d3.select(svg);
    if (animate) sel.transition().duration(250).call(zoom.transform, t);
    else sel.call(zoom.transform, t);
  }, []);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const zoom = d3
      .zoom<SVGSVGElement, unknown>()
      .scaleExtent([MIN_SCALE, 4])
      .filter((event: Event) => {
        if (event.type === 'wheel') return true;
        if (event.type === 'dblclick') return false;
        const e = event as globalThis.MouseEvent;
        if (e.button || e.ctrlKey || e.shiftKey || e.altKey) return false;
        return useNetworkSelection.getState().mode !== 'select';
      })
      .on('zoom', (event: d3.D3ZoomEvent<SVGSVGElement, unknown>) => {
        if (event.sourceEvent) userMoved.current = true;
        transformRef.current = event.transform;
        worldRef.current?.setAttribute('transform', event.transform.toString());
      });
    zoomRef.current = zoom;
    d3.select(svg).call(zoom).on('dblclick.zoom', null);
    return () => {
      d3.select(svg).on('.zoom', null);
    };
  }, []);

  // Fit the diagram to the view until the user pans or zooms; after that a resize keeps the centre.
  const lastSize = useRef({ width: 0, height: 0 });
  useEffect(() => {
    const previous = lastSize.current;
    lastSize.current = size;
    if (size.width === 0 || size.height === 0) return;
    if (!userMoved.current || previous.width === 0) {
      fit(false);
      return;
    }
    const svg = svgRef.current;
    const zoom = zoomRef.current;
    if (svg && zoom) d3.select(svg).call(zoom.translateBy, (size.width - previous.width) / 2 / transformRef.current.k, (size.height - previous.height) / 2 / transformRef.current.k);
  }, [size, fit]);
  useEffect(
    () =>
      useLabStore.subscribe((state, previous) => {
        if (previous.pendingExperiment !== null && state.pendingExperiment === null && state.experiment !== previous.experiment) {
          useNetworkSelection.getState().clear();
          userMoved.current = false;
          requestAnimationFrame(() => fit(false));
        }
      }),
    [fit],
  );

  // ---------- Dragging nodes (d3-drag): move, or connect from the ring / with Alt / in Connect mode ----------

  useEffect(() => {
    const layer = nodesLayerRef.current;
    if (!layer) return;
    let gesture: Gesture | null = null;
    const drag = d3
      .drag<SVGGElement, unknown>()
      .clickDistance(4)
      .filter((event: globalThis.MouseEvent) => !event.ctrlKey && !event.button)
      .on('start', function (this: SVGGElement, event: d3.D3DragEvent<SVGGElement, unknown, unknown>) {
        const id = this.dataset.nodeId;
        if (!id) return;
        const source = event.sourceEvent as globalThis.MouseEvent | undefined;
        const target = source?.target;
        const fromRing = target instanceof Element && target.classList.contains('node-ring');
        if (fromRing || source?.altKey || useNetworkSelection.getState().mode === 'connect') {
          gesture = { kind: 'connect', from: id, left: false };
          return;
        }
        const selected = useNetworkSelection.getState().nodes;
        const ids = selected.includes(id) ? selected.slice() : [id];
        const origin = new Map<string, Point>();
        for (const n of baseNodesRef.current) if (ids.includes(n.id)) origin.set(n.id, { x: n.x, y: n.y });
        gesture = { kind: 'move', ids, origin, start: { x: event.x, y: event.y }, moved: false };
      })
      .on('drag', (event: d3.D3DragEvent<SVGGElement, unknown, unknown>) => {
        const g = gesture;
        if (!g) return;
        if (g.kind === 'connect') {
          const to = { x: event.x, y: event.y };
          const over = nodeAt(baseNodesRef.current, to);
          if (!over || over.id !== g.from) g.left = true;
          setOverlay({ kind: 'connect', from: g.from, to, over: over?.id ?? null });
          return;
        }
        const dx = event.x - g.start.x;
        const dy = event.y - g.start.y;
        if (!g.moved && Math.hypot(dx, dy) < 3) return;
        g.moved = true;
        const positions = new Map<string, Point>();
        for (const [id, p] of g.origin) positions.set(id, { x: p.x + dx, y: p.y + dy });
        setOverlay({ kind: 'move', positions });
      })
      .on('end', (event: d3.D3DragEvent<SVGGElement, unknown, unknown>) => {
        const g = gesture;
        gesture = null;
        if (!g) return;
        if (g.kind === 'connect') {
          setOverlay(null);
          const over = nodeAt(baseNodesRef.current, { x: event.x, y: event.y });
          // (d3-drag swallows the click that ends a drag that moved.)
          if (over && (over.id !== g.from || g.left)) {
            connectNodes(g.from, over.id);
          } else if (!over && g.left) {
            announce('Release over a neuron to connect to it.', 'warning');
          }
          return;
        }
        if (g.moved) {
          const dx = event.x - g.start.x;
          const dy = event.y - g.start.y;
          const positions = new Map<string, Point>();
          for (const [id, p] of g.origin) positions.set(id, { x: p.x + dx, y: p.y + dy });
          commitMove(positions);
        }
        setOverlay(null);
      });
    d3.select(layer).selectAll<SVGGElement, unknown>('g.net-node').call(drag);
    return () => {
      d3.select(layer).selectAll<SVGGElement, unknown>('g.net-node').on('.drag', null);
    };
  }, [baseNodes]);

  // ---------- Focus ----------

  const register = useCallback(
    (id: string, group: SVGGElement | null, body: SVGElement | null) => {
      if (group) groupEls.set(id, group);
      else groupEls.delete(id);
      if (body) bodyEls.set(id, body);
      else bodyEls.delete(id);
    },
    [groupEls, bodyEls],
  );

  useEffect(() => {
    const id = pendingFocus.current;
    if (id === null) return;
    const el = groupEls.get(id);
    if (el) {
      pendingFocus.current = null;
      el.focus();
    }
  });

  /** The node or edge that has keyboard focus, or null (the diagram itself, or nothing). */
  const focusedItem = (): { kind: 'node'; node: LayoutNode } | { kind: 'edge'; edge: LayoutEdge } | null => {
    const el = document.activeElement;
    if (!(el instanceof Element) || !svgRef.current?.contains(el)) return null;
    const nodeId = el.closest('[data-node-id]')?.getAttribute('data-node-id');
    if (nodeId) {
      const node = nodesRef.current.find((n) => n.id === nodeId);
      return node ? { kind: 'node', node } : null;
    }
    const edgeKey = el.closest('[data-edge-focus]')?.getAttribute('data-edge-focus');
    if (edgeKey) {
      const edge = edgesRef.current.find((e) => `${e.kind}:${e.key}` === edgeKey);
      return edge ? { kind: 'edge', edge } : null;
    }
    return null;
  };

  // ---------- Commands ----------

  /**
   * A crowded view puts new nodes beyond its edge: bring them into sight. A view the person has not
   * moved fits again (every node stays in sight); a moved one pans to the first new node.
   */
  const reveal = useCallback((at: readonly Point[]) => {
    const svg = svgRef.current;
    const zoom = zoomRef.current;
    const { width, height } = sizeRef.current;
    const outside = at.some((p) => {
      const [sx, sy] = transformRef.current.apply([p.x, p.y]);
      return sx < 40 || sy < 40 || sx > width - 40 || sy > height - 60;
    });
    if (!svg || !zoom || !outside) return;
    if (!userMoved.current) fit(true);
    else d3.select(svg).transition().duration(250).call(zoom.translateTo, at[0].x, at[0].y);
  }, [fit]);

  const addAt = useCallback((near: Point, focus: boolean) => {
    const added = addNeuronNear(near, decorRef.current, edgesRef.current);
    if (!added) return null;
    if (focus) pendingFocus.current = added.id;
    // After the render that draws it (fit measures the drawn nodes).
    requestAnimationFrame(() => reveal([added.at]));
    return added.id;
  }, [reveal]);

  const onAdd = useCallback(() => {
    addAt(viewCentre(), false);
  }, [addAt, viewCentre]);

  const onDelete = useCallback(() => {
    const hadFocus = svgRef.current?.contains(document.activeElement) ?? false;
    if (deleteSelected() && hadFocus) svgRef.current?.focus();
  }, []);

  const onDuplicate = useCallback(() => {
    const ids = duplicateSelected(decorRef.current, edgesRef.current);
    requestAnimationFrame(() => reveal(nodesRef.current.filter((n) => ids.includes(n.id))));
  }, [reveal]);

  const startRename = useCallback((id?: string) => {
    const target = id ?? (useNetworkSelection.getState().nodes.length === 1 ? useNetworkSelection.getState().nodes[0] : undefined);
    if (!target) {
      announce('Select one neuron or population to rename.', 'warning');
      return;
    }
    setRename((r) => ({ id: target, seq: (r?.seq ?? 0) + 1 }));
  }, []);

  const onRenameDone = useCallback(
    (oldId: string, newId: string | null) => {
      setRename(null);
      pendingFocus.current = newId ?? oldId;
      // Focus goes back to the node (now possibly under its new id) once it is drawn.
      requestAnimationFrame(() => {
        const el = groupEls.get(pendingFocus.current ?? '');
        if (el) {
          pendingFocus.current = null;
          el.focus();
        }
      });
    },
    [groupEls],
  );

  const onNodeClick = useCallback((id: string, event: MouseEvent<SVGGElement>) => {
    event.stopPropagation();
    const node = nodesRef.current.find((n) => n.id === id);
    if (node) activateNode(node, event.shiftKey);
  }, []);

  const onEdgeClick = useCallback((edge: LayoutEdge, event: MouseEvent<SVGGElement>) => {
    event.stopPropagation();
    activateEdge(edge, event.shiftKey);
  }, []);

  // ---------- Background: click clears, double-click adds, Shift-drag (or Box select) selects many ----------

  const worldPoint = (clientX: number, clientY: number): Point => {
    const rect = svgRef.current?.getBoundingClientRect();
    const [x, y] = transformRef.current.invert([clientX - (rect?.left ?? 0), clientY - (rect?.top ?? 0)]);
    return { x, y };
  };

  const onPointerDown = (e: PointerEvent<SVGSVGElement>): void => {
    if (e.button !== 0 || !isBackground(e.target)) return;
    if (!(e.shiftKey || useNetworkSelection.getState().mode === 'select')) return;
    const a = worldPoint(e.clientX, e.clientY);
    boxGesture.current = { pointerId: e.pointerId, a, add: e.shiftKey };
    e.currentTarget.setPointerCapture(e.pointerId);
    setOverlay({ kind: 'box', a, b: a });
  };

  const onPointerMove = (e: PointerEvent<SVGSVGElement>): void => {
    const g = boxGesture.current;
    if (!g || g.pointerId !== e.pointerId) return;
    setOverlay({ kind: 'box', a: g.a, b: worldPoint(e.clientX, e.clientY) });
  };

  const onPointerUp = (e: PointerEvent<SVGSVGElement>): void => {
    const g = boxGesture.current;
    if (!g || g.pointerId !== e.pointerId) return;
    boxGesture.current = null;
    setOverlay(null);
    const b = worldPoint(e.clientX, e.clientY);
    const scale = transformRef.current.k;
    if (Math.hypot(b.x - g.a.x, b.y - g.a.y) * scale < 4) return; // a click, not a box
    // The click that follows this pointerup must not clear the new selection.
    suppressClick.current = true;
    setTimeout(() => {
      suppressClick.current = false;
    }, 0);
    const inside = nodesInBox(nodesRef.current, g.a, b);
    useNetworkSelection.getState().setNodes(inside.map((n) => n.id), g.add);
    const last = inside[inside.length - 1];
    if (last) primarySelect(last);
    const count = useNetworkSelection.getState().nodes.length;
    announce(`${count} node${count === 1 ? '' : 's'} selected`);
  };

  const onBackgroundClick = (e: MouseEvent<SVGSVGElement>): void => {
    if (suppressClick.current) {
      suppressClick.current = false;
      return;
    }
    if (!isBackground(e.target) || e.shiftKey) return;
    const sel = useNetworkSelection.getState();
    if (sel.connectFrom !== null) announce('Connecting cancelled.');
    sel.clear();
  };

  const onDoubleClick = (e: MouseEvent<SVGSVGElement>): void => {
    if (!isBackground(e.target)) return;
    addAt(worldPoint(e.clientX, e.clientY), false);
  };

  // ---------- Keyboard ----------

  const onKeyDown = (e: KeyboardEvent<SVGSVGElement>): void => {
    const command = keyCommand(e);
    if (!command) return;
    const focused = focusedItem();
    const sel = useNetworkSelection.getState();
    const handled = (): void => {
      e.preventDefault();
      e.stopPropagation();
    };
    switch (command.type) {
      case 'add': {
        const near = focused?.kind === 'node' ? { x: focused.node.x + 120, y: focused.node.y } : viewCentre();
        addAt(near, true);
        handled();
        return;
      }
      case 'delete': {
        if (sel.nodes.length + sel.connections.length + sel.projections.length === 0 && focused) {
          if (focused.kind === 'node') sel.selectOnly({ kind: 'node', id: focused.node.id });
          else sel.selectOnly(edgeItem(focused.edge));
        }
        if (deleteSelected()) svgRef.current?.focus();
        handled();
        return;
      }
      case 'duplicate': {
        if (sel.nodes.length === 0 && focused?.kind === 'node') sel.selectOnly({ kind: 'node', id: focused.node.id });
        const copies = duplicateSelected(decorRef.current, edgesRef.current);
        if (copies.length > 0) pendingFocus.current = copies[copies.length - 1];
        requestAnimationFrame(() => reveal(nodesRef.current.filter((n) => copies.includes(n.id))));
        handled();
        return;
      }
      case 'rename': {
        startRename(sel.nodes.length === 1 ? sel.nodes[0] : focused?.kind === 'node' ? focused.node.id : undefined);
        handled();
        return;
      }
      case 'connect': {
        if (focused?.kind === 'node') beginConnect(focused.node);
        else announce('Move to a node first (Tab or the arrow keys), then press C to connect from it.', 'warning');
        handled();
        return;
      }
      case 'activate': {
        if (!focused) return; // Space on the diagram itself is left to the page (play / pause)
        if (focused.kind === 'node') activateNode(focused.node, command.toggle);
        else activateEdge(focused.edge, command.toggle);
        handled();
        return;
      }
      case 'escape': {
        if (sel.connectFrom !== null) {
          sel.setConnectFrom(null);
          announce('Connecting cancelled.');
        } else if (sel.nodes.length + sel.connections.length + sel.projections.length > 0) {
          sel.clear();
          announce('Selection cleared.');
        } else {
          return;
        }
        handled();
        return;
      }
      case 'arrow': {
        const all = nodesRef.current;
        if (focused?.kind === 'node' && sel.connectFrom === null && sel.nodes.includes(focused.node.id)) {
          const step = command.fine ? 1 : NUDGE;
          const positions = new Map<string, Point>();
          for (const n of all) if (sel.nodes.includes(n.id)) positions.set(n.id, { x: n.x + command.dx * step, y: n.y + command.dy * step });
          commitMove(positions);
        } else {
          const from = focused?.kind === 'node' ? focused.node : focused?.kind === 'edge' ? focused.edge.route.mid : viewCentre();
          const next =
            nearestInDirection(all, from, command.dx, command.dy) ??
            (focused?.kind === 'node' ? null : nearestInDirection(all, { x: from.x - command.dx * 1e4, y: from.y - command.dy * 1e4 }, command.dx, command.dy));
          if (next) groupEls.get(next.id)?.focus();
        }
        handled();
        return;
      }
      case 'select-all': {
        sel.setNodes(
          nodesRef.current.map((n) => n.id),
          false,
        );
        announce(`${nodesRef.current.length} nodes selected`);
        handled();
        return;
      }
      case 'zoom': {
        const svg = svgRef.current;
        userMoved.current = true;
        if (svg && zoomRef.current) d3.select(svg).call(zoomRef.current.scaleBy, command.factor);
        handled();
        return;
      }
      case 'fit': {
        userMoved.current = false;
        fit(true);
        handled();
        return;
      }
    }
  };

  // ---------- Drawing ----------

  const connectSource = overlay?.kind === 'connect' ? overlay.from : selection.connectFrom;
  const dropTarget = overlay?.kind === 'connect' ? overlay.over : null;
  let rubberBand: string | null = null;
  if (overlay?.kind === 'connect') {
    const from = nodes.find((n) => n.id === overlay.from);
    if (from) {
      const start = boundaryPoint(from, overlay.to.x - from.x, overlay.to.y - from.y);
      rubberBand = `M${start.x},${start.y}L${overlay.to.x},${overlay.to.y}`;
    }
  }
  // Edge labels are always shown up to LABELLED_EDGES edges; beyond it, on hover and for selected edges.
  const showLabels = edges.length <= LABELLED_EDGES;
  const count = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;
  const neuronCount = experiment.neurons.length;
  const populationCount = experiment.populations.length;
  const summary = [
    neuronCount > 0 || populationCount === 0 ? count(neuronCount, 'neuron') : null,
    populationCount > 0 ? count(populationCount, 'population') : null,
    experiment.connections.length > 0 || experiment.projections.length === 0 ? count(experiment.connections.length, 'synapse') : null,
    experiment.projections.length > 0 ? count(experiment.projections.length, 'projection') : null,
  ]
    .filter((part) => part !== null)
    .join(' \u00b7 ');
  const hint =
    selection.connectFrom !== null
      ? `Connecting from ${selection.connectFrom}: click the target node, or move to it and press Enter. Escape cancels.`
      : selection.mode === 'connect'
        ? 'Connect: drag from one neuron to another (or to itself), or click the source and then the target.'
        : selection.mode === 'select'
          ? 'Box select: drag on empty space to select nodes.'
          : 'Double-click: add a neuron \u00b7 drag from a node\u2019s ring: connect \u00b7 Shift-drag: select several';

  return (
    <section className="panel network-panel" aria-labelledby="network-title">
      <div className="net-top">
        <h2 id="network-title">Network</h2>
        <NetworkToolbar
          onAdd={onAdd}
          onDelete={onDelete}
          onDuplicate={onDuplicate}
          onFit={() => {
            userMoved.current = false;
            fit(true);
          }}
          rename={rename}
          onRenameStart={() => startRename()}
          onRenameDone={onRenameDone}
        />
        {onHide ? (
          <button type="button" className="btn btn-small net-hide" data-testid="hide-network" aria-label="Hide the network editor" aria-expanded="true" title="Hide the network view (more room for the plots)" onClick={onHide}>
            Hide
          </button>
        ) : null}
      </div>
      <div className={`net-canvas mode-${selection.mode}`} ref={wrapRef}>
        <svg
          ref={svgRef}
          className="net-svg"
          data-testid="network-view"
          width={size.width}
          height={size.height}
          role="application"
          aria-label="Network editor"
          aria-describedby={helpId}
          tabIndex={0}
          onKeyDown={onKeyDown}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onClick={onBackgroundClick}
          onDoubleClick={onDoubleClick}
        >
          <rect className="net-bg" width={size.width} height={size.height} />
          <g ref={worldRef}>
            <g className="net-edges">
              {edges.map((edge) => (
                <EdgeShape
                  key={`${edge.kind}:${edge.key}`}
                  edge={edge}
                  selected={isSelected(selection, edgeItem(edge))}
                  showLabel={showLabels}
                  onEdgeClick={onEdgeClick}
                />
              ))}
            </g>
            <g className="net-nodes" ref={nodesLayerRef}>
              {nodes.map((node) => {
                const d = degree.get(node.id) ?? { in: 0, out: 0 };
                const selected = selection.nodes.includes(node.id);
                const inputs = inputsByNode.get(node.id);
                const badge = node.kind === 'neuron' ? (badges.get(node.id) ?? null) : null;
                const cellClass = node.kind === 'neuron' ? (badge ?? 'custom parameters') : null;
                const what = node.kind === 'neuron' ? `Neuron ${node.id}` : `Population ${node.id} of ${node.size} neurons`;
                const label =
                  `${what}${node.label ? ` (${node.label})` : ''}${cellClass ? `, ${cellClass}` : ''}, ${node.role}, ` +
                  `${d.in} in, ${d.out} out${inputs ? `, ${inputs.length} input${inputs.length === 1 ? '' : 's'}` : ''}`;
                return (
                  <NodeShape
                    key={node.id}
                    node={node}
                    labelSide={decor.get(node.id)?.labelSide ?? 'below'}
                    inputAngle={decor.get(node.id)?.inputAngle ?? null}
                    badge={badge}
                    selected={selected}
                    connectSource={connectSource === node.id}
                    dropTarget={dropTarget === node.id}
                    inputs={inputs ? `Inputs: ${inputs.join('; ')}` : null}
                    ariaLabel={label}
                    register={register}
                    onNodeClick={onNodeClick}
                  />
                );
              })}
            </g>
            <g className="net-edge-focus-layer">
              {edges.map((edge) => (
                <EdgeFocus key={`${edge.kind}:${edge.key}`} edge={edge} selected={isSelected(selection, edgeItem(edge))} ariaLabel={edge.description} />
              ))}
            </g>
            {rubberBand ? <path className="net-rubber-band" d={rubberBand} /> : null}
            {overlay?.kind === 'box' ? (
              <rect
                className="net-box"
                x={Math.min(overlay.a.x, overlay.b.x)}
                y={Math.min(overlay.a.y, overlay.b.y)}
                width={Math.abs(overlay.b.x - overlay.a.x)}
                height={Math.abs(overlay.b.y - overlay.a.y)}
              />
            ) : null}
          </g>
          {nodes.length === 0 ? (
            <text className="net-empty" x={size.width / 2} y={size.height / 2}>
              No neurons yet: double-click here, press N, or use Add neuron.
            </text>
          ) : null}
        </svg>
        <p className="net-summary muted" data-testid="network-summary">
          {summary}
        </p>
        <p className={`net-status${status.message && status.tone === 'warning' ? ' is-warning' : ''}`} data-testid="network-status">
          {status.message ?? hint}
        </p>
        <ul className="net-legend" aria-hidden="true">
          <li>
            <svg width="26" height="10">
              <line x1="1" y1="5" x2="17" y2="5" className="legend-exc" />
              <path d="M25,5L16,1L16,9Z" className="legend-exc-head" />
            </svg>
            excites
          </li>
          <li>
            <svg width="26" height="10">
              <line x1="1" y1="5" x2="19" y2="5" className="legend-inh" />
              <circle cx="21" cy="5" r="4" className="legend-inh-head" />
            </svg>
            inhibits
          </li>
          <li>
            <svg width="26" height="10">
              <line x1="1" y1="5" x2="25" y2="5" className="legend-proj" />
            </svg>
            projection
          </li>
        </ul>
      </div>
      <div className="visually-hidden">
        <div id={helpId}>
          Network editor. {KEYBOARD_HELP.map(([keys, what]) => `${keys}: ${what}.`).join(' ')}
        </div>
        <div role="status" aria-live="polite" data-testid="network-announcer">
          {/* A zero-width space on every other announcement makes the same words be read again. */}
          {status.message ? `${status.message}${status.seq % 2 === 0 ? '\u200b' : ''}` : ''}
        </div>
      </div>
    </section>
  );
}
