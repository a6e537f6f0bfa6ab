import { describe, expect, it } from 'vitest';
import { createDragFrameGate, type PlotTurn } from './dragFrames.ts';

/** Which of the two plots draw in each of `frames` frames (every plot asks once per frame, as their loops do). */
function turns(gate: ReturnType<typeof createDragFrameGate>, frames: number, from = 0): string[] {
  const out: string[] = [];
  for (let f = 0; f < frames; f++) {
    const stamp = (from + f) * 16.7;
    out.push(([0, 1] as PlotTurn[]).map((turn) => (gate.draws(turn, stamp) ? 'TR'[turn] : '-')).join(''));
  }
  return out;
}

describe('plots during a slider drag', () => {
  it('both draw in every frame when nothing is dragged', () => {
    expect(turns(createDragFrameGate(), 4)).toEqual(['TR', 'TR', 'TR', 'TR']);
  });

  it('take turns while a slider is dragged: each draws every other frame, never both in one, and never skips two', () => {
    const gate = createDragFrameGate();
    turns(gate, 3);
    gate.setDragging(true);
    const during = turns(gate, 6, 3);
    expect(during.every((f) => f === 'T-' || f === '-R')).toBe(true);
    for (let f = 1; f < during.length; f++) expect(during[f]).not.toBe(during[f - 1]);
    gate.setDragging(false);
    expect(turns(gate, 2, 9)).toEqual(['TR', 'TR']);
  });

  it('counts frames by their timestamp, not by how many plots ask', () => {
    const gate = createDragFrameGate();
    gate.setDragging(true);
    // The traces ask twice in one frame (a re-render): the raster's turn in that frame is unchanged.
    const first = gate.draws(0, 100);
    expect(gate.draws(0, 100)).toBe(first);
    expect(gate.draws(1, 100)).toBe(!first);
  });
});
