import { describe, expect, it } from 'vitest';
import { createDragFrameGate } from './dragFrames.ts';
import { createFrameCoalescer, type FrameScheduler } from './frameCoalescer.ts';

/** Frames that run only when the test says so, each with its own timestamp (16.7 ms apart). */
function manualFrames(): FrameScheduler & { run(): void; requested: number; waiting(): number } {
  const callbacks = new Map<number, (stamp: number) => void>();
  let next = 1;
  let stamp = 0;
  const frames = {
    requested: 0,
    request(callback: (stamp: number) => void) {
      frames.requested++;
      callbacks.set(next, callback);
      return next++;
    },
    cancel(handle: number) {
      callbacks.delete(handle);
    },
    run() {
      const due = [...callbacks.values()];
      callbacks.clear();
      stamp += 16.7;
      for (const callback of due) callback(stamp);
    },
    waiting: () => callbacks.size,
  };
  return frames;
}

describe('createFrameCoalescer', () => {
  it('applies 100 values pushed within one frame once, with the last value', () => {
    const frames = manualFrames();
    const applied: number[] = [];
    const c = createFrameCoalescer<number>((v) => applied.push(v), frames);
    for (let k = 1; k <= 100; k++) c.push(k * 0.5);
    expect(applied).toEqual([]);
    expect(frames.requested).toBe(1);
    frames.run();
    expect(applied).toEqual([50]);
    frames.run();
    expect(applied).toEqual([50]);
    expect(c.pending()).toBe(false);
  });

  it('applies one value per frame over several frames, each the latest of its frame', () => {
    const frames = manualFrames();
    const applied: number[] = [];
    const c = createFrameCoalescer<number>((v) => applied.push(v), frames);
    for (let f = 0; f < 5; f++) {
      for (let k = 0; k < 7; k++) c.push(f * 10 + k);
      frames.run();
    }
    expect(applied).toEqual([6, 16, 26, 36, 46]);
  });

  it('flush applies the waiting value at once and the frame then applies nothing again', () => {
    const frames = manualFrames();
    const applied: number[] = [];
    const c = createFrameCoalescer<number>((v) => applied.push(v), frames);
    c.push(1);
    c.push(-3.5);
    expect(c.pending()).toBe(true);
    c.flush();
    expect(applied).toEqual([-3.5]);
    expect(frames.waiting()).toBe(0);
    frames.run();
    c.flush();
    expect(applied).toEqual([-3.5]);
  });

  it('the last value arrives whatever the interleaving of pushes, frames and flushes', () => {
    // A fixed pseudo-random schedule: every run must end with the last pushed value applied, and
    // nothing applied twice in a row without a push between.
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 200; trial++) {
      const frames = manualFrames();
      const applied: number[] = [];
      const c = createFrameCoalescer<number>((v) => applied.push(v), frames);
      let last = Number.NaN;
      let pushesSinceApply = 0;
      for (let step = 0; step < 50; step++) {
        const r = random();
        if (r < 0.7) {
          last = trial * 1000 + step;
          c.push(last);
          pushesSinceApply++;
        } else {
          const before = applied.length;
          if (r < 0.9) frames.run();
          else c.flush();
          if (applied.length > before) {
            expect(pushesSinceApply).toBeGreaterThan(0);
            expect(applied[applied.length - 1]).toBe(last);
            pushesSinceApply = 0;
          }
        }
      }
      frames.run();
      if (!Number.isNaN(last)) expect(applied[applied.length - 1]).toBe(last);
      expect(c.pending()).toBe(false);
    }
  });

  it('applies in the frames that `due` accepts only, the latest value, and flush does not wait for one', () => {
    const frames = manualFrames();
    const applied: number[] = [];
    let run = 0;
    const c = createFrameCoalescer<number>((v) => applied.push(v), frames, () => run % 3 === 0);
    c.push(1);
    run = 1;
    frames.run();
    c.push(2);
    run = 2;
    frames.run();
    expect(applied).toEqual([]);
    expect(c.pending()).toBe(true);
    expect(frames.waiting()).toBe(1); // still asked for the next frame, once
    run = 3;
    frames.run();
    expect(applied).toEqual([2]);
    expect(frames.waiting()).toBe(0);
    c.push(5);
    run = 4;
    frames.run();
    c.flush();
    expect(applied).toEqual([2, 5]);
    expect(frames.waiting()).toBe(0);
  });

  it("during a slider drag applies in the plots' frames, every other frame, and in every frame otherwise", () => {
    const frames = manualFrames();
    const gate = createDragFrameGate();
    const applied: number[] = [];
    const plotsDrew: boolean[] = [];
    const c = createFrameCoalescer<number>((v) => applied.push(v), frames, (stamp) => gate.draws(stamp));
    const frame = (value: number): void => {
      c.push(value);
      let stamp = Number.NaN;
      // A plot's loop asks the gate in the same frame, after the coalescer.
      frames.request((s) => {
        stamp = s;
      });
      const before = applied.length;
      frames.run();
      plotsDrew.push(gate.draws(stamp));
      expect(applied.length > before).toBe(plotsDrew[plotsDrew.length - 1]);
    };
    for (let f = 0; f < 3; f++) frame(f);
    expect(applied).toEqual([0, 1, 2]);
    gate.setDragging(true);
    for (let f = 3; f < 11; f++) frame(f);
    // Half the frames of the drag applied a value, each the frame's latest, and they were the plots' frames.
    expect(applied.length).toBe(3 + 4);
    expect(plotsDrew.slice(3).filter(Boolean).length).toBe(4);
    gate.setDragging(false);
    const during = applied.length;
    for (let f = 11; f < 13; f++) frame(f);
    expect(applied.slice(during)).toEqual([11, 12]);
  });
});
