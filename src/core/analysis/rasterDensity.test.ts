import { describe, expect, it } from 'vitest';
import { DensityGrid, MAX_CELL_COUNT, SpikeHistory, timeWindow, type DensityLayout } from './rasterDensity.ts';

const layout = (over: Partial<DensityLayout> = {}): DensityLayout => ({
  first: 0, count: 10, rows: 2, columns: 4, binMs: 1, origin: 0, scroll: false, ...over,
});

/** The grid's cells in time order as rows of numbers. */
function cells(grid: DensityGrid): number[][] {
  const snap = grid.snapshot();
  const { rows, columns } = grid.layout;
  return Array.from({ length: rows }, (_, r) => Array.from(snap.subarray(r * columns, (r + 1) * columns)));
}

describe('timeWindow', () => {
  it('starts at 0 until the run passes one window, then ends at the latest time', () => {
    expect(timeWindow(300, 1000)).toEqual([0, 1000]);
    expect(timeWindow(2500, 1000)).toEqual([1500, 2500]);
  });
});

describe('DensityGrid', () => {
  it('counts spikes into (neuron band, time bin) cells', () => {
    const grid = new DensityGrid(layout());
    // Neurons 0-4 are row 0 and 5-9 row 1; bins are 1 ms wide from t = 0.
    grid.add(Int32Array.from([0, 4, 5, 9, 9, 3, 7]), Float64Array.from([0, 0.5, 0.99, 1, 1.5, 3.2, 3.99]));
    expect(cells(grid)).toEqual([
      [2, 0, 0, 1],
      [1, 2, 0, 1],
    ]);
  });

  it('splits a band that does not divide evenly by floor(i * rows / count)', () => {
    // 7 neurons [3, 10) into 3 rows: rows hold neurons 3-5, 6-7 and 8-9 (floor(i * 3 / 7)).
    const grid = new DensityGrid(layout({ first: 3, count: 7, rows: 3, columns: 1, binMs: 10 }));
    grid.add(Int32Array.from([2, 3, 4, 5, 6, 7, 8, 9, 10]), new Float64Array(9));
    expect(cells(grid)).toEqual([[3], [2], [2]]);
  });

  it('skips spikes outside the band and outside the kept bins', () => {
    const grid = new DensityGrid(layout({ first: 2, count: 4, rows: 4, origin: 10 }));
    grid.add(Int32Array.from([1, 2, 5, 6, 3, 4]), Float64Array.from([11, 11, 11, 11, 9.99, 14]));
    expect(cells(grid)).toEqual([
      [0, 1, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 1, 0, 0],
    ]);
  });

  it('scrolls: keeps the latest bins and clears the ones it reuses', () => {
    const grid = new DensityGrid(layout({ count: 2, rows: 1, columns: 3, binMs: 2, scroll: true }));
    grid.advanceTo(5); // bins 0-2 ([0, 6) ms)
    grid.add(Int32Array.from([0, 1, 0, 1]), Float64Array.from([0, 2, 3, 5]));
    expect(grid.start).toBe(0);
    expect(cells(grid)).toEqual([[1, 2, 1]]);
    grid.advanceTo(9); // bins 2-4: bins 0 and 1 drop out
    grid.add(Int32Array.from([0, 0, 0]), Float64Array.from([6, 8, 9.5]));
    expect(grid.start).toBe(4);
    expect(cells(grid)).toEqual([[1, 1, 2]]);
    grid.advanceTo(100); // far ahead: everything drops out
    expect(grid.firstBin).toBe(48);
    expect(cells(grid)).toEqual([[0, 0, 0]]);
  });

  it('copies a range of bins out and writes one in, across the ring\'s end', () => {
    // Two rows of 4 bins; after scrolling to bin 3 the kept bins 3-6 sit in slots 3, 0, 1, 2.
    const grid = new DensityGrid(layout({ count: 2, scroll: true }));
    grid.scrollTo(3);
    grid.add(Int32Array.from([0, 0, 1, 1, 1]), Float64Array.from([3, 5, 4, 5, 6]));
    expect(cells(grid)).toEqual([[1, 0, 1, 0], [0, 1, 1, 1]]);
    // Bins 4-6 in time order, row by row.
    expect(Array.from(grid.bins(4, 7))).toEqual([0, 1, 0, 1, 1, 1]);
    expect(grid.bins(5, 5).length).toBe(0);
    expect(() => grid.bins(2, 4)).toThrow(/not within the kept bins \[3, 7\)/);
    // Another grid at the same place takes bins 3-5 and skips bin 7, not kept.
    const copy = new DensityGrid(layout({ count: 2, scroll: true }));
    copy.scrollTo(3);
    copy.setBins(5, 3, Uint16Array.from([7, 8, 9, 4, 5, 6]));
    copy.setBins(3, 2, grid.bins(3, 5));
    expect(cells(copy)).toEqual([[1, 0, 7, 8], [0, 1, 4, 5]]);
  });

  it('saturates a cell at the largest Uint16 count', () => {
    const grid = new DensityGrid(layout({ count: 1, rows: 1, columns: 1 }));
    const n = MAX_CELL_COUNT + 10;
    grid.add(new Int32Array(n), new Float64Array(n));
    expect(cells(grid)).toEqual([[MAX_CELL_COUNT]]);
  });

  it('builds again from a history the same counts as from the spikes as they came', () => {
    const history = new SpikeHistory(1000, 4);
    const live = new DensityGrid(layout({ count: 6, rows: 3, columns: 5, binMs: 1, scroll: true }));
    for (let step = 0; step < 12; step++) {
      const neurons = Int32Array.from([step % 6, (step * 5) % 6]);
      const times = Float64Array.from([step, step + 0.5]);
      history.push(neurons, times);
      live.advanceTo(step + 0.5);
      live.add(neurons, times);
    }
    const rebuilt = new DensityGrid(live.layout);
    rebuilt.advanceTo(11.5);
    rebuilt.addHistory(history);
    expect(rebuilt.start).toBe(7);
    expect(cells(rebuilt)).toEqual(cells(live));
    // Bins 7-11 hold 2 spikes each, 10 in all.
    expect(cells(live).flat().reduce((a, b) => a + b, 0)).toBe(10);
  });
});

describe('DensityGrid, counted against each spike on its own', () => {
  it('puts every spike where its own bin and row say, across scrolls and steps shared by many spikes', () => {
    // A live window of 7 bins of 0.75 ms over 3 rows of 10 neurons; steps of 0.5 ms with several spikes each.
    const grid = new DensityGrid(layout({ count: 10, rows: 3, columns: 7, binMs: 0.75, origin: -0.25, scroll: true }));
    const expected = new Map<string, number>();
    for (let step = 0; step < 60; step++) {
      const t = step * 0.5;
      grid.advanceTo(t);
      const neurons = Int32Array.from({ length: step % 5 }, (_, i) => (step * 3 + i * 7) % 12 - 1); // some outside the band
      grid.add(neurons, new Float64Array(neurons.length).fill(t));
      for (const n of neurons) {
        if (n < 0 || n >= 10) continue;
        const key = `${Math.floor((n * 3) / 10)}|${Math.floor((t + 0.25) / 0.75)}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
    }
    const snap = cells(grid);
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 7; c++) expect(snap[r][c]).toBe(expected.get(`${r}|${grid.firstBin + c}`) ?? 0);
    }
    expect(snap.flat().reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
  });
});

describe('SpikeHistory', () => {
  it('grows to its cap, then keeps the latest spikes', () => {
    const h = new SpikeHistory(5, 2);
    h.push(Int32Array.from([1, 2, 3]), Float64Array.from([1, 2, 3]));
    expect(h.length).toBe(3);
    h.push(Int32Array.from([4, 5, 6, 7]), Float64Array.from([4, 5, 6, 7]));
    expect(h.length).toBe(5);
    expect(h.oldest).toBe(3);
    expect(h.select(0, 100, 0, 100)).toEqual({ neurons: Int32Array.from([3, 4, 5, 6, 7]), times: Float64Array.from([3, 4, 5, 6, 7]) });
    // A batch bigger than the ring keeps its own last spikes.
    h.push(Int32Array.from([10, 11, 12, 13, 14, 15, 16]), Float64Array.from([10, 11, 12, 13, 14, 15, 16]));
    expect(Array.from(h.select(0, 100, 0, 100).neurons)).toEqual([12, 13, 14, 15, 16]);
  });

  it('keeps the latest spikes of batches that wrap around the ring at every offset', () => {
    // Batches of 0-9 spikes into a ring of 7: each batch lands at another offset, some across the end.
    const h = new SpikeHistory(7, 7);
    const all: number[] = [];
    let next = 0;
    for (let batch = 0; batch < 40; batch++) {
      const size = (batch * 5) % 10;
      const ids = Array.from({ length: size }, () => next++);
      all.push(...ids);
      h.push(Int32Array.from(ids), Float64Array.from(ids, (id) => id / 2));
      const kept = all.slice(-7);
      expect(h.length).toBe(kept.length);
      expect(Array.from({ length: h.length }, (_, k) => h.neurons[h.at(k)])).toEqual(kept);
      expect(Array.from({ length: h.length }, (_, k) => h.times[h.at(k)])).toEqual(kept.map((id) => id / 2));
    }
  });

  it('selects the spikes of a band of neurons in a span of time', () => {
    const h = new SpikeHistory(100);
    h.push(Int32Array.from([0, 5, 6, 7, 5, 9]), Float64Array.from([1, 2, 3, 4, 5, 6]));
    const picked = h.select(5, 3, 2, 5); // neurons 5-7, 2 <= t <= 5
    expect(Array.from(picked.neurons)).toEqual([5, 6, 7, 5]);
    expect(Array.from(picked.times)).toEqual([2, 3, 4, 5]);
  });
});
