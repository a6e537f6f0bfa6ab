import { describe, expect, it } from 'vitest';
import { medianShares, parseCpuTicks, sharesBetween, sharesText } from '../bench/machineLoad.ts';

// Two readings of /proc/stat taken 5 s apart on the 2-core CI machine while the page bench ran.
const BEFORE = 'cpu  1331747 591049 218173 6574544 2142 0 6879 91544 0 0\ncpu0 665000 295000 109000 3287000 1000 0 3400 45000 0 0\nintr 1 2 3\n';
const AFTER = 'cpu  1332216 591053 218237 6574635 2142 0 6881 91951 0 0\ncpu0 665300 295002 109030 3287050 1000 0 3401 45200 0 0\n';

describe('machine load (the benches)', () => {
  it('reads the cores\u2019 busy, idle and stolen ticks from /proc/stat', () => {
    expect(parseCpuTicks(BEFORE)).toEqual({ busy: 1331747 + 591049 + 218173 + 0 + 6879, idle: 6574544 + 2142, steal: 91544 });
    expect(parseCpuTicks('cpu0 1 2 3 4 5 6 7 8\n')).toBeNull();
    expect(parseCpuTicks('cpu  1 2 3\n')).toBeNull();
    expect(parseCpuTicks('cpu  1 2 x 4 5 6 7 8\n')).toBeNull();
  });

  it('gives each share of the time between two readings', () => {
    const before = parseCpuTicks(BEFORE);
    const after = parseCpuTicks(AFTER);
    if (!before || !after) throw new Error('unreadable');
    const s = sharesBetween(before, after);
    // 469 + 4 + 64 + 2 busy, 91 idle, 407 stolen: 1037 ticks.
    expect(s?.busy).toBeCloseTo(539 / 1037, 12);
    expect(s?.idle).toBeCloseTo(91 / 1037, 12);
    expect(s?.steal).toBeCloseTo(407 / 1037, 12);
    expect(sharesText(s ?? { busy: 0, idle: 0, steal: 0 })).toBe('busy 52% idle 9% stolen 39%');
    expect(sharesBetween(after, after)).toBeNull();
    expect(sharesBetween(after, before)).toBeNull();
  });

  it('combines runs by the median of each share', () => {
    const m = medianShares([{ busy: 0.5, idle: 0.5, steal: 0 }, null, { busy: 0.9, idle: 0, steal: 0.1 }, { busy: 0.6, idle: 0.2, steal: 0.2 }]);
    expect(m).toEqual({ busy: 0.6, idle: 0.2, steal: 0.1 });
    expect(medianShares([null])).toBeNull();
  });
});
