/**
 * How one node or one edge of the network diagram is drawn (SVG). Pointer and keyboard handling live in
 * NetworkView; these only draw and report clicks and focus.
 */
import { memo, type MouseEvent } from 'react';
import { ROLE_COLORS } from '../plotTheme.ts';
import { restingFill } from './activity.ts';
import {
  MAX_EXPANDED_POPULATION,
  NEURON_RADIUS,
  POPULATION_CORNER,
  POPULATION_HEIGHT,
  POPULATION_WIDTH,
  nodeExtent,
  type LabelSide,
  type LayoutEdge,
  type LayoutNode,
} from './geometry.ts';

/** Width of the ring around a node from which a drag makes a connection. */
export const RING_WIDTH = 9;

export interface NodeShapeProps {
  node: LayoutNode;
  /** Where a neuron's id and label go. */
  labelSide: LabelSide;
  /** Direction a neuron's input marker comes from (radians); populations take theirs from the left. */
  inputAngle: number | null;
  /** Cell class shown inside a neuron ("RS"), or null. */
  badge: string | null;
  selected: boolean;
  /** The source of a connection being made. */
  connectSource: boolean;
  /** Under the pointer while a connection is dragged. */
  dropTarget: boolean;
  /** Summary of the inputs driving the node (tooltip), or null when none does. */
  inputs: string | null;
  ariaLabel: string;
  /** Registers the node's group and the element whose fill flashes. */
  register(id: string, group: SVGGElement | null, body: SVGElement | null): void;
  onNodeClick(id: string, event: MouseEvent<SVGGElement>): void;
}

export const NodeShape = memo(function NodeShape(props: NodeShapeProps) {
  const { node, labelSide, inputAngle, badge, selected, connectSource, dropTarget, inputs, ariaLabel, register, onNodeClick } = props;
  const colour = ROLE_COLORS[node.role];
  const { hw, hh } = nodeExtent(node);
  const classes = ['net-node', `net-${node.kind}`];
  if (selected) classes.push('is-selected');
  if (connectSource) classes.push('is-connect-source');
  if (dropTarget) classes.push('is-drop-target');
  const ringPad = RING_WIDTH / 2 + 1;
  const expanded = node.kind === 'population' && node.size <= MAX_EXPANDED_POPULATION;
  let group: SVGGElement | null = null;
  let body: SVGElement | null = null;
  return (
    <g
      ref={(el) => {
        group = el;
        register(node.id, group, body);
      }}
      className={classes.join(' ')}
      transform={`translate(${node.x},${node.y})`}
      data-testid={`node-${node.id}`}
      data-node-id={node.id}
      data-selected={selected ? 'true' : 'false'}
      role="button"
      tabIndex={0}
      aria-label={ariaLabel}
      aria-pressed={selected}
      onClick={(e) => onNodeClick(node.id, e)}
    >
      <title>{ariaLabel}</title>
      {node.kind === 'neuron' ? (
        <>
          <circle className="node-ring" r={NEURON_RADIUS + ringPad} strokeWidth={RING_WIDTH} />
          <circle className="node-focus" r={NEURON_RADIUS + RING_WIDTH + 3} />
          <circle
            ref={(el) => {
              body = el;
              register(node.id, group, body);
            }}
            className="node-body"
            r={NEURON_RADIUS}
            fill={restingFill(node)}
            stroke={colour}
          />
          {badge ? (
            <text className="node-badge" y={4}>
              {badge}
            </text>
          ) : null}
          <NeuronLabels id={node.id} label={node.label} side={labelSide} />
        </>
      ) : (
        <>
          <rect
            className="node-ring"
            x={-hw - ringPad}
            y={-hh - ringPad}
            width={POPULATION_WIDTH + 2 * ringPad}
            height={POPULATION_HEIGHT + 2 * ringPad}
            rx={POPULATION_CORNER + ringPad}
            strokeWidth={RING_WIDTH}
          />
          <rect
            className="node-focus"
            x={-hw - RING_WIDTH - 3}
            y={-hh - RING_WIDTH - 3}
            width={POPULATION_WIDTH + 2 * (RING_WIDTH + 3)}
            height={POPULATION_HEIGHT + 2 * (RING_WIDTH + 3)}
            rx={POPULATION_CORNER + RING_WIDTH + 3}
          />
          <rect
            ref={(el) => {
              body = el;
              register(node.id, group, body);
            }}
            className="node-body"
            x={-hw}
            y={-hh}
            width={POPULATION_WIDTH}
            height={POPULATION_HEIGHT}
            rx={POPULATION_CORNER}
            fill={restingFill(node)}
            stroke={colour}
          />
          <text className="node-population-title" y={(node.label ? -3 : 5) - (expanded ? 8 : 0)}>
            {node.id} {'\u00b7'} {node.size.toLocaleString('en-US')} neuron{node.size === 1 ? '' : 's'}
          </text>
          {node.label ? (
            <text className="node-label" y={expanded ? 7 : 15}>
              {node.label}
            </text>
          ) : null}
          {expanded ? <PopulationMembers id={node.id} size={node.size} colour={colour} register={register} /> : null}
        </>
      )}
      {inputs ? <InputMarker inputs={inputs} distance={node.kind === 'neuron' ? NEURON_RADIUS : hw} angle={node.kind === 'neuron' ? (inputAngle ?? Math.PI) : Math.PI} /> : null}
    </g>
  );
});

/** A small population's neurons, in a row inside its box; each registers under its neuron id (`E[3]`). */
function PopulationMembers({ id, size, colour, register }: { id: string; size: number; colour: string; register: NodeShapeProps['register'] }) {
  const spacing = Math.min(10, (POPULATION_WIDTH - 20) / size);
  const x0 = (-(size - 1) * spacing) / 2;
  return (
    <g className="node-members" aria-hidden="true">
      {Array.from({ length: size }, (_, k) => {
        const member = `${id}[${k}]`;
        return (
          <circle
            key={member}
            ref={(el) => register(member, null, el)}
            className="node-member"
            cx={x0 + k * spacing}
            cy={19}
            r={Math.min(3.5, spacing / 2 - 0.5)}
            stroke={colour}
          >
            <title>{member}</title>
          </circle>
        );
      })}
    </g>
  );
}

/** A short arrow into the node from `angle`, with a current-step glyph at its tail: the node is driven. */
function InputMarker({ inputs, distance, angle }: { inputs: string; distance: number; angle: number }) {
  const deg = (angle * 180) / Math.PI;
  const tail = distance + 36;
  const gx = Math.cos(angle) * tail;
  const gy = Math.sin(angle) * tail;
  return (
    <g className="node-input">
      <title>{inputs}</title>
      <g transform={`rotate(${deg})`}>
        <line x1={distance + 28} y1={0} x2={distance + 11} y2={0} />
        <path d={`M${distance + 4},0L${distance + 12},-5L${distance + 12},5Z`} />
      </g>
      <path className="node-input-wave" transform={`translate(${gx},${gy})`} d="M-5,4L-5,-4L0,-4L0,4L5,4" />
    </g>
  );
}

/** A neuron's id (bold) and label, on the side of the circle that edges leave free. */
function NeuronLabels({ id, label, side }: { id: string; label: string | null; side: LabelSide }) {
  const r = NEURON_RADIUS;
  let x = 0;
  let idY: number;
  let labelY: number;
  let anchor: 'middle' | 'start' | 'end' = 'middle';
  switch (side) {
    case 'below':
      idY = r + 16;
      labelY = r + 30;
      break;
    case 'above':
      idY = label ? -r - 21 : -r - 8;
      labelY = -r - 8;
      break;
    case 'right':
    case 'left':
      x = side === 'right' ? r + 8 : -r - 8;
      anchor = side === 'right' ? 'start' : 'end';
      idY = label ? -2 : 4;
      labelY = 12;
      break;
  }
  return (
    <>
      <text className="node-id" x={x} y={idY} textAnchor={anchor}>
        {id}
      </text>
      {label ? (
        <text className="node-label" x={x} y={labelY} textAnchor={anchor}>
          {label}
        </text>
      ) : null}
    </>
  );
}

export interface EdgeShapeProps {
  edge: LayoutEdge;
  selected: boolean;
  showLabel: boolean;
  onEdgeClick(edge: LayoutEdge, event: MouseEvent<SVGGElement>): void;
}

export function edgeTestId(edge: Pick<LayoutEdge, 'kind' | 'key'>): string {
  return edge.kind === 'connection' ? `edge-${edge.key}` : `projection-${edge.key}`;
}

/** The drawn edge (mouse target). Its keyboard twin is EdgeFocus, drawn above the nodes. */
export const EdgeShape = memo(function EdgeShape({ edge, selected, showLabel, onEdgeClick }: EdgeShapeProps) {
  const colour = ROLE_COLORS[edge.effect];
  const { route } = edge;
  const classes = ['net-edge', `net-edge-${edge.kind}`, `net-edge-${edge.effect}`];
  if (selected) classes.push('is-selected');
  return (
    <g
      className={classes.join(' ')}
      data-testid={edgeTestId(edge)}
      data-edge-key={`${edge.kind}:${edge.key}`}
      data-selected={selected ? 'true' : 'false'}
      data-effect={edge.effect}
      aria-hidden="true"
      onClick={(e) => onEdgeClick(edge, e)}
    >
      <title>{edge.description}</title>
      <path className="edge-hit" d={route.path} strokeWidth={Math.max(14, edge.width + 10)} />
      {selected ? <path className="edge-halo" d={route.path} strokeWidth={edge.width + 7} /> : null}
      <path
        className="edge-line"
        d={route.path}
        stroke={colour}
        strokeWidth={edge.width}
        strokeDasharray={edge.kind === 'projection' ? '10 6' : undefined}
      />
      {route.marker.kind === 'arrow' ? (
        <path className="edge-marker" d={route.marker.path} fill={colour} />
      ) : (
        <circle className="edge-marker" cx={route.marker.cx} cy={route.marker.cy} r={route.marker.r} fill={colour} />
      )}
      <text className={`edge-label${showLabel || selected ? '' : ' on-hover'}`} x={route.labelAt.x} y={route.labelAt.y + 4}>
        {edge.label}
      </text>
    </g>
  );
});

export interface EdgeFocusProps {
  edge: LayoutEdge;
  selected: boolean;
  ariaLabel: string;
}

/** An edge's focusable twin: invisible until focused, so Tab reaches every node before any edge. */
export const EdgeFocus = memo(function EdgeFocus({ edge, selected, ariaLabel }: EdgeFocusProps) {
  return (
    <g
      className="net-edge-focus"
      data-testid={`${edgeTestId(edge)}-focus`}
      data-edge-focus={`${edge.kind}:${edge.key}`}
      role="button"
      tabIndex={0}
      aria-label={ariaLabel}
      aria-pressed={selected}
    >
      <path d={edge.route.path} strokeWidth={edge.width + 8} />
    </g>
  );
});
