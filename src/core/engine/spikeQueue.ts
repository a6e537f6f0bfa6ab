/**
 * Spikes in flight: records (an Int32 offset and a Float64 weight) in one bucket per arrival step, each
 * bucket a chain of chunks taken from a shared pool, in the order they were appended. A delivered
 * bucket gives its chunks back, so the memory held follows the records in flight rather than each
 * bucket's largest size; and the pool lets go of spare chunks beyond what it recently needed, so the
 * memory of a burst returns once it has passed.
 *
 * A bucket's chunks double in size from MIN_CHUNK to MAX_CHUNK records (a bucket of a few records takes
 * little, a large one is a chain of large chunks), and the pool keeps spare chunks per size class.
 * Nothing is allocated while the pool has spare chunks of the size asked for: in steady state the step
 * loop allocates nothing.
 *
 * Reading a bucket (the caller's loop, which knows what the records mean):
 *   for (let c = q.firstChunk(b); c >= 0; c = q.nextChunk(c)) {
 *     const offsets = q.chunkOffsets[c], weights = q.chunkWeights[c], length = q.chunkLength(b, c);
 *     ...
 *   }
 *   q.clear(b);
 */

/** Records in a bucket's first chunk; each further chunk doubles, up to MAX_CHUNK. */
export const MIN_CHUNK = 16;
/** Records in the largest chunk (48 KiB): large enough that walking a chain costs nothing next to its records. */
export const MAX_CHUNK = 4096;
const CLASSES = Math.log2(MAX_CHUNK / MIN_CHUNK) + 1;
/**
 * How long the pool remembers a peak: it keeps the chunks (in use and spare, per size class) that the
 * most in use over the last window of steps needs, with a margin. A window of a second of simulated
 * time (POOL_WINDOW_MS / dt steps) spans a network's rhythms, so their ups and downs do not make it let
 * go of chunks it needs again a cycle later; a burst's memory returns a window after it.
 */
export const POOL_WINDOW_MS = 1000;
/** The window is kept as the maxima of this many blocks of steps: the oldest block drops out at a time. */
const WINDOW_BLOCKS = 16;
/** Spare chunks kept beyond the window's peak: a margin of a quarter, and two of each class. */
const KEEP_MARGIN = 1.25;
const KEEP_EXTRA = 2;

/** No chunk (end of a chain, empty list). */
const NONE = -1;
const NO_OFFSETS = new Int32Array(0);
const NO_WEIGHTS = new Float64Array(0);

export class SpikeQueue {
  /** Arrival steps the buckets reach: bucket m % bucketCount holds the records arriving in step m. */
  bucketCount: number;
  /** Per chunk id: its records (empty arrays for an id whose memory was let go). */
  readonly chunkOffsets: Int32Array[] = [];
  readonly chunkWeights: Float64Array[] = [];
  /** Per chunk id: the next chunk of its bucket's chain, or of the list of spare (or vacant) chunks. */
  private chunkNext = new Int32Array(64);
  /** Per chunk id: its size class (records MIN_CHUNK << class). */
  private chunkClass = new Int8Array(64);

  /** Per bucket: first and last chunk of its chain, and records in the last chunk (0: the bucket is empty). */
  private head: Int32Array;
  private tail: Int32Array;
  private tailFill: Int32Array;
  /** Per bucket: the arrays of its last chunk (empty for an empty bucket), so that append reads no chunk id. */
  private tailOffsets: Int32Array[] = [];
  private tailWeights: Float64Array[] = [];

  /** Per size class: spare chunks (a list through chunkNext), how many, how many in use. */
  private readonly spareHead = new Int32Array(CLASSES).fill(NONE);
  private readonly spareCount = new Int32Array(CLASSES);
  private readonly inUse = new Int32Array(CLASSES);
  /** Per block of the window and size class: the most chunks in use in that block (block * CLASSES + class). */
  private readonly blockPeaks = new Int32Array(WINDOW_BLOCKS * CLASSES);
  private readonly blockSteps: number;
  private block = 0;
  private stepInBlock = 0;
  /** Chunk ids whose memory was let go, for reuse (a list through chunkNext). */
  private vacantHead = NONE;
  /** Chunks allocated so far (a count of the times the pool ran dry). */
  allocations = 0;
  /** Bytes of the chunks held, in use and spare. */
  private heldBytes = 0;

  /** bucketCount arrival steps; a pool that remembers its peak in use for about windowSteps steps. */
  constructor(bucketCount: number, windowSteps: number) {
    this.bucketCount = bucketCount;
    this.blockSteps = Math.max(1, Math.ceil(windowSteps / WINDOW_BLOCKS));
    this.head = new Int32Array(bucketCount).fill(NONE);
    this.tail = new Int32Array(bucketCount).fill(NONE);
    this.tailFill = new Int32Array(bucketCount);
    for (let b = 0; b < bucketCount; b++) {
      this.tailOffsets.push(NO_OFFSETS);
      this.tailWeights.push(NO_WEIGHTS);
    }
  }

  /** Appends a record to bucket b, after those already there. */
  append(b: number, offset: number, weight: number): void {
    let fill = this.tailFill[b];
    if (fill === this.tailOffsets[b].length) {
      this.addChunk(b);
      fill = 0;
    }
    this.tailOffsets[b][fill] = offset;
    this.tailWeights[b][fill] = weight;
    this.tailFill[b] = fill + 1;
  }

  isEmpty(b: number): boolean {
    return this.tailFill[b] === 0;
  }

  /** The first chunk of bucket b's chain (NONE when it is empty). */
  firstChunk(b: number): number {
    return this.head[b];
  }

  /** The chunk after chunk c in its bucket's chain (NONE after the last). */
  nextChunk(c: number): number {
    return this.chunkNext[c];
  }

  /** Records of bucket b held in its chunk c: all of a chunk's but the last one's. */
  chunkLength(b: number, c: number): number {
    return c === this.tail[b] ? this.tailFill[b] : this.chunkOffsets[c].length;
  }

  /** Records in bucket b. */
  size(b: number): number {
    let size = 0;
    for (let c = this.head[b]; c >= 0; c = this.chunkNext[c]) size += this.chunkLength(b, c);
    return size;
  }

  /** Empties bucket b: its chunks go back to the pool as spares. */
  clear(b: number): void {
    let c = this.head[b];
    while (c >= 0) {
      const next = this.chunkNext[c];
      const k = this.chunkClass[c];
      this.chunkNext[c] = this.spareHead[k];
      this.spareHead[k] = c;
      this.spareCount[k]++;
      this.inUse[k]--;
      c = next;
    }
    this.head[b] = NONE;
    this.tail[b] = NONE;
    this.tailFill[b] = 0;
    this.tailOffsets[b] = NO_OFFSETS;
    this.tailWeights[b] = NO_WEIGHTS;
  }

  /**
   * Once per step, before the step's bucket is delivered (when the most chunks are in use): notes the
   * chunks in use; at the end of each block of steps, lets go of the spare chunks beyond what the
   * window's peak needs, so that the memory of a burst returns even when nothing is in flight afterwards.
   */
  settle(): void {
    const current = this.block * CLASSES;
    for (let k = 0; k < CLASSES; k++) if (this.inUse[k] > this.blockPeaks[current + k]) this.blockPeaks[current + k] = this.inUse[k];
    if (++this.stepInBlock < this.blockSteps) return;
    this.stepInBlock = 0;
    for (let k = 0; k < CLASSES; k++) {
      let peak = 0;
      for (let b = 0; b < WINDOW_BLOCKS; b++) peak = Math.max(peak, this.blockPeaks[b * CLASSES + k]);
      const keep = peak > 0 ? Math.ceil(peak * KEEP_MARGIN) + KEEP_EXTRA : 0;
      while (this.spareCount[k] > 0 && this.inUse[k] + this.spareCount[k] > keep) this.releaseSpare(k);
    }
    // The oldest block leaves the window.
    this.block = (this.block + 1) % WINDOW_BLOCKS;
    this.blockPeaks.fill(0, this.block * CLASSES, (this.block + 1) * CLASSES);
  }

  /** Empties every bucket, keeping the chunks as spares. */
  clearAll(): void {
    for (let b = 0; b < this.bucketCount; b++) if (!this.isEmpty(b)) this.clear(b);
  }

  /**
   * Lays the buckets out for count arrival steps (more than now), keeping the records in flight: those
   * arriving in steps step .. step + bucketCount - 1.
   */
  grow(count: number, step: number): void {
    const head = new Int32Array(count).fill(NONE);
    const tail = new Int32Array(count).fill(NONE);
    const tailFill = new Int32Array(count);
    const tailOffsets: Int32Array[] = [];
    const tailWeights: Float64Array[] = [];
    for (let b = 0; b < count; b++) {
      tailOffsets.push(NO_OFFSETS);
      tailWeights.push(NO_WEIGHTS);
    }
    for (let m = step; m < step + this.bucketCount; m++) {
      const from = m % this.bucketCount;
      const to = m % count;
      head[to] = this.head[from];
      tail[to] = this.tail[from];
      tailFill[to] = this.tailFill[from];
      tailOffsets[to] = this.tailOffsets[from];
      tailWeights[to] = this.tailWeights[from];
    }
    this.head = head;
    this.tail = tail;
    this.tailFill = tailFill;
    this.tailOffsets = tailOffsets;
    this.tailWeights = tailWeights;
    this.bucketCount = count;
  }

  /** Bytes held: the chunks (in use and spare) and the bookkeeping per bucket, chunk and size class. */
  get bytes(): number {
    const perBucket = this.head.byteLength + this.tail.byteLength + this.tailFill.byteLength;
    const perChunk = this.chunkNext.byteLength + this.chunkClass.byteLength;
    const perClass = this.spareHead.byteLength + this.spareCount.byteLength + this.inUse.byteLength + this.blockPeaks.byteLength;
    return this.heldBytes + perBucket + perChunk + perClass;
  }

  /** Chunks held, in use and spare (for tests of the pool). */
  get chunksHeld(): number {
    let held = 0;
    for (let k = 0; k < CLASSES; k++) held += this.inUse[k] + this.spareCount[k];
    return held;
  }

  /** Bucket b's last chunk is full (or it has none): chain on a chunk of the next size. */
  private addChunk(b: number): void {
    const last = this.tail[b];
    const k = last < 0 ? 0 : Math.min(this.chunkClass[last] + 1, CLASSES - 1);
    const c = this.takeChunk(k);
    this.chunkNext[c] = NONE;
    if (last < 0) this.head[b] = c;
    else this.chunkNext[last] = c;
    this.tail[b] = c;
    this.tailOffsets[b] = this.chunkOffsets[c];
    this.tailWeights[b] = this.chunkWeights[c];
  }

  /**
   * A chunk of class k: a spare one if there is one, else a spare of up to two classes larger (rather
   * than allocate while the pool holds room), else new memory.
   */
  private takeChunk(k: number): number {
    for (let larger = k; larger < Math.min(k + 3, CLASSES); larger++) {
      const spare = this.spareHead[larger];
      if (spare < 0) continue;
      this.spareHead[larger] = this.chunkNext[spare];
      this.spareCount[larger]--;
      this.inUse[larger]++;
      return spare;
    }
    this.inUse[k]++;
    let c = this.vacantHead;
    if (c >= 0) {
      this.vacantHead = this.chunkNext[c];
    } else {
      c = this.chunkOffsets.length;
      this.chunkOffsets.push(NO_OFFSETS);
      this.chunkWeights.push(NO_WEIGHTS);
      if (c === this.chunkNext.length) {
        const next = new Int32Array(2 * c);
        next.set(this.chunkNext);
        this.chunkNext = next;
        const classes = new Int8Array(2 * c);
        classes.set(this.chunkClass);
        this.chunkClass = classes;
      }
    }
    const records = MIN_CHUNK << k;
    this.chunkOffsets[c] = new Int32Array(records);
    this.chunkWeights[c] = new Float64Array(records);
    this.chunkClass[c] = k;
    this.heldBytes += 12 * records;
    this.allocations++;
    return c;
  }

  /** Lets go of one spare chunk of class k: its id stays, for reuse, with no memory. */
  private releaseSpare(k: number): void {
    const c = this.spareHead[k];
    this.spareHead[k] = this.chunkNext[c];
    this.spareCount[k]--;
    this.heldBytes -= 12 * this.chunkOffsets[c].length;
    this.chunkOffsets[c] = NO_OFFSETS;
    this.chunkWeights[c] = NO_WEIGHTS;
    this.chunkNext[c] = this.vacantHead;
    this.vacantHead = c;
  }
}
