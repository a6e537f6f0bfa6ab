/**
 * The lab's run beside another run of the same experiment (NEURON's spikes.csv, Brian2's, an older
 * lab export): spike trains matched neuron by neuron, spike counts compared, the first spike that
 * differs found.
 */
import type { SpikeTrains } from '../io/spikesCsv.ts';

/** The lab's recorded spikes: neuron k is `ids[neurons[k]]`, times in increasing order. */
export interface LabSpikes {
  times: Float64Array;
  neurons: Int32Array;
  length: number;
  ids: readonly string[];
}

export interface CompareOptions {
  /** The span compared is [0, until], ms: spikes after it are left out on both sides. */
  until: number;
  /** Two spikes of a neuron are the same spike when their times differ by at most this, ms. */
  tolerance: number;
}

export interface NeuronCounts {
  neuron: string;
  lab: number;
  other: number;
  /** Spikes paired within the tolerance. */
  matched: number;
}

/** The earliest spike without a partner: `lab` and `other` are the two runs' spikes of that neuron there (null: none). */
export interface FirstDifference {
  time: number;
  neuron: string;
  lab: number | null;
  other: number | null;
}

export interface SpikeComparison {
  until: number;
  tolerance: number;
  /** Spikes in the span, each side (the other's include those of unknown neurons). */
  labSpikes: number;
  otherSpikes: number;
  matched: number;
  /** Every spike has a partner and every name is a lab neuron. */
  identical: boolean;
  /** Every lab neuron, in the lab's order. */
  counts: NeuronCounts[];
  /** The lab neurons whose trains differ (in count or in a spike's time), in the lab's order. */
  differing: NeuronCounts[];
  first: FirstDifference | null;
  /** Names in the other file that are not neurons of the lab's network, with their spikes in the span. */
  unknown: { neuron: string; spikes: number }[];
  /** Per spike of each input (same index), 1 when it is in the span and has no partner. */
  labUnmatched: Uint8Array;
  otherUnmatched: Uint8Array;
  /** For the other run's spikes: the lab neuron index of each (-1 for an unknown name). */
  otherLabIndex: Int32Array;
}

/** Times are printed to the microsecond (formatTime): two prints of one step time differ by less than this. */
const PRINT_SLACK = 1e-6;

/**
 * Matches each neuron's spikes in time order, a spike to the other run's next one when they are within
 * the tolerance, else the earlier of the two is unpaired and the walk goes on: a missing or extra spike
 * leaves the rest of the train paired, so one difference does not mark every later spike.
 */
export function compareSpikes(lab: LabSpikes, other: SpikeTrains, options: CompareOptions): SpikeComparison {
  const { until, tolerance } = options;
  const slack = tolerance + PRINT_SLACK;
  const end = until + PRINT_SLACK;
  const neuronCount = lab.ids.length;
  const labIndex = new Map(lab.ids.map((id, i) => [id, i]));
  // Looked up once per name, not once per spike.
  const labIndexOfName = Int32Array.from(other.names, (name) => labIndex.get(name) ?? -1);
  const otherLabIndex = new Int32Array(other.length);
  for (let k = 0; k < other.length; k++) otherLabIndex[k] = labIndexOfName[other.neurons[k]];

  const labTrains = trainsByNeuron(lab.times, lab.length, neuronCount, (k) => lab.neurons[k], end);
  const otherTrains = trainsByNeuron(other.times, other.length, neuronCount, (k) => otherLabIndex[k], end);
  const labUnmatched = new Uint8Array(lab.length);
  const otherUnmatched = new Uint8Array(other.length);

  const counts: NeuronCounts[] = [];
  const differing: NeuronCounts[] = [];
  let matched = 0;
  let first: FirstDifference | null = null;
  const note = (time: number, neuron: string, labTime: number | null, otherTime: number | null): void => {
    if (first === null || time < first.time) first = { time, neuron, lab: labTime, other: otherTime };
  };

  for (let n = 0; n < neuronCount; n++) {
    const a = labTrains.spikesOf(n);
    const b = otherTrains.spikesOf(n);
    let i = 0;
    let j = 0;
    let paired = 0;
    while (i < a.length || j < b.length) {
      const ta = i < a.length ? lab.times[a[i]] : Infinity;
      const tb = j < b.length ? other.times[b[j]] : Infinity;
      if (Math.abs(ta - tb) <= slack) {
        paired++;
        i++;
        j++;
      } else if (ta < tb) {
        labUnmatched[a[i++]] = 1;
      } else {
        otherUnmatched[b[j++]] = 1;
      }
    }
    matched += paired;
    const entry = { neuron: lab.ids[n], lab: a.length, other: b.length, matched: paired };
    counts.push(entry);
    if (paired < a.length || paired < b.length) {
      differing.push(entry);
      const la = firstUnmatched(a, labUnmatched, lab.times);
      const lb = firstUnmatched(b, otherUnmatched, other.times);
      // The counterpart of the earliest unpaired spike is the other side's unpaired spike nearest to it.
      if (la !== null && (lb === null || la <= lb)) note(la, lab.ids[n], la, nearestUnmatched(b, otherUnmatched, other.times, la));
      else if (lb !== null) note(lb, lab.ids[n], nearestUnmatched(a, labUnmatched, lab.times, lb), lb);
    }
  }

  // Spikes of names the lab does not have never pair.
  const unknownSpikes = new Map<number, number>();
  let otherSpikes = 0;
  for (let k = 0; k < other.length; k++) {
    if (other.times[k] > end) continue;
    otherSpikes++;
    if (otherLabIndex[k] >= 0) continue;
    otherUnmatched[k] = 1;
    const name = other.neurons[k];
    unknownSpikes.set(name, (unknownSpikes.get(name) ?? 0) + 1);
    note(other.times[k], other.names[name], null, other.times[k]);
  }
  const unknown = [...unknownSpikes].map(([name, spikes]) => ({ neuron: other.names[name], spikes }));
  // A name with no spike in the span is still not a lab neuron.
  const listed = new Set(unknownSpikes.keys());
  other.names.forEach((name, k) => {
    if (!labIndex.has(name) && !listed.has(k)) unknown.push({ neuron: name, spikes: 0 });
  });

  const labSpikes = labTrains.total;
  return {
    until,
    tolerance,
    labSpikes,
    otherSpikes,
    matched,
    identical: differing.length === 0 && unknown.length === 0,
    counts,
    differing,
    first,
    unknown,
    labUnmatched,
    otherUnmatched,
    otherLabIndex,
  };
}

/**
 * Spike indices grouped by neuron (a counting sort), each neuron's in time order, of the spikes at or
 * before `end` whose neuron (`neuronOf`) is a lab neuron.
 */
function trainsByNeuron(
  times: Float64Array,
  length: number,
  neuronCount: number,
  neuronOf: (k: number) => number,
  end: number,
): { spikesOf(n: number): Int32Array; total: number } {
  const start = new Int32Array(neuronCount + 1);
  for (let k = 0; k < length; k++) {
    const n = neuronOf(k);
    if (n >= 0 && n < neuronCount && times[k] <= end) start[n + 1]++;
  }
  for (let n = 0; n < neuronCount; n++) start[n + 1] += start[n];
  const fill = start.slice(0, neuronCount);
  const order = new Int32Array(start[neuronCount]);
  for (let k = 0; k < length; k++) {
    const n = neuronOf(k);
    if (n >= 0 && n < neuronCount && times[k] <= end) order[fill[n]++] = k;
  }
  let sorted = true;
  for (let n = 0; n < neuronCount && sorted; n++) {
    for (let k = start[n] + 1; k < start[n + 1]; k++) if (times[order[k]] < times[order[k - 1]]) sorted = false;
  }
  if (!sorted) {
    for (let n = 0; n < neuronCount; n++) order.subarray(start[n], start[n + 1]).sort((x, y) => times[x] - times[y] || x - y);
  }
  return { spikesOf: (n) => order.subarray(start[n], start[n + 1]), total: order.length };
}

function firstUnmatched(train: Int32Array, unmatched: Uint8Array, times: Float64Array): number | null {
  for (const k of train) if (unmatched[k]) return times[k];
  return null;
}

function nearestUnmatched(train: Int32Array, unmatched: Uint8Array, times: Float64Array, t: number): number | null {
  let best: number | null = null;
  for (const k of train) {
    if (unmatched[k] && (best === null || Math.abs(times[k] - t) < Math.abs(best - t))) best = times[k];
  }
  return best;
}
