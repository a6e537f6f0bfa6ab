import * as d3 from 'd3';
import { describe, expect, it } from 'vitest';
import { spacedTicks, tracesMinHeight } from './VoltageTraces.tsx';

describe('trace chart sizes', () => {
  it('y ticks never closer than 26 px, whatever the chart height', () => {
    for (const height of [30, 48, 60, 90, 140, 200, 400]) {
      for (const domain of [[-90, 40], [-16, -4], [0, 1], [-0.5, 12.5]] as [number, number][]) {
        const y = d3.scaleLinear().domain(domain).range([height, 0]);
        const ticks = spacedTicks(y, height);
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        for (let k = 1; k < ticks.length; k++) {
          if (ticks.length > 2) expect(Math.abs(y(ticks[k]) - y(ticks[k - 1]))).toBeGreaterThanOrEqual(26);
        }
      }
    }
  });
  it('the least height grows with each chart: v 140 px, the input 34, the others 48', () => {
    expect(tracesMinHeight(['v'])).toBe(34 + 140);
    expect(tracesMinHeight(['v', 'iext'])).toBe(34 + 140 + 34 + 12);
    expect(tracesMinHeight(['v', 'iext', 'u', 'g'])).toBe(34 + 140 + 34 + 48 * 2 + 12 * 3);
  });
});
