import { describe, expect, it } from 'vitest';
import { MAX_BATCH, StepPacer } from './stepPacer.ts';

describe('StepPacer', () => {
  it('steps once until a step has been timed, then fills what is left of the chunk', () => {
    const pacer = new StepPacer();
    expect(pacer.batch(12)).toBe(1);
    pacer.record(1, 0.5);
    expect(pacer.batch(11.5)).toBe(23);
    // A slower batch moves the estimate part of the way (0.5 -> 0.65 ms a step).
    pacer.record(10, 10);
    expect(pacer.batch(13)).toBe(20);
    // At least one step, however little time is left; at most MAX_BATCH on a clock that does not move.
    expect(pacer.batch(0.1)).toBe(1);
    pacer.reset();
    expect(pacer.batch(12)).toBe(1);
    pacer.record(100, 0);
    expect(pacer.batch(12)).toBe(MAX_BATCH);
  });
});
