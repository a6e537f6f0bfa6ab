/**
 * Spike delivery in WebAssembly (spikeDelivery.as.ts). A kernel reads the synapses from its own memory
 * (Node 20 has no multi-memory), so a network that uses one keeps its targets and weights there: one
 * memory per compiled network (or part), sized exactly at compile and never grown, so the views on it
 * never detach and live edits write the weights the kernel reads. The same memory holds the arrival
 * sums of one step, which every Simulation of the network delivers into and empties within each step
 * (steps never interleave: a network lives in one thread). Without WebAssembly (or where a
 * Content-Security-Policy forbids it) the arrays are plain and the JS loop delivers: the same sums.
 */
import { channelCount } from '../engine/conductanceChannels.ts';
import { wholeSteps, type CompiledSynapseType } from '../engine/network.ts';
import { compiledKernel } from './compileKernel.ts';
import { SPIKE_DELIVERY_WASM } from './spikeDelivery.wasm.ts';

type DeliverRowsExport = (sums: number, weights: number, targets: number, rows: number, count: number) => number;

/** Rows queued (queueRow) before they are delivered in one call: enough misses for the kernel to have in flight, few enough that the lines it reads first (at most 1.5 KB a row) are still in cache when added. */
const BATCH_ROWS = 256;

const PAGE = 65536;
/** Networks with fewer synapses stay in plain arrays: their delivery costs little, and each memory reserves address space. */
export const KERNEL_MIN_SYNAPSES = 1 << 16;

const kernelModule = compiledKernel(SPIKE_DELIVERY_WASM);

export class DeliveryKernel {
  /** One step's arrival sums: conductance channels, then the current synapses' section, n places each. */
  readonly sums: Float64Array;
  readonly weight: Float64Array;
  readonly post: Int32Array;
  private readonly runRows: DeliverRowsExport;
  private readonly weightAt: number;
  private readonly postAt: number;
  private readonly rowsAt: number;
  /** Queued rows: base, start, end of each. */
  private readonly rows: Int32Array;
  private queued = 0;
  private readonly memory: WebAssembly.Memory;
  /** Room for one Simulation's neuron kernel (neuronKernel.ts), which reads the sums where they are. */
  private readonly stateAt: number;
  private readonly stateBytes: number;
  private stateClaimed = false;

  constructor(module: WebAssembly.Module, synapses: number, sums: number, stateBytes = 0) {
    this.weightAt = 8 * sums;
    this.postAt = this.weightAt + 8 * synapses;
    this.rowsAt = this.postAt + 4 * synapses;
    this.stateAt = Math.ceil((this.rowsAt + 12 * BATCH_ROWS) / 16) * 16;
    this.stateBytes = stateBytes;
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((this.stateAt + stateBytes) / PAGE)) });
    this.memory = memory;
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
    this.runRows = exports.deliverRows as DeliverRowsExport;
    this.rows = new Int32Array(memory.buffer, this.rowsAt, 3 * BATCH_ROWS);
    this.sums = new Float64Array(memory.buffer, 0, sums);
    this.weight = new Float64Array(memory.buffer, this.weightAt, synapses);
    this.post = new Int32Array(memory.buffer, this.postAt, synapses);
  }

  /**
   * sums[base + post[s]] += weight[s] for s = start .. end - 1, in order, after the rows queued before
   * it; done by flush() at the latest.
   */
  queueRow(base: number, start: number, end: number): void {
    if (this.queued === BATCH_ROWS) this.flush();
    const at = 3 * this.queued++;
    this.rows[at] = base;
    this.rows[at + 1] = start;
    this.rows[at + 2] = end;
  }

  /**
   * The region for a neuron kernel of `bytes` bytes, to the first Simulation that asks (a network's
   * Simulations share the sums, each emptying them within its step, but each has its own neurons' state);
   * null when it is taken or too small.
   */
  claimState(bytes: number): { memory: WebAssembly.Memory; at: number } | null {
    if (this.stateClaimed || bytes > this.stateBytes) return null;
    this.stateClaimed = true;
    return { memory: this.memory, at: this.stateAt };
  }

  /** Delivers the queued rows, in order. */
  flush(): void {
    if (this.queued === 0) return;
    this.runRows(0, this.weightAt, this.postAt, this.rowsAt, this.queued);
    this.queued = 0;
  }
}

/**
 * How many n-place sections one step's arrivals need when every row can be delivered by the kernel:
 * one per conductance channel and one for current synapses, when every current synapse acts for one
 * step. Otherwise 0: write-up synapses and longer pulses keep arrivals the kernel does not lay out.
 */
export function kernelSections(types: readonly CompiledSynapseType[], dt: number): number {
  let sections = 0;
  let current = false;
  for (const type of types) {
    if (type.kind === 'writeup') return 0;
    if (channelCount(type.kind) > 0) sections += channelCount(type.kind);
    else if (wholeSteps(type.pulse, dt) !== 1) return 0;
    else current = true;
  }
  return sections + (current ? 1 : 0);
}

/**
 * Arrays for `synapses` synapses' targets and weights: in a kernel's memory, with sums for `sums`
 * places (and `stateBytes` for a Simulation's neuron kernel: claimState), when the network is large
 * enough to gain from it, qualifies (sums > 0) and WebAssembly is there; else plain arrays.
 */
export function synapseArrays(
  synapses: number,
  sums: number,
  minSynapses = KERNEL_MIN_SYNAPSES,
  stateBytes = 0,
): { post: Int32Array; weight: Float64Array; delivery?: DeliveryKernel } {
  const module = synapses >= minSynapses && sums > 0 ? kernelModule() : null;
  if (module !== null) {
    try {
      const delivery = new DeliveryKernel(module, synapses, sums, stateBytes);
      return { post: delivery.post, weight: delivery.weight, delivery };
    } catch {
      // No memory of that size to be had (it is at most 4 GiB): plain arrays do.
    }
  }
  return { post: new Int32Array(synapses), weight: new Float64Array(synapses) };
}
