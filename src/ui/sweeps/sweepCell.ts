import type { IntegrationScheme, NeuronSpec } from '../../core/experiment/types.ts';

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
