import type { SweepCell } from '../../core/analysis/sweeps.ts';
import type { IntegrationScheme, NeuronSpec } from '../../core/experiment/types.ts';

/**
 * The model parameters of a neuron as a sweep varies them. Fields the neuron leaves out stay out (rather
 * than becoming `undefined`), so two equal cells give equal request keys.
 */
export function sweepCellOf(neuron: NeuronSpec): SweepCell {
  return {
    a: neuron.a,
    b: neuron.b,
    c: neuron.c,
    d: neuron.d,
    v0: neuron.v0,
    ...(neuron.u0 !== undefined && { u0: neuron.u0 }),
    ...(neuron.vpeak !== undefined && { vpeak: neuron.vpeak }),
    ...(neuron.equation !== undefined && { equation: { ...neuron.equation } }),
  };
}

/** The name a neuron goes by in the panels: its label, else its id. */
export function neuronName(neuron: NeuronSpec): string {
  return neuron.label ?? neuron.id;
}

/** The schemes as the transport bar names them. */
const SCHEME_NAMES: Record<IntegrationScheme, string> = {
  izhikevich2003: '2003 half-steps',
  euler: '2004 Euler',
};

/** "dt 1 ms, 2003 half-steps": the integration a sweep uses, said in the panels' hints. */
export function numericsText(dt: number, scheme: IntegrationScheme): string {
  return `dt ${dt} ms, ${SCHEME_NAMES[scheme]}`;
}
