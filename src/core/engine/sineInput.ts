import type { InputSpec } from '../experiment/types.ts';
import { pulsePhase } from './simulation.ts';

/** The constant NeuroML's sineGenerator writes for pi (Inputs.xml): the lab uses it too, so imported sines are NeuroML's. */
export const NEUROML_PI = 3.14159265;

/** A sine input's current at step time t: amplitude sin(phase + 2 pi' (t - start) / period) inside its window, else 0. */
export function sineCurrent(spec: Extract<InputSpec, { kind: 'sine' }>, t: number, dt: number): number {
  const since = pulsePhase(spec.start, spec.duration, undefined, t, dt);
  return since < 0 ? 0 : spec.amplitude * Math.sin(spec.phase + (2 * NEUROML_PI * since) / spec.period);
}
