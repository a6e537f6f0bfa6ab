// AssemblyScript source of the WebAssembly kernel behind simulation.ts's delivery of whole rows (built by
// `npm run build:wasm` into spikeDelivery.wasm.ts). It adds what Simulation.deliverRecords' JS loop adds,
// the same float64 additions in the same order; it pays because WebAssembly reads the targets, weights
// and sums without the bounds checks of three typed arrays per synapse.
//
// Memory, laid out by deliveryKernel.ts: one network's arrival sums, its weights and its targets.

/**
 * sums[base + targets[s]] += weights[s] for s = start .. end - 1 in order (sums, weights and targets are
 * byte addresses of float64, float64 and int32 arrays).
 */
export function deliverRow(sums: usize, weights: usize, targets: usize, base: i32, start: i32, end: i32): void {
  const at = sums + (<usize>base << 3);
  let s = start;
  // Unrolled by four, each addition still stored before the next is read (a row may reach a neuron twice).
  for (; s + 3 < end; s += 4) {
    const w = weights + (<usize>s << 3);
    const t = targets + (<usize>s << 2);
    let p = at + (<usize>load<i32>(t) << 3);
    store<f64>(p, load<f64>(p) + load<f64>(w));
    p = at + (<usize>load<i32>(t, 4) << 3);
    store<f64>(p, load<f64>(p) + load<f64>(w, 8));
    p = at + (<usize>load<i32>(t, 8) << 3);
    store<f64>(p, load<f64>(p) + load<f64>(w, 16));
    p = at + (<usize>load<i32>(t, 12) << 3);
    store<f64>(p, load<f64>(p) + load<f64>(w, 24));
  }
  for (; s < end; s++) {
    const p = at + (<usize>load<i32>(targets + (<usize>s << 2)) << 3);
    store<f64>(p, load<f64>(p) + load<f64>(weights + (<usize>s << 3)));
  }
}

/**
 * deliverRow for `count` rows in order, given as (base, start, end) triples of int32 at `rows`. A row's
 * first cache lines are a miss to main memory (rows lie wherever the spiking neurons' are). All rows'
 * lines (up to TOUCHED synapses of each) are read first, in a loop of independent loads, so the
 * processor has many misses in flight at once; then the rows are added, from cache. Reading a row or two
 * ahead of the additions instead (as this did before) kept only a few misses in flight: the additions
 * that wait behind them fill the processor's window. The reads are folded into the result so they are kept.
 */
export function deliverRows(sums: usize, weights: usize, targets: usize, rows: usize, count: i32): i32 {
  let touched: i32 = 0;
  for (let r = 0; r < count; r++) {
    const row = rows + <usize>r * 12;
    const from = load<i32>(row, 4);
    const end = load<i32>(row, 8);
    if (end <= from) continue;
    // Past its first lines a long row is fetched ahead by the processor itself.
    const to = min(end, from + TOUCHED);
    // Every line from the first synapse's to the last's: stepping by a line from the first, then the last.
    for (let s = from; s < to; s += 16) touched ^= load<i32>(targets + (<usize>s << 2));
    touched ^= load<i32>(targets + (<usize>(to - 1) << 2));
    for (let s = from; s < to; s += 8) touched ^= load<i32>(weights + (<usize>s << 3));
    touched ^= load<i32>(weights + (<usize>(to - 1) << 3));
  }
  for (let r = 0; r < count; r++) {
    const row = rows + <usize>r * 12;
    deliverRow(sums, weights, targets, load<i32>(row), load<i32>(row, 4), load<i32>(row, 8));
  }
  return touched;
}

/** Synapses of a row read ahead at most: 8 lines of targets, 16 of weights. */
const TOUCHED = 128;
