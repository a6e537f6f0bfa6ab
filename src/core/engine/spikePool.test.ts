import { describe, expect, it } from 'vitest';
import { MAX_CHUNK, MIN_CHUNK, SpikeQueue } from './spikeQueue.ts';

/** Steps the pools below remember their peak in use for. */
const WINDOW = 1000;

/** The records of bucket b, in the order the queue gives them. */
function records(q: SpikeQueue, b: number): { offsets: number[]; weights: number[] } {
  const offsets: number[] = [];
  const weights: number[] = [];
  for (let c = q.firstChunk(b); c >= 0; c = q.nextChunk(c)) {
    const length = q.chunkLength(b, c);
    for (let r = 0; r < length; r++) {
      offsets.push(q.chunkOffsets[c][r]);
      weights.push(q.chunkWeights[c][r]);
    }
  }
  return { offsets, weights };
}

describe('the spike queue pool', () => {
  it('keeps the order of appends across chunk boundaries, bucket by bucket', () => {
    const q = new SpikeQueue(3, WINDOW);
    const total = 3 * MAX_CHUNK + 17; // through every chunk size and past the largest several times
    for (let r = 0; r < total; r++) {
      q.append(r % 3 === 0 ? 1 : 2, r, r / 8);
      if (r % 5 === 0) q.append(0, -r - 1, -r);
    }
    const one = records(q, 1);
    const two = records(q, 2);
    const zero = records(q, 0);
    const expectedOne = Array.from({ length: total }, (_, r) => r).filter((r) => r % 3 === 0);
    const expectedTwo = Array.from({ length: total }, (_, r) => r).filter((r) => r % 3 !== 0);
    expect(one.offsets).toEqual(expectedOne);
    expect(one.weights).toEqual(expectedOne.map((r) => r / 8));
    expect(two.offsets).toEqual(expectedTwo);
    expect(zero.offsets).toEqual(Array.from({ length: Math.ceil(total / 5) }, (_, k) => -5 * k - 1));
    expect(q.size(2)).toBe(expectedTwo.length);
    expect(q.isEmpty(1)).toBe(false);
  });

  it('chains chunks that double from the smallest to the largest size', () => {
    const q = new SpikeQueue(1, WINDOW);
    for (let r = 0; r < 4 * MAX_CHUNK; r++) q.append(0, r, 0);
    const lengths: number[] = [];
    for (let c = q.firstChunk(0); c >= 0; c = q.nextChunk(c)) lengths.push(q.chunkOffsets[c].length);
    expect(lengths[0]).toBe(MIN_CHUNK);
    for (let k = 1; k < lengths.length; k++) expect(lengths[k]).toBe(Math.min(2 * lengths[k - 1], MAX_CHUNK));
    expect(lengths.reduce((a, b) => a + b, 0)).toBeLessThan(4 * MAX_CHUNK + MAX_CHUNK);
  });

  it('reuses the chunks a delivered bucket gives back, allocating nothing more', () => {
    const q = new SpikeQueue(4, WINDOW);
    const fillAndClear = (b: number) => {
      for (let r = 0; r < 10_000; r++) q.append(b, r, r);
      q.settle();
      q.clear(b);
    };
    fillAndClear(0);
    const allocations = q.allocations;
    expect(allocations).toBeGreaterThan(0);
    for (let b = 1; b < 4; b++) fillAndClear(b);
    for (let b = 0; b < 4; b++) fillAndClear(b);
    expect(q.allocations).toBe(allocations);
    // The records read back after reuse are the new ones, in order.
    for (let r = 0; r < 100; r++) q.append(3, 1000 + r, 0);
    expect(records(q, 3).offsets).toEqual(Array.from({ length: 100 }, (_, r) => 1000 + r));
  });

  it('lets go of spare chunks once a burst has left its window, and reports the bytes it holds', () => {
    const q = new SpikeQueue(2, WINDOW);
    const empty = q.bytes;
    for (let r = 0; r < 100_000; r++) q.append(1, r, r);
    q.settle();
    const burst = q.bytes;
    expect(burst - empty).toBeGreaterThanOrEqual(12 * 100_000); // an Int32 and a Float64 per record
    expect(burst - empty).toBeLessThan(12 * (100_000 + 2 * MAX_CHUNK) + 1024);
    q.clear(1);
    q.settle();
    expect(q.bytes).toBe(burst); // just after the burst the chunks stay, as spares
    for (let s = 0; s < WINDOW / 2; s++) q.settle();
    expect(q.bytes).toBe(burst); // and within the window
    for (let s = 0; s < WINDOW; s++) q.settle();
    expect(q.chunksHeld).toBe(0);
    // What is left is bookkeeping: chunk ids and per-bucket heads, no records.
    expect(q.bytes - empty).toBeLessThan(1024);
    // The ids let go of are reused, with new memory.
    for (let r = 0; r < 100; r++) q.append(0, r, 2 * r);
    expect(records(q, 0).weights).toEqual(Array.from({ length: 100 }, (_, r) => 2 * r));
  });

  it('keeps what a steady load needs: no allocation after the first rounds', () => {
    const q = new SpikeQueue(20, WINDOW);
    // A load that swings between 500 and 3,000 records per bucket with a period of 100 steps.
    const load = (step: number) => Math.round(1750 + 1250 * Math.sin((2 * Math.PI * step) / 100));
    const stepOnce = (step: number) => {
      q.settle();
      q.clear(step % 20);
      for (let r = 0; r < load(step); r++) q.append((step + 1 + (r % 19)) % 20, r, r);
    };
    let step = 0;
    for (; step < 200; step++) stepOnce(step);
    const allocations = q.allocations;
    for (; step < 20_000; step++) stepOnce(step);
    expect(q.allocations).toBe(allocations);
  });

  it('grows to more buckets keeping the records in flight in their arrival steps', () => {
    const q = new SpikeQueue(3, WINDOW);
    const step = 7; // buckets 7 % 3 = 1, 8 % 3 = 2, 9 % 3 = 0 hold steps 7, 8, 9
    for (let m = step; m < step + 3; m++) for (let r = 0; r < 40; r++) q.append(m % 3, 100 * m + r, m);
    q.grow(5, step);
    expect(q.bucketCount).toBe(5);
    for (let m = step; m < step + 3; m++) {
      expect(records(q, m % 5).offsets).toEqual(Array.from({ length: 40 }, (_, r) => 100 * m + r));
    }
    expect(q.isEmpty((step + 3) % 5)).toBe(true);
    expect(q.isEmpty((step + 4) % 5)).toBe(true);
  });
});
