/**
 * Seeded random numbers: xoshiro128** (Blackman & Vigna), seeded through splitmix32.
 * Only 32-bit integer arithmetic and Math.log/Math.sqrt, so Node and the browser (both V8) draw
 * bit-identical sequences from the same seed.
 */

const TWO_POW_32 = 4294967296;

export function splitmix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** FNV-1a hash of a string, to derive independent streams from one seed by name. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A stream's position (Random.state). */
export interface RandomState {
  words: number[];
  spareNormal: number;
  hasSpareNormal: boolean;
}

export class Random {
  // State in an Int32Array: plain number fields would flip between small-integer and heap-number
  // representations and allocate on every draw.
  private readonly s = new Int32Array(4);
  private spareNormal = 0;
  private hasSpareNormal = false;

  /**
   * @param seed the experiment's seed
   * @param stream a name for an independent stream (e.g. "input:noise1"), so that adding one random
   *   element to an experiment does not change the draws of the others
   */
  constructor(seed: number, stream = '') {
    let state = (seed >>> 0) ^ hashString(stream);
    for (let k = 0; k < 4; k++) {
      let out: number;
      [state, out] = splitmix32(state);
      this.s[k] = out;
    }
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1; // the all-zero state is a fixed point
  }

  /** Where the stream is, as plain data (a run handed to another Worker goes on drawing the same numbers). */
  state(): RandomState {
    return { words: Array.from(this.s), spareNormal: this.spareNormal, hasSpareNormal: this.hasSpareNormal };
  }

  /** Puts the stream where state() found it. */
  setState(state: RandomState): void {
    for (let k = 0; k < 4; k++) this.s[k] = state.words[k];
    this.spareNormal = state.spareNormal;
    this.hasSpareNormal = state.hasSpareNormal;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9);
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result >>> 0;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  uniform(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform integer in [0, n). */
  integer(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal deviate (Marsaglia's polar method; no trigonometry). */
  normal(): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return this.spareNormal;
    }
    let x: number;
    let y: number;
    let s: number;
    do {
      x = 2 * this.uniform() - 1;
      y = 2 * this.uniform() - 1;
      s = x * x + y * y;
    } while (s >= 1 || s === 0);
    const scale = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = y * scale;
    this.hasSpareNormal = true;
    return x * scale;
  }

  /**
   * Fills `out` with standard normal deviates: the same numbers, in the same order, as out.length calls
   * of normal() (the spare carried in and out as there). The generator's state stays in locals for the
   * whole batch, which takes about half the time per draw of calling normal() (the step loop draws one
   * per noise target per step).
   */
  fillNormal(out: Float64Array): void {
    const count = out.length;
    let j = 0;
    if (count > 0 && this.hasSpareNormal) {
      this.hasSpareNormal = false;
      out[j++] = this.spareNormal;
    }
    const state = this.s;
    let s0 = state[0];
    let s1 = state[1];
    let s2 = state[2];
    let s3 = state[3];
    while (j < count) {
      let x = 0;
      let y = 0;
      let s: number;
      do {
        // Two steps of nextUint32, written out so the state stays in locals.
        for (let half = 0; half < 2; half++) {
          const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
          const t = s1 << 9;
          s2 ^= s0;
          s3 ^= s1;
          s1 ^= s2;
          s0 ^= s3;
          s2 ^= t;
          s3 = rotl(s3, 11);
          const uniform = 2 * ((result >>> 0) / TWO_POW_32) - 1;
          if (half === 0) x = uniform;
          else y = uniform;
        }
        s = x * x + y * y;
      } while (s >= 1 || s === 0);
      const scale = Math.sqrt((-2 * Math.log(s)) / s);
      out[j++] = x * scale;
      if (j < count) {
        out[j++] = y * scale;
      } else {
        this.spareNormal = y * scale;
        this.hasSpareNormal = true;
      }
    }
    state[0] = s0;
    state[1] = s1;
    state[2] = s2;
    state[3] = s3;
  }

  /** Poisson-distributed count with mean `mean` (inversion; meant for the small means of one step). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.uniform();
    while (p > limit) {
      k++;
      p *= this.uniform();
    }
    return k;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
