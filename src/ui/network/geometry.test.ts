import { distributionMean } from '../../core/experiment/distribution.ts';
import { describe, expect, it } from 'vitest';
import { defaultExperiment, izhikevich2003Network } from '../../core/experiment/examples.ts';
import type { Experiment } from '../../core/experiment/types.ts';
import {
  NEURON_RADIUS,
  boundaryPoint,
  edgeWidth,
  layoutEdges,
  nodeAt,
  nodeDecor,
  nodesInBox,
  ruleLabel,
  synapseEffect,
} from './geometry.ts';
import { layoutNodes } from './placement.ts';

function withoutPositions(e: Experiment): Experiment {
  return {
    ...e,
    neurons: e.neurons.map(({ position: _p, ...n }) => n),
    populations: e.populations.map(({ position: _p, ...p }) => p),
  };
}

describe('layoutNodes', () => {
  it('uses the experiment positions', () => {
    const nodes = layoutNodes(defaultExperiment());
    expect(nodes.map((n) => [n.id, n.x, n.y, n.placed])).toEqual([
      ['driver', 0, 0, true],
      ['follower', 200, -80, true],
      ['pacer', 200, 80, true],
    ]);
    expect(nodes[0].label).toBe('Driver');
  });

  it('lays out nodes without a position (placement.ts), apart from each other', () => {
    const nodes = layoutNodes(withoutPositions(izhikevich2003Network()));
    expect(nodes.map((n) => n.kind)).toEqual(['population', 'population']);
    expect(nodes.every((n) => !n.placed)).toBe(true);
    const [e, i] = nodes;
    expect(Math.hypot(e.x - i.x, e.y - i.y)).toBeGreaterThan(200);
    expect(e.x).toBeLessThan(i.x); // E on the left
    expect(e.size).toBe(800);
  });
});

describe('shapes', () => {
  const [driver] = layoutNodes(defaultExperiment());
  it('finds where a ray leaves a circle and a rounded box', () => {
    const p = boundaryPoint(driver, 3, 4);
    expect(Math.hypot(p.x - driver.x, p.y - driver.y)).toBeCloseTo(NEURON_RADIUS);
    const [e] = layoutNodes(izhikevich2003Network());
    const right = boundaryPoint(e, 1, 0);
    expect(right.x - e.x).toBeCloseTo(82);
    const up = boundaryPoint(e, 0, -1);
    expect(up.y - e.y).toBeCloseTo(-28);
  });

  it('hit-tests nodes and boxes', () => {
    const nodes = layoutNodes(defaultExperiment());
    expect(nodeAt(nodes, { x: 5, y: 5 })?.id).toBe('driver');
    expect(nodeAt(nodes, { x: 100, y: 0 })).toBeNull();
    expect(nodesInBox(nodes, { x: 150, y: -200 }, { x: 250, y: 200 }).map((n) => n.id)).toEqual(['follower', 'pacer']);
  });
});

describe('what edges mean', () => {
  it('classifies synapses as excitatory or inhibitory', () => {
    expect(synapseEffect({ id: 'A', kind: 'expConductance', gbase: 1, tau: 5, erev: 0 }, 1)).toBe('excitatory');
    expect(synapseEffect({ id: 'A', kind: 'expConductance', gbase: 1, tau: 5, erev: -20 }, 1)).toBe('excitatory');
    expect(synapseEffect({ id: 'G', kind: 'expConductance', gbase: 1, tau: 5, erev: -80 }, 1)).toBe('inhibitory');
    expect(synapseEffect({ id: 'W', kind: 'writeup', gbase: 1, tau: 5, effect: 'inhibitory' }, 1)).toBe('inhibitory');
    expect(synapseEffect({ id: 'C', kind: 'current' }, 2)).toBe('excitatory');
    expect(synapseEffect({ id: 'C', kind: 'current' }, -2)).toBe('inhibitory');
  });

  it('widths grow with |weight| between 1 and 6', () => {
    expect(edgeWidth(0.1)).toBe(1);
    expect(edgeWidth(2)).toBe(3);
    expect(edgeWidth(-2)).toBe(3);
    expect(edgeWidth(100)).toBe(6);
  });

  it('labels rules and averages distributions', () => {
    expect(ruleLabel({ rule: 'all-to-all' })).toBe('all-to-all');
    expect(ruleLabel({ rule: 'probability', p: 0.1 })).toBe('p=0.1');
    expect(ruleLabel({ rule: 'in-degree', k: 10 })).toBe('k_in=10');
    expect(ruleLabel({ rule: 'out-degree', k: 10 })).toBe('k_out=10');
    expect(distributionMean({ dist: 'uniform', min: -1, max: 0 })).toBe(-0.5);
    expect(distributionMean({ dist: 'r', base: 1, scale: 3, power: 2 })).toBe(2);
  });
});

describe('layoutEdges', () => {
  it('draws the default circuit: an arrow to the follower, a dot to the pacer, delays as labels', () => {
    const exp = defaultExperiment();
    const edges = layoutEdges(exp, layoutNodes(exp));
    expect(edges.map((e) => [e.kind, e.key, e.from, e.to, e.effect, e.label])).toEqual([
      ['connection', '0', 'driver', 'follower', 'excitatory', '2 ms'],
      ['connection', '1', 'driver', 'pacer', 'inhibitory', '2 ms'],
    ]);
    expect(edges[0].route.marker.kind).toBe('arrow');
    expect(edges[1].route.marker.kind).toBe('dot');
    expect(edges[0].route.path).toMatch(/^M[-\d.]+,[-\d.]+L/); // straight
    expect(edges[0].description).toContain('delay 2 ms');
  });

  it('bends two opposite connections apart and draws a self-connection as a loop', () => {
    const exp = defaultExperiment();
    exp.connections.push({ pre: 'follower', post: 'driver', synapse: 'AMPA', weight: 1, delay: 1 });
    exp.connections.push({ pre: 'pacer', post: 'pacer', synapse: 'GABA', weight: 1, delay: 1 });
    const edges = layoutEdges(exp, layoutNodes(exp));
    const there = edges[0];
    const back = edges[2];
    expect(there.route.path).toContain('Q');
    expect(back.route.path).toContain('Q');
    expect(Math.hypot(there.route.mid.x - back.route.mid.x, there.route.mid.y - back.route.mid.y)).toBeGreaterThan(30);
    const loop = edges[3];
    expect(loop.route.path).toContain('C');
    expect(loop.route.mid.y).toBeLessThan(80 - NEURON_RADIUS); // above the pacer
  });

  it('draws the 2003 network as two groups joined by four projections labelled with their rule', () => {
    const exp = izhikevich2003Network();
    const edges = layoutEdges(exp, layoutNodes(exp));
    expect(edges.map((e) => [e.key, e.from, e.to, e.effect, e.label])).toEqual([
      ['EE', 'E', 'E', 'excitatory', 'all-to-all'],
      ['EI', 'E', 'I', 'excitatory', 'all-to-all'],
      ['IE', 'I', 'E', 'inhibitory', 'all-to-all'],
      ['II', 'I', 'I', 'inhibitory', 'all-to-all'],
    ]);
    expect(edges.every((e) => e.kind === 'projection')).toBe(true);
  });

  it('draws a synapse from a population member from the population node', () => {
    const exp = izhikevich2003Network();
    exp.synapseTypes.push({ id: 'AMPA', kind: 'expConductance', gbase: 1, tau: 5, erev: 0 });
    exp.neurons.push({ id: 'probe', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -70, position: { x: 0, y: 300 } });
    exp.connections.push({ pre: 'E[3]', post: 'probe', synapse: 'AMPA', weight: 2, delay: 1 });
    const edge = layoutEdges(exp, layoutNodes(exp)).find((e) => e.kind === 'connection');
    expect(edge?.from).toBe('E');
    expect(edge?.to).toBe('probe');
    expect(edge?.width).toBe(3);
  });
});

describe('nodeDecor', () => {
  it('keeps labels below and inputs on the left when edges leave room', () => {
    const exp = defaultExperiment();
    const nodes = layoutNodes(exp);
    const decor = nodeDecor(nodes, layoutEdges(exp, nodes), new Set(['driver', 'pacer']));
    expect(decor.get('driver')).toEqual({ labelSide: 'below', inputAngle: Math.PI });
    expect(decor.get('follower')).toEqual({ labelSide: 'below', inputAngle: null });
  });

  it('moves labels and inputs away from edges that take their place', () => {
    const exp = defaultExperiment();
    exp.neurons.push({ id: 'under', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -70, position: { x: 0, y: 150 } });
    exp.neurons.push({ id: 'left', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -70, position: { x: -150, y: 0 } });
    exp.connections.push({ pre: 'driver', post: 'under', synapse: 'AMPA', weight: 1, delay: 1 });
    exp.connections.push({ pre: 'left', post: 'driver', synapse: 'AMPA', weight: 1, delay: 1 });
    const nodes = layoutNodes(exp);
    const decor = nodeDecor(nodes, layoutEdges(exp, nodes), new Set(['driver']));
    const driver = decor.get('driver');
    expect(driver?.labelSide).not.toBe('below');
    expect(driver?.inputAngle).not.toBe(Math.PI);
    expect(decor.get('under')?.labelSide).toBe('below');
  });
});
