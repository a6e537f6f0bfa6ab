import { describe, expect, it } from 'vitest';
import { restartNotice, stepChoices, stepLabel } from './stepChoices.ts';

describe('the step control', () => {
  it("offers 0.2 ms (the 2004 figure's step) among the suggested steps", () => {
    expect(stepChoices(0.2)).toEqual([1, 0.5, 0.25, 0.2, 0.1, 0.05, 0.01]);
    expect(stepChoices(1)).toEqual(stepChoices(0.2));
  });

  it("shows a file's own step where it is not a suggested one, in order", () => {
    expect(stepChoices(1 / 3)).toEqual([1, 0.5, 1 / 3, 0.25, 0.2, 0.1, 0.05, 0.01]);
    expect(stepChoices(0.125)).toEqual([1, 0.5, 0.25, 0.2, 0.125, 0.1, 0.05, 0.01]);
    expect(stepLabel(1 / 3)).toBe('0.3333 ms');
    expect(stepLabel(0.2)).toBe('0.2 ms');
  });

  it('says what a change of step or scheme did to the run', () => {
    expect(restartNotice({ dt: 0.1 }, false)).toBe('Step changed to 0.1 ms: the run restarted from 0 and is paused.');
    expect(restartNotice({ scheme: 'euler' }, true)).toBe('Scheme changed to 2004 Euler: the run restarted from 0 and is paused. Press Play (Space) to go on.');
  });
});
