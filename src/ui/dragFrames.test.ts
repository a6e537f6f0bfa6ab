import { describe, expect, it } from 'vitest';
import { createDragFrameGate, RASTER_DRAG_PERIOD, type DragPeriod } from './dragFrames.ts';

/**
 * Which of the two plots draw in each of `frames` frames (every plot asks once per frame, as their loops
 * do): the traces at the gate's default period, the raster at `rasterEvery`.
 */
function frames(gate: ReturnType<typeof createDragFrameGate>, count: number, from = 0, rasterEvery: DragPeriod = 2): string[] {
  const out: string[] = [];
  for (let f = 0; f < count; f++) {
    const stamp = (from + f) * 16.7;
    out.push((gate.draws(stamp) ? 'T' : '-') + (gate.draws(stamp, rasterEvery) ? 'R' : '-'));
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

  it('draws the raster in every fourth frame of a drag, always with the traces, and in every frame after it', () => {
    const gate = createDragFrameGate();
    frames(gate, 2, 0, RASTER_DRAG_PERIOD);
    gate.setDragging(true);
    const during = frames(gate, 12, 2, RASTER_DRAG_PERIOD);
    expect(during.filter((f) => f === 'TR')).toHaveLength(3);
    expect(during.filter((f) => f === 'T-')).toHaveLength(3);
    expect(during.filter((f) => f === '--')).toHaveLength(6);
    // Four frames apart, the traces' frames between.
    const rasterFrames = during.flatMap((f, k) => (f === 'TR' ? [k] : []));
    expect(rasterFrames[1] - rasterFrames[0]).toBe(4);
    expect(rasterFrames[2] - rasterFrames[1]).toBe(4);
    gate.setDragging(false);
    expect(frames(gate, 3, 14, RASTER_DRAG_PERIOD)).toEqual(['TR', 'TR', 'TR']);
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
