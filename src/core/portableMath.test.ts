import { describe, expect, it } from 'vitest';
import { portableExp, portableLog } from './portableMath.ts';

/** Distance in units of the last place between two doubles of the same sign. */
function ulps(x: number, y: number): number {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, x);
  view.setFloat64(8, y);
  const bits = (offset: number) => view.getBigInt64(offset);
  const d = bits(0) - bits(8);
  return Number(d < 0n ? -d : d);
}

describe('portable exp and log', () => {
  it('agree with Math.exp within 4 units in the last place over the range the draws use', () => {
    let worst = 0;
    for (let k = -20000; k <= 20000; k++) {
      const x = k / 1000 + 0.000123;
      worst = Math.max(worst, ulps(portableExp(x), Math.exp(x)));
    }
    expect(worst).toBeLessThanOrEqual(4);
    expect([portableExp(0), portableExp(-800), portableExp(800)]).toEqual([1, 0, Infinity]);
    expect(ulps(portableExp(1), Math.E)).toBeLessThanOrEqual(4);
  });

  it('agree with Math.log within 4 units in the last place, uniforms to large numbers and subnormals', () => {
    let worst = 0;
    for (let k = 1; k <= 40000; k++) {
      const x = (k - 0.5) / 40000;
      worst = Math.max(worst, ulps(portableLog(x), Math.log(x)), ulps(portableLog(x * 1e6 + 1), Math.log(x * 1e6 + 1)));
    }
    expect(worst).toBeLessThanOrEqual(4);
    expect(Math.abs(portableLog(5e-324) - Math.log(5e-324))).toBeLessThan(1e-12);
    expect([portableLog(1), portableLog(0), portableLog(-1), portableLog(2 ** 52)]).toEqual([0, -Infinity, NaN, 52 * Math.LN2]);
  });
});
