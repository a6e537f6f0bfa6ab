import { describe, expect, it } from 'vitest';
import { createDragFrameGate } from './dragFrames.ts';

/** Which of the two plots draw in each of `frames` frames (every plot asks once per frame, as their loops do). */
function frames(gate: ReturnType<typeof createDragFrameGate>, count: number, from = 0): string[] {
  const out: string[] = [];
  for (let f = 0; f < count; f++) {
    const stamp = (from + f) * 16.7;
    out.push(['T', 'R'].map((plot) => (gate.draws(stamp) ? plot : '-')).join(''));
  }
  return out;
}

describe('plots during a slider drag', () => {
  it('both draw in every frame when nothing is dragged', () => {
    expect(frames(createDragFrameGate(), 4)).toEqual(['TR', 'TR', 'TR', 'TR']);
  });

  it('draw together in every other frame while a slider is dragged, the frames between left to the slider', () => {
    const gate = createDragFrameGate();
    frames(gate, 3);
    gate.setDragging(true);
    const during = frames(gate, 6, 3);
    expect(during.every((f) => f === 'TR' || f === '--')).toBe(true);
    for (let f = 1; f < during.length; f++) expect(during[f]).not.toBe(during[f - 1]);
    gate.setDragging(false);
    expect(frames(gate, 2, 9)).toEqual(['TR', 'TR']);
  });

  it('counts frames by their timestamp, not by how many plots ask', () => {
    const gate = createDragFrameGate();
    gate.setDragging(true);
    // The traces ask twice in one frame (a re-render), then the raster: all get the same answer.
    const first = gate.draws(100);
    expect(gate.draws(100)).toBe(first);
    expect(gate.draws(100)).toBe(first);
    expect(gate.draws(116.7)).toBe(!first);
  });
});
