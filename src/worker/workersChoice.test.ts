import { describe, expect, it } from 'vitest';
import { workersChoices } from '../ui/components/IsolationStatus.tsx';
import { estimateResources } from '../core/experiment/budget.ts';
import { izhikevich2003Network } from '../core/experiment/examples.ts';
import { autoWorkers, MAX_WORKERS, mostWorkersFor, parseWorkersChoice } from './protocol.ts';

describe('how many Workers a run may use', () => {
  it('takes Auto or a whole number from 1 to 8, as a number or its text, and nothing else', () => {
    expect(MAX_WORKERS).toBe(8);
    expect([parseWorkersChoice('auto'), parseWorkersChoice(1), parseWorkersChoice('3'), parseWorkersChoice(8)]).toEqual(['auto', 1, 3, 8]);
    for (const bad of [0, 9, -1, 2.5, '2.5', ' 2', '', 'Auto', null, undefined, Number.NaN, [2], { workers: 2 }]) {
      expect(parseWorkersChoice(bad)).toBeNull();
    }
  });

  it('with Auto, leaves the page one core and uses the rest, two at least and eight at most', () => {
    expect([1, 2, 3, 4, 6, 8, 9, 16, 64].map(autoWorkers)).toEqual([2, 2, 2, 3, 5, 7, 8, 8, 8]);
    // A browser that does not say (or lies oddly) is taken for a 2-core machine.
    expect([0, -4, 2.5, Number.NaN].map(autoWorkers)).toEqual([2, 2, 2, 2]);
  });

  it('offers Auto and 1 up to the machine\'s cores, at least 1 and 2, at most 8', () => {
    const offered = (cores: number) => workersChoices(cores).map((c) => c.label).join(' ');
    expect(offered(1)).toBe('Auto 1 2');
    expect(offered(2)).toBe('Auto 1 2');
    expect(offered(4)).toBe('Auto 1 2 3 4');
    expect(offered(32)).toBe('Auto 1 2 3 4 5 6 7 8');
    expect(workersChoices(4).map((c) => c.value)).toEqual(['auto', 1, 2, 3, 4]);
  });

  it('splits a network across no more Workers than two at the budget would take together, as each compiles all of it', () => {
    const MiB = 2 ** 20;
    expect([100 * MiB, 340 * MiB, 700 * MiB, 1024 * MiB, 2048 * MiB].map(mostWorkersFor)).toEqual([8, 6, 2, 2, 2]);
    // The 2003 network at 100,000 neurons (K = 100), about 340 MiB by the budget's estimate: six.
    const bytes = estimateResources(izhikevich2003Network(100_000, 100)).bytes;
    expect(bytes / MiB).toBeGreaterThan(300);
    expect(bytes / MiB).toBeLessThan(400);
    expect(mostWorkersFor(bytes)).toBe(6);
  });
});
