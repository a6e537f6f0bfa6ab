// AssemblyScript source of the WebAssembly kernel behind simulation.ts's neuron update (built by
// `npm run build:wasm` into neuronUpdate.wasm.ts). It computes what Simulation.updateCurrentDriven and
// updateNeurons compute, the same IEEE operations in the same order (no fused multiply-add), two neurons
// at a time in f64x2 lanes; a neuron that spiked or became non-finite is settled on its own.
//
// Memory, laid out by neuronKernel.ts: per neuron v, u, the external current, the current synapses'
// input, the cells' parameters (dt a, b, c, d, p2, p1, p0, vb, ur, vpeak, 1 / C, n places apart), the
// conductance channels' states, the list of neurons that spiked, and room for BLOCK currents and BLOCK + 4
// slow places. updateSharedNoise also reads the ziggurat's tables (normalKernel.ts lays them out).

import { four, laneKey, slowNormal, triple32, triple32x4 } from './ziggurat.as';

// Byte offsets of the parameters within the cells' block, in units of its stride (n f64).
const DTA: usize = 0;
const B: usize = 1;
const C: usize = 2;
const D: usize = 3;
const P2: usize = 4;
const P1: usize = 5;
const P0: usize = 6;
const VB: usize = 7;
const UR: usize = 8;
const VPEAK: usize = 9;
const INV_C: usize = 10;

/**
 * The end of neuron i's step, given its new v and u (stored already): a non-finite state is noted (the
 * first one's index at `failed`) and does not spike; else v >= vpeak spikes, v <- c, u <- u + d, and i is
 * appended to the spike list. Returns the spike count.
 */
@inline function settle(i: i32, v: usize, u: usize, c: f64, d: f64, vpeak: f64, spiked: usize, count: i32, failed: usize): i32 {
  const at = <usize>i << 3;
  const vi = load<f64>(v + at);
  const ui = load<f64>(u + at);
  // x * 0 is 0 for finite x and NaN for NaN or +-Infinity: one test for both states, as in the JS loop.
  if (vi * 0 + ui * 0 != 0) {
    if (load<i32>(failed) < 0) store<i32>(failed, i);
  } else if (vi >= vpeak) {
    store<f64>(v + at, c);
    store<f64>(u + at, ui + d);
    store<i32>(spiked + (<usize>count << 2), i);
    count++;
  }
  return count;
}

/** Whether either lane needs settling: a non-finite state or v at the peak. */
@inline function unusual(vi: v128, ui: v128, vpeak: v128): bool {
  const zero = f64x2.splat(0);
  const check = f64x2.add(f64x2.mul(vi, zero), f64x2.mul(ui, zero));
  return v128.any_true(v128.or(f64x2.ne(check, zero), f64x2.ge(vi, vpeak)));
}

/**
 * updateShared's neurons per block: a multiple of 4 (two pairs per iteration), one bit each in an i32.
 * Measured at N = 100,000 (two half-steps): as fast as 64 or 128, faster than 16. Exported for
 * neuronKernel.ts, which makes room for the currents.
 */
export const BLOCK = 32;

/** updateSharedNoise's neurons per chunk of noise drawn ahead of their blocks (a multiple of BLOCK); exported for neuronKernel.ts. */
export const NOISE_CHUNK = 256;

/**
 * A bit per lane (1 << lane), set where the lane is ordinary: v and u finite, v below the peak. A lane
 * whose bit is clear may still be ordinary (v + u overflowing); settle decides exactly. For finite v and
 * u with a finite sum, (v + u) * 0 is +-0 and v + (+-0) compares with the peak as v does; a NaN or an
 * infinity in v or u makes the product NaN, and NaN < vpeak is false. Four operations for both tests.
 */
@inline function ordinaryLanes(vi: v128, ui: v128, vpeak: v128): i32 {
  return i64x2.bitmask(f64x2.lt(f64x2.add(vi, f64x2.mul(f64x2.add(vi, ui), f64x2.splat(0))), vpeak));
}

/** One half-step (or Euler step) of v for a pair of neurons, as updateCurrentDriven associates it. */
@inline function halfStep(vi: v128, ui: v128, I: v128, H: v128, Q2: v128, Q1: v128, Q0: v128): v128 {
  return f64x2.add(vi, f64x2.mul(H, f64x2.add(f64x2.sub(f64x2.add(f64x2.add(f64x2.mul(Q2, f64x2.mul(vi, vi)), f64x2.mul(Q1, vi)), Q0), ui), I)));
}

/** u's step for a pair of neurons, as updateCurrentDriven associates it. */
@inline function recovery(ui: v128, vi: v128, dta: v128, b: v128, VB: v128, UR: v128): v128 {
  return f64x2.add(ui, f64x2.mul(dta, f64x2.sub(f64x2.mul(b, f64x2.sub(vi, VB)), f64x2.mul(UR, ui))));
}

/**
 * One neuron's whole step (a block's leftover neurons, one at a time), given its input current I, as
 * updateCurrentDriven associates it; then settled. Returns the spike count.
 */
@inline function stepOne(
  i: i32, I: f64, v: usize, u: usize, dta: usize, b: usize, cells: usize, stride: usize, h: f64, twoHalfSteps: bool,
  q2: f64, q1: f64, q0: f64, vb: f64, ur: f64, vpeak: f64, spiked: usize, count: i32, failed: usize,
): i32 {
  const at = <usize>i << 3;
  const ui = load<f64>(u + at);
  let vi = load<f64>(v + at);
  vi = vi + h * (q2 * (vi * vi) + q1 * vi + q0 - ui + I);
  if (twoHalfSteps) vi = vi + h * (q2 * (vi * vi) + q1 * vi + q0 - ui + I);
  store<f64>(v + at, vi);
  store<f64>(u + at, ui + load<f64>(dta + at) * (load<f64>(b + at) * (vi - vb) - ur * ui));
  return settle(i, v, u, load<f64>(cells + C * stride + at), load<f64>(cells + D * stride + at), vpeak, spiked, count, failed);
}

/**
 * The rest of a block's step once each pair's first half-step is done (I at `s`): the second half-steps,
 * then u, then only the lanes flagged are settled, in increasing order (the spike list stays in neuron
 * order). Returns the spike count.
 */
@inline function finishBlock(
  i: i32, start: usize, end: usize, s0: usize, v: usize, u: usize, dta: usize, b: usize, cells: usize, stride: usize,
  twoHalfSteps: bool, H: v128, Q2: v128, Q1: v128, Q0: v128, VBx: v128, URx: v128, PEAK: v128, vpeak: f64,
  spiked: usize, count: i32, failed: usize,
): i32 {
  if (twoHalfSteps) {
    for (let at = start, s = s0; at < end; at += 32, s += 32) {
      v128.store(v + at, halfStep(v128.load(v + at), v128.load(u + at), v128.load(s), H, Q2, Q1, Q0));
      v128.store(v + at, halfStep(v128.load(v + at, 16), v128.load(u + at, 16), v128.load(s, 16), H, Q2, Q1, Q0), 16);
    }
  }
  let ordinary = 0;
  for (let at = start, lane = 0; at < end; at += 32, lane += 4) {
    const vi = v128.load(v + at);
    const vj = v128.load(v + at, 16);
    const un = recovery(v128.load(u + at), vi, v128.load(dta + at), v128.load(b + at), VBx, URx);
    const um = recovery(v128.load(u + at, 16), vj, v128.load(dta + at, 16), v128.load(b + at, 16), VBx, URx);
    v128.store(u + at, un);
    v128.store(u + at, um, 16);
    ordinary |= (ordinaryLanes(vi, un, PEAK) | (ordinaryLanes(vj, um, PEAK) << 2)) << lane;
  }
  for (let flagged = ~ordinary; flagged != 0; flagged &= flagged - 1) {
    const k = i + ctz(flagged);
    const at = <usize>k << 3;
    count = settle(k, v, u, load<f64>(cells + C * stride + at), load<f64>(cells + D * stride + at), vpeak, spiked, count, failed);
  }
  return count;
}

/**
 * Simulation.updateCurrentDriven: neurons lo .. hi - 1 sharing one quadratic, current input only.
 * Returns the spike count (neurons at `spiked`); `failed` (an int32 set to -1 by the caller) gets the
 * first neuron whose state became non-finite. `currents` is room for BLOCK f64.
 *
 * Why in blocks, pass by pass: one pair's step is a chain of about 25 dependent operations (some 60
 * cycles), and a loop that does a whole pair per iteration keeps too few pairs in flight to hide that;
 * it ran at ~3 ns per neuron-step, with or without memory traffic (a kernel on 1,000 places as fast as
 * on 100,000). Doing a block's first half-steps, then its second ones, then its u, each pass a loop of
 * short independent chains, lets the processor overlap many pairs (~2 ns); the spike test becomes a
 * bit per lane, and only the lanes it flags are settled, in order.
 */
export function updateShared(
  v: usize, u: usize, external: usize, input: usize, cells: usize, stride: usize, spiked: usize, failed: usize, currents: usize,
  lo: i32, hi: i32, h: f64, twoHalfSteps: bool, q2: f64, q1: f64, q0: f64, vb: f64, ur: f64, vpeak: f64,
): i32 {
  const dta = cells + DTA * stride;
  const b = cells + B * stride;
  const H = f64x2.splat(h);
  const Q2 = f64x2.splat(q2);
  const Q1 = f64x2.splat(q1);
  const Q0 = f64x2.splat(q0);
  const VBx = f64x2.splat(vb);
  const URx = f64x2.splat(ur);
  const PEAK = f64x2.splat(vpeak);
  let count = 0;
  let i = lo;
  for (; i + BLOCK <= hi; i += BLOCK) {
    const start = <usize>i << 3;
    const end = start + (<usize>BLOCK << 3);
    // Two pairs per iteration in each pass: fewer loop overheads (about 8% in the copy).
    for (let at = start, s = currents; at < end; at += 32, s += 32) {
      const I = f64x2.add(v128.load(external + at), v128.load(input + at));
      const J = f64x2.add(v128.load(external + at, 16), v128.load(input + at, 16));
      v128.store(s, I);
      v128.store(s, J, 16);
      v128.store(v + at, halfStep(v128.load(v + at), v128.load(u + at), I, H, Q2, Q1, Q0));
      v128.store(v + at, halfStep(v128.load(v + at, 16), v128.load(u + at, 16), J, H, Q2, Q1, Q0), 16);
    }
    count = finishBlock(i, start, end, currents, v, u, dta, b, cells, stride, twoHalfSteps, H, Q2, Q1, Q0, VBx, URx, PEAK, vpeak, spiked, count, failed);
  }
  for (; i < hi; i++) {
    const at = <usize>i << 3;
    const I = load<f64>(external + at) + load<f64>(input + at);
    count = stepOne(i, I, v, u, dta, b, cells, stride, h, twoHalfSteps, q2, q1, q0, vb, ur, vpeak, spiked, count, failed);
  }
  return count;
}

/**
 * updateShared for neurons lo .. hi - 1 whose only input is one noise input (counter-based draws, held one
 * step), drawn here instead of read from an external current: neuron i's normal is the place i - offset
 * of the input keyed by laneBase (CounterStream's keys), its current mean + sd z (what the noise kernel
 * writes, 0 + (mean + sd z), when mean is not -0: the caller's to check), and I = that + input, the
 * same IEEE operations as drawing first and updating after. Each block's normals are drawn into
 * `currents` by the noise kernel's fast path, its slow places then by the slow path, before the block's
 * update: the current never goes through memory (hashed[p] = triple32(p), the noise kernel's). With
 * `clear`, input is zeroed as it is read (the caller would empty it after the step). The spike list
 * continues from `count`; returns the new count.
 */
export function updateSharedNoise(
  v: usize, u: usize, input: usize, cells: usize, stride: usize, spiked: usize, failed: usize, currents: usize,
  lo: i32, hi: i32, h: f64, twoHalfSteps: bool, q2: f64, q1: f64, q0: f64, vb: f64, ur: f64, vpeak: f64,
  count: i32, tables: usize, hashed: usize, laneBase: u32, offset: i32, mean: f64, sd: f64, clear: bool,
): i32 {
  const dta = cells + DTA * stride;
  const b = cells + B * stride;
  const H = f64x2.splat(h);
  const Q2 = f64x2.splat(q2);
  const Q1 = f64x2.splat(q1);
  const Q0 = f64x2.splat(q0);
  const VBx = f64x2.splat(vb);
  const URx = f64x2.splat(ur);
  const PEAK = f64x2.splat(vpeak);
  const ZERO = f64x2.splat(0);
  const key = laneKey(laneBase, 0);
  const key1 = laneKey(laneBase, 1);
  const key2 = laneKey(laneBase, 2);
  const keys = i32x4.splat(key);
  const means = f64x2.splat(mean);
  const sds = f64x2.splat(sd);
  const slow = currents + (<usize>NOISE_CHUNK << 3);
  let i = lo;
  while (i + BLOCK <= hi) {
    // A chunk's noise first, four places at a time, the slow ones listed (as lanes of the chunk) and drawn
    // after: in chunks of NOISE_CHUNK, so that the slow path's irregular turns come once per chunk, not per block.
    const chunk = min(NOISE_CHUNK, (hi - i) & ~(BLOCK - 1));
    const places = hashed + (<usize>(i - offset) << 2);
    let slowCount = 0;
    for (let lane = 0; lane < chunk; lane += 8) {
      const words0 = triple32x4(v128.xor(keys, v128.load(places + (<usize>lane << 2))));
      const words1 = triple32x4(v128.xor(keys, v128.load(places + (<usize>lane << 2), 16)));
      slowCount = four(tables, words0, lane, currents + (<usize>lane << 3), slow, slowCount, means, sds, 1);
      slowCount = four(tables, words1, lane + 4, currents + (<usize>lane << 3) + 32, slow, slowCount, means, sds, 1);
    }
    for (let k = 0; k < slowCount; k++) {
      const lane = load<i32>(slow + (<usize>k << 2));
      const target = load<u32>(places + (<usize>lane << 2));
      store<f64>(currents + (<usize>lane << 3), mean + sd * slowNormal(tables, triple32(key ^ target), laneBase, key1, key2, target));
    }
    for (let noise = currents, last = i + chunk; i < last; i += BLOCK, noise += <usize>BLOCK << 3) {
      const start = <usize>i << 3;
      const end = start + (<usize>BLOCK << 3);
      for (let at = start, s = noise; at < end; at += 32, s += 32) {
        const I = f64x2.add(v128.load(s), v128.load(input + at));
        const J = f64x2.add(v128.load(s, 16), v128.load(input + at, 16));
        if (clear) {
          v128.store(input + at, ZERO);
          v128.store(input + at, ZERO, 16);
        }
        v128.store(s, I);
        v128.store(s, J, 16);
        v128.store(v + at, halfStep(v128.load(v + at), v128.load(u + at), I, H, Q2, Q1, Q0));
        v128.store(v + at, halfStep(v128.load(v + at, 16), v128.load(u + at, 16), J, H, Q2, Q1, Q0), 16);
      }
      count = finishBlock(i, start, end, noise, v, u, dta, b, cells, stride, twoHalfSteps, H, Q2, Q1, Q0, VBx, URx, PEAK, vpeak, spiked, count, failed);
    }
  }
  for (; i < hi; i++) {
    const at = <usize>i << 3;
    const target = load<u32>(hashed + (<usize>(i - offset) << 2));
    // slowNormal takes the fast path first: the same deviate as `four` for a place inside its layer.
    const I = (mean + sd * slowNormal(tables, triple32(key ^ target), laneBase, key1, key2, target)) + load<f64>(input + at);
    if (clear) store<f64>(input + at, 0);
    count = stepOne(i, I, v, u, dta, b, cells, stride, h, twoHalfSteps, q2, q1, q0, vb, ur, vpeak, spiked, count, failed);
  }
  return count;
}

/**
 * Simulation.updateNeurons without write-up synapses: every neuron its own quadratic and 1 / C, and
 * `channels` conductance channels (state of channel ch at states + ch * stride; its gbase * mean and
 * reversal at gm[ch], erev[ch]) treated implicitly. Returns and reports as updateShared.
 */
export function updateGeneral(
  v: usize, u: usize, external: usize, input: usize, cells: usize, stride: usize, spiked: usize, failed: usize,
  lo: i32, hi: i32, h: f64, twoHalfSteps: bool, states: usize, gm: usize, erev: usize, channels: i32,
): i32 {
  const H = f64x2.splat(h);
  const ONE = f64x2.splat(1);
  let count = 0;
  let i = lo;
  for (; i + 1 < hi; i += 2) {
    const at = <usize>i << 3;
    const p = cells + at;
    let G = f64x2.splat(0);
    let GE = f64x2.splat(0);
    for (let ch = 0; ch < channels; ch++) {
      const g = f64x2.mul(v128.load64_splat(gm + (<usize>ch << 3)), v128.load(states + <usize>ch * stride + at));
      G = f64x2.add(G, g);
      GE = f64x2.add(GE, f64x2.mul(g, v128.load64_splat(erev + (<usize>ch << 3))));
    }
    const I = f64x2.add(v128.load(external + at), v128.load(input + at));
    const ui = v128.load(u + at);
    let vi = v128.load(v + at);
    const s = v128.load(p + INV_C * stride);
    const uS = f64x2.mul(ui, s);
    const IS = f64x2.mul(I, s);
    const GES = f64x2.mul(GE, s);
    const scale = f64x2.div(ONE, f64x2.add(ONE, f64x2.mul(H, f64x2.mul(G, s))));
    const q2 = v128.load(p + P2 * stride);
    const q1 = v128.load(p + P1 * stride);
    const q0 = v128.load(p + P0 * stride);
    vi = f64x2.mul(f64x2.add(vi, f64x2.mul(H, f64x2.add(f64x2.add(f64x2.sub(f64x2.add(f64x2.add(f64x2.mul(q2, f64x2.mul(vi, vi)), f64x2.mul(q1, vi)), q0), uS), IS), GES))), scale);
    if (twoHalfSteps) {
      vi = f64x2.mul(f64x2.add(vi, f64x2.mul(H, f64x2.add(f64x2.add(f64x2.sub(f64x2.add(f64x2.add(f64x2.mul(q2, f64x2.mul(vi, vi)), f64x2.mul(q1, vi)), q0), uS), IS), GES))), scale);
    }
    const un = f64x2.add(
      ui,
      f64x2.mul(v128.load(p + DTA * stride), f64x2.sub(f64x2.mul(v128.load(p + B * stride), f64x2.sub(vi, v128.load(p + VB * stride))), f64x2.mul(v128.load(p + UR * stride), ui))),
    );
    v128.store(v + at, vi);
    v128.store(u + at, un);
    const peak = v128.load(p + VPEAK * stride);
    if (unusual(vi, un, peak)) {
      count = settle(i, v, u, load<f64>(p + C * stride), load<f64>(p + D * stride), f64x2.extract_lane(peak, 0), spiked, count, failed);
      count = settle(i + 1, v, u, load<f64>(p + C * stride, 8), load<f64>(p + D * stride, 8), f64x2.extract_lane(peak, 1), spiked, count, failed);
    }
  }
  for (; i < hi; i++) {
    const at = <usize>i << 3;
    const p = cells + at;
    let G: f64 = 0;
    let GE: f64 = 0;
    for (let ch = 0; ch < channels; ch++) {
      const g = load<f64>(gm + (<usize>ch << 3)) * load<f64>(states + <usize>ch * stride + at);
      G += g;
      GE += g * load<f64>(erev + (<usize>ch << 3));
    }
    const I = load<f64>(external + at) + load<f64>(input + at);
    const ui = load<f64>(u + at);
    let vi = load<f64>(v + at);
    const s = load<f64>(p + INV_C * stride);
    const uS = ui * s;
    const IS = I * s;
    const GES = GE * s;
    const scale = 1 / (1 + h * (G * s));
    const q2 = load<f64>(p + P2 * stride);
    const q1 = load<f64>(p + P1 * stride);
    const q0 = load<f64>(p + P0 * stride);
    vi = (vi + h * (q2 * (vi * vi) + q1 * vi + q0 - uS + IS + GES)) * scale;
    if (twoHalfSteps) vi = (vi + h * (q2 * (vi * vi) + q1 * vi + q0 - uS + IS + GES)) * scale;
    store<f64>(v + at, vi);
    store<f64>(u + at, ui + load<f64>(p + DTA * stride) * (load<f64>(p + B * stride) * (vi - load<f64>(p + VB * stride)) - load<f64>(p + UR * stride) * ui));
    count = settle(i, v, u, load<f64>(p + C * stride), load<f64>(p + D * stride), load<f64>(p + VPEAK * stride), spiked, count, failed);
  }
  return count;
}
