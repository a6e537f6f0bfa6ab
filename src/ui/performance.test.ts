import { describe, expect, it } from 'vitest';
import { bottleneckOf, FrameRate } from './performance.ts';

describe('bottleneckOf', () => {
  const base = { running: true, speed: 1, achieved: 1, busy: 0.3, fps: 60 } as const;
  it('says the simulation when the run is behind and the Worker never rests', () => {
    expect(bottleneckOf({ ...base, achieved: 0.14, busy: 0.97 })).toBe('simulation');
    // Paced ticks leave timer gaps: three quarters of the time stepping is flat out.
    expect(bottleneckOf({ ...base, achieved: 0.14, busy: 0.75 })).toBe('simulation');
    expect(bottleneckOf({ ...base, speed: 'max', achieved: 3, busy: 0.97 })).toBe('simulation');
  });
  it('says the drawing when frames fall below 30 a second', () => {
    expect(bottleneckOf({ ...base, fps: 12 })).toBe('drawing');
    expect(bottleneckOf({ ...base, achieved: 0.5, busy: 0.95, fps: 12 })).toBe('both');
  });
  it('says neither when the run keeps up, and idle when it is not running', () => {
    expect(bottleneckOf(base)).toBe('neither');
    // Behind but with the Worker mostly idle: not the simulation's doing.
    expect(bottleneckOf({ ...base, achieved: 0.5, busy: 0.4 })).toBe('neither');
    expect(bottleneckOf({ ...base, running: false, fps: 5 })).toBe('idle');
  });
});

describe('FrameRate', () => {
  it('counts frames over its window', () => {
    const rate = new FrameRate(500);
    expect(rate.tick(0)).toBe(false);
    let updated = false;
    for (let k = 1; k <= 30; k++) updated = rate.tick(k * 20) || updated; // 50 frames a second
    expect(updated).toBe(true);
    expect(rate.fps).toBe(50);
  });
});
