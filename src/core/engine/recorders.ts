import type { TraceVariable } from '../experiment/types.ts';

/** Spikes as two growing typed arrays; the consumer drains them (e.g. once per frame). */
export class SpikeRecorder {
  neurons = new Int32Array(4096);
  times = new Float64Array(4096);
  count = 0;

  /** Makes room for `extra` more spikes; called once per step with the neuron count, so it rarely allocates. */
  reserve(extra: number): void {
    if (this.count + extra <= this.neurons.length) return;
    const size = Math.max(this.neurons.length * 2, this.count + extra);
    const neurons = new Int32Array(size);
    neurons.set(this.neurons.subarray(0, this.count));
    const times = new Float64Array(size);
    times.set(this.times.subarray(0, this.count));
    this.neurons = neurons;
    this.times = times;
  }

  push(neuron: number, time: number): void {
    this.neurons[this.count] = neuron;
    this.times[this.count] = time;
    this.count++;
  }

  /** Copies out the recorded spikes and empties the recorder. */
  drain(): { neurons: Int32Array; times: Float64Array } {
    const out = { neurons: this.neurons.slice(0, this.count), times: this.times.slice(0, this.count) };
    this.count = 0;
    return out;
  }
}

/**
 * Samples of the watched neurons after every step: sample s, watched neuron w, variable k is
 * values[(s * watch.length + w) * variables.length + k], taken at times[s].
 */
export class TraceRecorder {
  values = new Float64Array(0);
  times = new Float64Array(0);
  count = 0;

  constructor(
    readonly watch: Int32Array,
    readonly variables: readonly TraceVariable[],
  ) {
    this.reserve(256);
  }

  get stride(): number {
    return this.watch.length * this.variables.length;
  }

  reserve(extraSamples: number): void {
    if (this.count + extraSamples <= this.times.length) return;
    const capacity = Math.max(this.times.length * 2, this.count + extraSamples);
    const values = new Float64Array(capacity * this.stride);
    values.set(this.values.subarray(0, this.count * this.stride));
    const times = new Float64Array(capacity);
    times.set(this.times.subarray(0, this.count));
    this.values = values;
    this.times = times;
  }

  drain(): { times: Float64Array; values: Float64Array } {
    const out = { times: this.times.slice(0, this.count), values: this.values.slice(0, this.count * this.stride) };
    this.count = 0;
    return out;
  }
}
