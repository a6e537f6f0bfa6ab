import { STEP_SIZES, type IntegrationScheme } from '../../core/experiment/types.ts';

export const SCHEME_LABELS: Record<IntegrationScheme, string> = {
  izhikevich2003: '2003 half-steps',
  euler: '2004 Euler',
};

/**
 * The steps the step control offers: the suggested ones, and the experiment's own step where a file
 * uses another (any 1/k ms is valid, e.g. 1/3 ms), so the control always shows the step that runs.
 * Largest first.
 */
export function stepChoices(dt: number): number[] {
  return STEP_SIZES.includes(dt) ? [...STEP_SIZES] : [...STEP_SIZES, dt].sort((x, y) => y - x);
}

/** "0.2 ms"; 1/3 ms as "0.3333 ms". */
export function stepLabel(dt: number): string {
  return `${Number(dt.toPrecision(4))} ms`;
}

/** What a change of the step or scheme did to the run, in the words the transport bar shows. */
export function restartNotice(change: { dt: number } | { scheme: IntegrationScheme }, wasRunning: boolean): string {
  const what = 'dt' in change ? `Step changed to ${stepLabel(change.dt)}` : `Scheme changed to ${SCHEME_LABELS[change.scheme]}`;
  return `${what}: the run restarted from 0 and is paused.${wasRunning ? ' Press Play (Space) to go on.' : ''}`;
}
