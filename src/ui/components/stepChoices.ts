import { STEP_SIZES } from '../../core/experiment/types.ts';

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
