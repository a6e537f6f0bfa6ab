import { CounterStream, HashedTargets } from '../counterRandom.ts';
import { sineCurrent } from './sineInput.ts';
import { SPIKE_SOURCE_CURRENT, SpikeTrains } from './spikeSources.ts';
import { portableExp } from '../portableMath.ts';
import { Random, type RandomState } from '../random.ts';
import type { LiveEdit } from '../experiment/edits.ts';
import type { TraceVariable } from '../experiment/types.ts';
import { PAPER_STEP_MS, wholeSteps, widenedDelays, type CompiledInput, type CompiledNetwork } from './network.ts';
import type { DeliveryKernel } from '../wasm/deliveryKernel.ts';
import { createNeuronKernel, neuronKernelEnabled, neuronRegionBytes, type NeuronKernel } from '../wasm/neuronKernel.ts';
import { channelConstants, channelCount } from './conductanceChannels.ts';
import { SpikeRecorder, TraceRecorder } from './recorders.ts';
import { rowShapes, type RowShapes } from './rowShapes.ts';
import { POOL_WINDOW_MS, SpikeQueue } from './spikeQueue.ts';
import { StdpRun } from './stdp.ts';

/** Why a run stopped early: a state became NaN or infinite. */
export interface SimulationFailure {
  neuron: number;
  neuronId: string;
  /** Start of the step in which it happened, ms. */
  time: number;
  message: string;
}

/**
 * Steps a compiled network. Time is discrete: step n advances the state from t_n = n dt to t_(n+1).
 *
 * Within step n:
 *  1. spikes due at t_n arrive: conductance synapses add w to their summed state s (g = gbase s),
 *     current synapses add w to the input current of this step and the next pulse - 1 steps;
 *  2. inputs are evaluated at t_n (Poisson draws are made here, noise draws every hold steps);
 *  3. v is advanced (two dt/2 half-steps in the 2003 scheme, one dt step in Euler), with the conductance
 *     term treated implicitly, v' = (v + h (f(v) - u + I + G E)) / (1 + h G), which is stable for any
 *     conductance, and G the exact mean conductance over the step; then u takes one dt step from the new v;
 *  4. if v >= vpeak the neuron spikes at time t_n: v <- c, u <- u + d, and the spike is queued on each
 *     outgoing synapse to arrive delay steps later (so with delay 1 it acts in step n + 1);
 *  5. conductances decay exactly, s <- s exp(-dt / tau).
 * Trace samples are the state at t_(n+1); a neuron that spiked shows vpeak there, as in the 2004 figures.
 */
/** A run's state as continueFrom takes it (Simulation.snapshot). */
export interface RunSnapshot {
  dt: number;
  stepIndex: number;
  indexOf: ReadonlyMap<string, number>;
  /** Synapse type id of each conductance channel. */
  channelIds: string[];
  v: Float64Array;
  u: Float64Array;
  /** Channel ch of neuron i at ch * v.length + i. */
  channelState: Float64Array;
}

/**
 * All of a run that its next steps depend on (Simulation.runState): with it another Simulation of the
 * same network, whole or a part of it, goes on exactly as this one would have, spike for spike. A
 * part's state is meaningful for its own neurons [lo, hi) only.
 */
export interface ExactRunState {
  lo: number;
  hi: number;
  dt: number;
  stepIndex: number;
  neuronCount: number;
  /** The arrival slots' layout (see Simulation.arrivals), which both Simulations must share. */
  slotSize: number;
  pulseSlots: number;
  v: Float64Array;
  u: Float64Array;
  channelState: Float64Array;
  /** The arrival slots: pulses of current synapses still acting. */
  arrivals: Float64Array;
  variantState: Float64Array;
  /** Spikes in flight, synapse by synapse in the order they will be added: steps until they arrive, place in a slot, weight. */
  inFlightSteps: Int32Array;
  inFlightOffsets: Int32Array;
  inFlightWeights: Float64Array;
  /** Per input: its stream's position ('polar-stream' draws), its held normals and their hold interval. */
  inputs: { random: RandomState | null; held: Float64Array; interval: number }[];
}

export class Simulation {
  readonly net: CompiledNetwork;
  readonly spikes = new SpikeRecorder();
  traces: TraceRecorder;
  stepIndex = 0;
  failure: SimulationFailure | null = null;

  readonly v: Float64Array;
  readonly u: Float64Array;
  /** Synaptic current of the last step, kept for the watched neurons only (the I_syn trace reads it). */
  private readonly isyn: Float64Array;
  private readonly substeps: number;

  // Summed state of the conductance channels (conductanceChannels.ts: one per expConductance type, two
  // per expTwo or alpha type): s[channel * n + neuron]. channelOfType is where a type's spikes arrive.
  private readonly channelOfType: Int32Array;
  /** Per channel: its place among its type's channels, what it takes from the next channel per step, and its share of g at an instant. */
  private readonly channelIndex: Int32Array;
  private readonly channelFeed: Float64Array;
  private readonly channelGNow: Float64Array;
  private readonly channelTypes: Int32Array;
  private readonly channelState: Float64Array;
  private readonly channelGbase: Float64Array;
  private readonly channelErev: Float64Array;
  private readonly channelDecay: Float64Array;
  private readonly channelMean: Float64Array;
  /** Per synapse type: exp(-dt / tau), and the mean of exp(-t / tau) over one step (which turns g at
   * the step's start into its exact mean). Computed when tau changes, not in the step loop. */
  private readonly typeDecay: Float64Array;
  private readonly typeMean: Float64Array;

  // Write-up synapses keep their own state: one slot per synapse of a 'writeup' type. variantOfSynapse
  // is per synapse, so it is allocated only when the network has write-up synapses (else empty).
  private readonly variantOfSynapse: Int32Array;
  private readonly variantPre: Int32Array;
  private readonly variantPost: Int32Array;
  private readonly variantType: Int32Array;
  private readonly variantState: Float64Array;
  private readonly variantG: Float64Array;
  private readonly variantGE: Float64Array;
  private readonly variantExplicit: Float64Array;

  // This step's arrivals: `pulseSlots` slots, one per step, each laid out as [channel increments
  // (channels * n) | current-synapse arrivals (pulse sections * n) | write-up synapse increments]. A current
  // synapse acts for its type's pulse (in steps), so its arrivals stay that many steps; types with the same
  // pulse share a section. Spikes in flight wait in the buckets below, not here.
  private readonly arrivals: Float64Array;
  private readonly pulseSections: Int32Array;
  private readonly sectionOfType: Int32Array;
  /** The longest pulse, in steps (1 without current synapses): slots kept after their step. */
  private readonly pulseSlots: number;
  /** Delivers whole rows in WebAssembly into `arrivals`, which are then its sums; null: the JS loop does. */
  private readonly delivery: DeliveryKernel | null;
  /** Steps the neurons in WebAssembly; its memory holds v, u, the channels and the currents. Null: the JS loops do. */
  private readonly neuronKernel: NeuronKernel | null;
  /**
   * This step's input from current synapses, per neuron: when one pulse of one step is all there is, the
   * arrival slot's section itself (nothing to sum, so no copy each step); else summed from the slots
   * (sumCurrentArrivals).
   */
  private readonly currentInput: Float64Array;
  private readonly currentIsArrivals: boolean;
  private readonly slotSize: number;
  private readonly currentOffset: number;
  private readonly variantOffset: number;
  /** Per synapse type, where its section starts within a slot (-1 for write-up types, whose synapses
   * each have their own place). A synapse's arrival lands at its section + post: computed at delivery
   * rather than stored, to save 4 bytes per synapse. */
  private readonly sectionStart: Int32Array;
  /** Per neuron, the section start of the one type all its outgoing synapses share, else -1 (mixed types
   * or write-up synapses: those rows take the general path). */
  private readonly rowSection: Int32Array;

  /** Neurons that spiked in the current step, and a flag per neuron, for the trace's spike peaks. */
  private readonly spiked: Int32Array;
  private spikedCount = 0;
  private readonly spikedNow: Uint8Array;
  /** Per neuron, the delay (steps) of all its outgoing synapses when they share one, else 0: such a row
   * (of one section) is queued as one record, not synapse by synapse. */
  private readonly rowDelay: Int32Array;

  // Spikes in flight, as records in one bucket per arrival step (bucket m % bucketCount; bucketCount is
  // longer than the longest delay; SpikeQueue, whose buckets take chunks from a shared pool and give
  // them back when delivered), appended when the spike is queued: so each bucket holds its records
  // in firing order (step, then neuron, then row order), and delivering them in order sums each arrival
  // exactly as adding at fire time into a dense ring did. A row with one delay and one section is one
  // record, a reference to the row (offset ~i, read at delivery); other rows are copied synapse by
  // synapse (offset in the slot and weight), which keeps a delivery's reads in order in memory however
  // spread the delays are. A reference ~(n + r) is to frozenRows[r]: a row edited while its spike was in
  // flight, as it was.
  /** The spike queue (read by tests and the bench: its memory and how often its pool ran dry). */
  readonly inFlight: SpikeQueue;
  /** References to frozen rows still in flight: the frozen rows are let go when none are. */
  private frozenInFlight = 0;
  private frozenRows: FrozenRow[] = [];

  /** Spike-timing-dependent plasticity (stdp.ts), when the network has plastic synapses. */
  readonly stdp: StdpRun | null;

  /** The neurons this Simulation steps: all, or a part's (net.partition). */
  readonly lo: number;
  readonly hi: number;
  /** Whether all neurons share one quadratic: then the common case takes updateCurrentDriven. */
  private sharedQuadratic: boolean;
  private readonly externalCurrent: Float64Array;
  /** Sum of the leading constant inputs per neuron (see refreshConstantDrive), and how many inputs that is. */
  private readonly constantDrive: Float64Array;
  private leadingConstants = 0;
  /** Per input, its random stream (randomDraws 'polar-stream'), else its counter-based draws ('counter-ziggurat'). */
  private inputRandom: Random[];
  /** Per input, its random spike trains (spikeSource inputs), else null. */
  private readonly spikeTrains: (SpikeTrains | null)[];
  private readonly inputDraws: CounterStream[];
  /**
   * triple32(j) for j = 0 .. n - 1, the keyless half of the counter-based draws (empty for 'polar-stream').
   * A draw is keyed by the target's place j in its input's targets (E[5] is j = 5 of an input into E), not
   * by its neuron index, so adding neurons elsewhere leaves an input's draws as they were.
   */
  private readonly hashedTargets: HashedTargets;
  /** randomDraws is 'counter-ziggurat' and the first input is noise (into a contiguous range of neurons, as
   * compiled): then that input writes its targets' external current, and only the others are cleared first. */
  private noiseWritesFirst = false;
  /** Whether every input is a function of the step alone that writes only the external current (prepareInputs). */
  private inputsAhead = false;
  /** The step whose inputs prepareInputs applied ahead of it, else -1. */
  private inputsAppliedFor = -1;
  /**
   * Noise drawn inside the neuron update (NeuronKernel.updateSharedNoise) when every input is noise held one
   * step whose targets tile this Simulation's neurons: per run of neurons, in order, its input, its neurons
   * [from, to) and neuron - place. Empty: the inputs go through the external current.
   */
  private fusedInput: number[] = [];
  private fusedFrom: number[] = [];
  private fusedTo: number[] = [];
  private fusedOffset: number[] = [];
  /** The step whose noise applyInputs left to the neuron update, else -1. */
  private fusedFor = -1;
  /** Per noise input, the standard normal draws held for the current hold interval, one per target. */
  private readonly noiseDraws: Float64Array[];
  /** Per input, the hold interval (step index / hold steps) whose draws noiseDraws holds; -1: none yet. */
  private readonly noiseInterval: Float64Array;
  /** Per input, the targets this Simulation steps: targets[targetFirst[k] .. targetEnd[k] - 1] (all but in a part). */
  private readonly targetFirst: Int32Array;
  private readonly targetEnd: Int32Array;

  /** @param shapes the rows' shapes of net.synapses (rowShapeSteps), when the build has them already */
  constructor(net: CompiledNetwork, watch: Int32Array = new Int32Array(0), variables: readonly TraceVariable[] = ['v'], shapes?: RowShapes) {
    this.net = net;
    const n = net.neuronCount;
    if (net.partition && net.synapseTypes.some((t) => t.kind === 'writeup')) {
      // A write-up synapse reads v of its presynaptic neuron every step, which another part steps.
      throw new Error('a network with write-up synapses cannot be split into parts');
    }
    // A post spike changes the weights of synapses whose rows live in other parts.
    if (net.partition && net.plasticity) throw new Error('a network with plastic synapses cannot be split into parts');
    this.lo = net.partition ? net.partition.lo : 0;
    this.hi = net.partition ? net.partition.hi : n;
    this.isyn = new Float64Array(n);
    this.substeps = net.scheme === 'izhikevich2003' ? 2 : 1;
    this.spikedNow = new Uint8Array(n);
    this.traces = new TraceRecorder(watch, variables);

    const types = net.synapseTypes;
    this.channelOfType = new Int32Array(types.length).fill(-1);
    const channelTypes: number[] = [];
    const channelIndex: number[] = [];
    types.forEach((t, k) => {
      const count = channelCount(t.kind);
      // Spikes arrive in the last channel of the type (the entry); the output channels come before it.
      if (count > 0) this.channelOfType[k] = channelTypes.length + count - 1;
      for (let c = 0; c < count; c++) {
        channelTypes.push(k);
        channelIndex.push(c);
      }
    });
    const channels = channelTypes.length;
    this.channelTypes = Int32Array.from(channelTypes);
    this.channelIndex = Int32Array.from(channelIndex);
    this.channelFeed = new Float64Array(channels);
    this.channelGNow = new Float64Array(channels);
    this.sectionOfType = new Int32Array(types.length).fill(-1);
    const pulseSections: number[] = [];
    types.forEach((t, k) => {
      if (t.kind !== 'current') return;
      const steps = wholeSteps(t.pulse, net.dt);
      if (!pulseSections.includes(steps)) pulseSections.push(steps);
      this.sectionOfType[k] = pulseSections.indexOf(steps);
    });
    this.pulseSections = Int32Array.from(pulseSections);
    this.pulseSlots = Math.max(1, ...pulseSections);
    this.channelGbase = new Float64Array(channels);
    this.channelErev = new Float64Array(channels);
    this.channelDecay = new Float64Array(channels);
    this.channelMean = new Float64Array(channels);
    this.typeDecay = new Float64Array(types.length);
    this.typeMean = new Float64Array(types.length);

    const { rowStart, post, type } = net.synapses;
    const m = post.length;
    const hasWriteup = types.some((t) => t.kind === 'writeup');
    this.variantOfSynapse = new Int32Array(hasWriteup ? m : 0).fill(-1);
    const variantPre: number[] = [];
    const variantPost: number[] = [];
    const variantType: number[] = [];
    for (let i = 0; hasWriteup && i < n; i++) {
      for (let s = rowStart[i]; s < rowStart[i + 1]; s++) {
        if (types[type[s]].kind !== 'writeup') continue;
        this.variantOfSynapse[s] = variantPre.length;
        variantPre.push(i);
        variantPost.push(post[s]);
        variantType.push(type[s]);
      }
    }
    this.variantPre = Int32Array.from(variantPre);
    this.variantPost = Int32Array.from(variantPost);
    this.variantType = Int32Array.from(variantType);
    this.variantState = new Float64Array(variantPre.length);
    this.variantG = new Float64Array(variantPre.length > 0 ? n : 0);
    this.variantGE = new Float64Array(variantPre.length > 0 ? n : 0);
    this.variantExplicit = new Float64Array(variantPre.length > 0 ? n : 0);

    this.currentOffset = channels * n;
    this.variantOffset = this.currentOffset + pulseSections.length * n;
    this.slotSize = this.variantOffset + variantPre.length;
    this.sectionStart = new Int32Array(types.length);
    for (let k = 0; k < types.length; k++) {
      const channel = this.channelOfType[k];
      if (channel >= 0) this.sectionStart[k] = channel * n;
      else if (types[k].kind === 'writeup') this.sectionStart[k] = -1;
      else this.sectionStart[k] = this.currentOffset + this.sectionOfType[k] * n;
    }
    // The rows' shapes: given by a build that computed them in steps, else scanned here.
    const rows = shapes ?? rowShapes(net.synapses);
    this.rowSection = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const shared = rows.sharedType[i];
      this.rowSection[i] = shared >= 0 ? this.sectionStart[shared] : rowStart[i] === rowStart[i + 1] ? 0 : this.sharedSection(i);
    }
    this.rowDelay = rows.sharedDelay.slice();
    this.stdp = net.plasticity ? new StdpRun(net.plasticity, net.synapses, net.dt, Int32Array.from(net.plasticity.synapse, (s) => this.offsetInSlot(s))) : null;
    // The kernel's sums are this Simulation's one arrival slot when the layouts agree (kernelSections).
    const delivery = net.synapses.delivery;
    const kernelFits = delivery !== undefined && this.pulseSlots === 1 && this.slotSize === this.variantOffset &&
      delivery.sums.length === this.slotSize && delivery.post === post && delivery.weight === net.synapses.weight;
    this.delivery = kernelFits ? delivery : null;
    // The neurons step in WebAssembly, their state in its memory (neuronKernel.ts): beside the delivery
    // kernel's sums when this Simulation is the first of its network to ask, else in a memory of its own
    // holding the arrival slots too. Not with write-up synapses, whose currents JS computes.
    const arrivalsLength = this.pulseSlots * this.slotSize;
    const region = kernelFits && !hasWriteup && neuronKernelEnabled() ? delivery.claimState(neuronRegionBytes(n, channels)) : null;
    this.neuronKernel = hasWriteup || (kernelFits && region === null) ? null : createNeuronKernel(n, channels, region ? 0 : arrivalsLength, region ?? undefined);
    const kernel = this.neuronKernel;
    this.v = kernel?.v ?? new Float64Array(n);
    this.u = kernel?.u ?? new Float64Array(n);
    this.spiked = kernel?.spiked ?? new Int32Array(n);
    this.channelState = kernel?.states ?? new Float64Array(channels * n);
    kernel?.setCells(net.cells, net.dt);
    this.arrivals = this.delivery ? this.delivery.sums : (kernel?.arrivals ?? new Float64Array(arrivalsLength));
    this.currentIsArrivals = this.pulseSlots === 1 && pulseSections.length === 1;
    this.currentInput = this.currentIsArrivals ? this.arrivals.subarray(this.currentOffset, this.currentOffset + n) : (kernel?.input ?? new Float64Array(n));
    const longest = Math.max(1, rows.longestDelay);
    this.inFlight = new SpikeQueue(longest + 1, Math.round(POOL_WINDOW_MS / net.dt));

    this.inputRandom = [];
    const counter = net.randomDraws === 'counter-ziggurat';
    this.inputDraws = counter ? net.inputs.map((input) => new CounterStream(net.seed, `input:${input.spec.id}`)) : [];
    this.hashedTargets = new HashedTargets(counter && net.inputs.length > 0 ? n : 0, kernel ? { memory: kernel.memory, at: kernel.normalsAt } : true);
    // In the noise kernel's memory when there is one: it draws the noise straight into it.
    this.externalCurrent = this.hashedTargets.kernel?.current ?? kernel?.external ?? new Float64Array(n);
    this.noiseDraws = net.inputs.map((input) => new Float64Array(input.spec.kind === 'noise' ? input.targets.length : 0));
    this.noiseInterval = new Float64Array(net.inputs.length);
    this.targetFirst = new Int32Array(net.inputs.length);
    this.targetEnd = new Int32Array(net.inputs.length);
    net.inputs.forEach((input, k) => {
      // Targets ascend (a group's neurons in order), so a part's are one run of them.
      const targets = input.targets;
      let first = 0;
      while (first < targets.length && targets[first] < this.lo) first++;
      let end = first;
      while (end < targets.length && targets[end] < this.hi) end++;
      this.targetFirst[k] = first;
      this.targetEnd[k] = end;
    });
    this.spikeTrains = net.inputs.map((input) => (input.spec.kind === 'spikeSource' ? new SpikeTrains(net.seed, input.spec, input.targets.length, net.dt) : null));
    this.constantDrive = new Float64Array(n);
    this.refreshSynapseConstants();
    this.sharedQuadratic = this.cellsShareQuadratic();
    this.reset();
  }

  get time(): number {
    return this.stepIndex * this.net.dt;
  }

  /** Back to t = 0: initial states, nothing in flight, input random streams restarted from the seed. */
  reset(): void {
    const { v0, u0 } = this.net.cells;
    this.v.set(v0);
    this.u.set(u0);
    this.isyn.fill(0);
    this.channelState.fill(0);
    this.variantState.fill(0);
    this.arrivals.fill(0);
    this.inFlight.clearAll();
    this.stdp?.reset();
    this.frozenRows = [];
    this.frozenInFlight = 0;
    this.stepIndex = 0;
    this.failure = null;
    this.spikes.count = 0;
    this.traces.count = 0;
    // The counter-based draws are a function of the step: nothing to restart.
    if (this.net.randomDraws === 'polar-stream') this.inputRandom = this.net.inputs.map((input) => new Random(this.net.seed, `input:${input.spec.id}`));
    this.noiseInterval.fill(-1);
    this.seekSpikeTrains();
    this.refreshConstantDrive();
  }

  /** The spike trains as they stand at this step (they are a function of the step, like the counter-based draws). */
  private seekSpikeTrains(): void {
    this.spikeTrains.forEach((trains, k) => trains?.seek(this.stepIndex, this.targetFirst[k], this.targetEnd[k]));
  }

  /**
   * What continueFrom needs of this run, as plain data (copies), so it can be sent to another Worker
   * or merged with another part's state: time, v and u, and the conductances by synapse type id.
   */
  snapshot(): RunSnapshot {
    const net = this.net;
    return {
      dt: net.dt,
      stepIndex: this.stepIndex,
      indexOf: net.indexOf,
      channelIds: this.snapshotChannelIds(),
      v: this.v.slice(),
      u: this.u.slice(),
      channelState: this.channelState.slice(),
    };
  }

  /**
   * Continues a run after the network was edited and recompiled: takes time, v and u of every neuron
   * and the conductances of every synapse type that both networks have (matched by id), so the edit
   * does not restart the run. Spikes in flight and the write-up synapses' private conductances start
   * afresh, and the random input streams continue from a seed derived from the time of the edit.
   * Returns false (and changes nothing) when the step differs, since time would not line up.
   */
  continueFrom(previous: Simulation | RunSnapshot): boolean {
    const before = previous instanceof Simulation ? previous.snapshot() : previous;
    if (before.dt !== this.net.dt) return false;
    const n = this.net.neuronCount;
    const oldIndexOf = before.indexOf;
    const oldN = before.v.length;
    const oldChannelOf = new Map<string, number>();
    before.channelIds.forEach((id, ch) => oldChannelOf.set(id, ch));
    for (let i = 0; i < n; i++) {
      const j = oldIndexOf.get(this.net.ids[i]);
      if (j === undefined) continue;
      this.v[i] = before.v[j];
      this.u[i] = before.u[j];
      const ids = this.snapshotChannelIds();
      for (let ch = 0; ch < this.channelTypes.length; ch++) {
        const old = oldChannelOf.get(ids[ch]);
        if (old !== undefined) this.channelState[ch * n + i] = before.channelState[old * oldN + j];
      }
    }
    this.stepIndex = before.stepIndex;
    // The counter-based draws continue by themselves: they are those of the step, whatever came before.
    if (this.net.randomDraws === 'polar-stream') {
      this.inputRandom = this.net.inputs.map((input) => new Random(this.net.seed, `input:${input.spec.id}@${this.stepIndex}`));
    }
    this.noiseInterval.fill(-1);
    this.seekSpikeTrains();
    return true;
  }

  private snapshotChannelIds(): string[] {
    return Array.from(this.channelTypes, (type, ch) => `${this.net.synapseTypes[type].id}${this.channelIndex[ch] === 0 ? '' : `#${this.channelIndex[ch]}`}`);
  }

  /**
   * This run's whole state (copies), for continueExactly: unlike snapshot(), with the spikes in flight,
   * the current pulses still acting and the random streams, so the run can move to another Simulation
   * of the same network (one Worker or two) without a change in its spikes.
   */
  runState(): ExactRunState {
    const net = this.net;
    const n = net.neuronCount;
    const { rowStart, post, weight } = net.synapses;
    const queue = this.inFlight;
    const count = queue.bucketCount;
    const lengthOf = (record: number) => {
      if (record >= 0) return 1;
      const i = ~record;
      return i < n ? rowStart[i + 1] - rowStart[i] : this.frozenRows[i - n].offset.length;
    };
    let total = 0;
    for (let ahead = 0; ahead < count; ahead++) {
      const b = (this.stepIndex + ahead) % count;
      for (let c = queue.firstChunk(b); c >= 0; c = queue.nextChunk(c)) {
        const records = queue.chunkOffsets[c];
        for (let r = 0; r < queue.chunkLength(b, c); r++) total += lengthOf(records[r]);
      }
    }
    const steps = new Int32Array(total);
    const offsets = new Int32Array(total);
    const weights = new Float64Array(total);
    let k = 0;
    for (let ahead = 0; ahead < count; ahead++) {
      const b = (this.stepIndex + ahead) % count;
      for (let c = queue.firstChunk(b); c >= 0; c = queue.nextChunk(c)) {
        for (let r = 0; r < queue.chunkLength(b, c); r++) {
          const record = queue.chunkOffsets[c][r];
          const i = ~record;
          // A row is added synapse by synapse in row order on delivery: written out in the same order.
          if (record >= 0) {
            offsets[k] = record;
            weights[k] = queue.chunkWeights[c][r];
            steps[k++] = ahead;
          } else if (i < n) {
            for (let s = rowStart[i]; s < rowStart[i + 1]; s++) {
              offsets[k] = this.rowSection[i] + post[s];
              weights[k] = weight[s];
              steps[k++] = ahead;
            }
          } else {
            const row = this.frozenRows[i - n];
            for (let s = 0; s < row.offset.length; s++) {
              offsets[k] = row.offset[s];
              weights[k] = row.weight[s];
              steps[k++] = ahead;
            }
          }
        }
      }
    }
    return {
      lo: this.lo,
      hi: this.hi,
      dt: net.dt,
      stepIndex: this.stepIndex,
      neuronCount: n,
      slotSize: this.slotSize,
      pulseSlots: this.pulseSlots,
      v: this.v.slice(),
      u: this.u.slice(),
      channelState: this.channelState.slice(),
      arrivals: this.arrivals.slice(),
      variantState: this.variantState.slice(),
      inFlightSteps: steps,
      inFlightOffsets: offsets,
      inFlightWeights: weights,
      inputs: net.inputs.map((_, j) => ({
        random: this.inputRandom[j]?.state() ?? null,
        held: this.noiseDraws[j].slice(),
        interval: this.noiseInterval[j],
      })),
    };
  }

  /**
   * Takes over a run of the same network from runState() of the Simulation that stepped it, or of each
   * part of a split run (together covering every neuron once): it goes on exactly as that run would
   * have. Each state gives its own neurons; spikes in flight onto neurons this Simulation does not step
   * are left out. Returns false (and is as reset) when the states do not fit this network.
   */
  continueExactly(states: readonly ExactRunState[]): boolean {
    const net = this.net;
    const n = net.neuronCount;
    const first = states[0];
    const fits = (state: ExactRunState) =>
      state.dt === net.dt && state.stepIndex === first.stepIndex && state.neuronCount === n && state.slotSize === this.slotSize &&
      state.pulseSlots === this.pulseSlots && state.variantState.length === this.variantState.length && state.inputs.length === net.inputs.length;
    const ordered = [...states].sort((x, y) => x.lo - y.lo);
    const covers = ordered.every((state, k) => state.lo === (k === 0 ? 0 : ordered[k - 1].hi)) && ordered[ordered.length - 1]?.hi === n;
    if (!first || !states.every(fits) || !covers) return false;
    this.reset();
    this.stepIndex = first.stepIndex;
    this.seekSpikeTrains();
    const channels = this.channelTypes.length;
    // The slot's sections of n places each (conductance channels, then current pulses), then the write-up synapses'.
    const sections = this.variantOffset / Math.max(1, n);
    for (const state of states) {
      const { lo, hi } = state;
      this.v.set(state.v.subarray(lo, hi), lo);
      this.u.set(state.u.subarray(lo, hi), lo);
      for (let ch = 0; ch < channels; ch++) this.channelState.set(state.channelState.subarray(ch * n + lo, ch * n + hi), ch * n + lo);
      for (let slot = 0; slot < this.pulseSlots; slot++) {
        for (let g = 0; g < sections; g++) {
          const at = slot * this.slotSize + g * n;
          this.arrivals.set(state.arrivals.subarray(at + lo, at + hi), at + lo);
        }
      }
      // Write-up synapses never run split: their state comes whole.
      if (lo === 0 && hi === n && this.variantState.length > 0) {
        this.variantState.set(state.variantState);
        for (let slot = 0; slot < this.pulseSlots; slot++) {
          const at = slot * this.slotSize + this.variantOffset;
          this.arrivals.set(state.arrivals.subarray(at, at + this.variantState.length), at);
        }
      }
      const steps = state.inFlightSteps;
      const offsets = state.inFlightOffsets;
      const weights = state.inFlightWeights;
      for (let k = 0; k < offsets.length; k++) {
        const offset = offsets[k];
        const target = offset < this.variantOffset ? offset % n : -1;
        if (target >= 0 ? target < this.lo || target >= this.hi : !(lo === 0 && hi === n)) continue;
        const queue = this.inFlight;
        if (steps[k] >= queue.bucketCount) queue.grow(steps[k] + 1, this.stepIndex);
        queue.append((this.stepIndex + steps[k]) % queue.bucketCount, offset, weights[k]);
      }
    }
    // Every part draws every target's numbers from a 'polar-stream' stream: the streams of whichever state will do.
    first.inputs.forEach((input, k) => {
      if (input.random === null || net.randomDraws !== 'polar-stream') return;
      this.inputRandom[k].setState(input.random);
      if (input.held.length === this.noiseDraws[k].length) {
        this.noiseDraws[k].set(input.held);
        this.noiseInterval[k] = input.interval;
      }
    });
    return true;
  }

  /** The conductance channels' states, channel ch of neuron i at ch * neuronCount + i (a split run shares them between Workers). */
  get channelStates(): Float64Array {
    return this.channelState;
  }

  /** Records these neurons' traces from now on (and drops unread samples). */
  watch(neurons: Int32Array, variables: readonly TraceVariable[]): void {
    this.traces = new TraceRecorder(neurons, variables);
    // An 'iext' trace needs the external current written: inputs prepared without it are drawn again.
    this.inputsAppliedFor = -1;
  }

  /**
   * Runs up to `steps` steps; returns how many ran (fewer when a state became NaN or infinite: the run
   * stops after the step in which that happened, which is finished for every neuron).
   */
  run(steps: number): number {
    const first = this.stepIndex;
    for (let k = 0; k < steps && !this.failure; k++) this.step();
    return this.stepIndex - first;
  }

  /** One step of dt. */
  step(): void {
    if (this.failure) return;
    const net = this.net;
    const n = net.neuronCount;
    const dt = net.dt;
    const t = this.stepIndex * dt;
    const arrivals = this.arrivals;
    const slotBase = (this.stepIndex % this.pulseSlots) * this.slotSize;
    const lo = this.lo;
    const hi = this.hi;

    // 1. Arrivals due now: summed into this step's slot (which is empty), then added to the state.
    this.inFlight.settle();
    if (!this.inFlight.isEmpty(this.stepIndex % this.inFlight.bucketCount)) this.deliverSpikesInFlight(slotBase);
    this.stdp?.deliver(this.stepIndex, arrivals, slotBase);
    const channelState = this.channelState;
    const channels = this.channelGbase.length;
    for (let ch = 0; ch < channels; ch++) {
      for (let i = ch * n + lo; i < ch * n + hi; i++) channelState[i] += arrivals[slotBase + i];
    }
    // The pulseSlots - 1 slots before this one still hold the arrivals of the pulses acting.
    if (this.pulseSections.length > 0 && !this.currentIsArrivals) this.sumCurrentArrivals();
    const variantState = this.variantState;
    const variants = variantState.length;
    for (let k = 0; k < variants; k++) variantState[k] += arrivals[slotBase + this.variantOffset + k];

    // 2. Inputs (unless prepareInputs applied them already).
    if (this.inputsAppliedFor !== this.stepIndex) this.applyInputs(t);
    this.inputsAppliedFor = -1;

    // Write-up synapses: I = sign g |v_pre - v_post|. Where that current pulls v_post towards v_pre it is
    // a conductance with reversal v_pre (treated implicitly); where it pushes v_post away it is
    // destabilising by nature and is applied explicitly.
    if (variants > 0) this.prepareVariantCurrents();

    // 3.-4. Neurons.
    this.spikes.reserve(hi - lo);
    const hasVariants = variants > 0;
    this.spikedCount = 0;
    if (this.neuronKernel !== null) this.updateInKernel(t, channels);
    else if (channels === 0 && !hasVariants && this.sharedQuadratic) this.updateCurrentDriven(t);
    else this.updateNeurons(t);
    const spikedCount = this.spikedCount;

    // Before the decay: the conductances are still those the step used.
    if (this.traces.watch.length > 0) this.markSpiked(spikedCount);
    if (this.traces.variables.includes('isyn')) this.watchedSynapticCurrents();

    // Arrivals land on this part's neurons only, so only their places need emptying.
    for (let ch = 0; ch < channels; ch++) arrivals.fill(0, slotBase + ch * n + lo, slotBase + ch * n + hi);
    arrivals.fill(0, slotBase + this.variantOffset, slotBase + this.slotSize);
    // The arrivals of pulseSlots - 1 steps ago have acted for their last step.
    const expired = ((this.stepIndex + 1) % this.pulseSlots) * this.slotSize;
    // The neuron update emptied the current synapses' input as it read it (updateFused: clearsInput).
    const sections = this.fusedFor === this.stepIndex && this.clearsInput() ? 0 : this.pulseSections.length;
    for (let g = 0; g < sections; g++) {
      const section = expired + this.currentOffset + g * n;
      arrivals.fill(0, section + lo, section + hi);
    }

    // 5. Exact decay of conductances.
    for (let ch = 0; ch < channels; ch++) {
      const decay = this.channelDecay[ch];
      const base = ch * n;
      const feed = this.channelFeed[ch];
      if (feed !== 0) {
        // An output channel takes from the entry channel after it, which has not decayed yet.
        for (let i = base + lo; i < base + hi; i++) channelState[i] = decay * channelState[i] + feed * channelState[i + n];
        continue;
      }
      for (let i = base + lo; i < base + hi; i++) channelState[i] *= decay;
    }
    if (hasVariants) {
      const typeDecay = this.typeDecay;
      for (let k = 0; k < variants; k++) variantState[k] *= typeDecay[this.variantType[k]];
    }

    this.stepIndex++;
    this.recordTraces(spikedCount);
  }

  /** Steps v and u of every neuron (3.) and fires those that reach the peak (4.). */
  private updateNeurons(t: number): void {
    const net = this.net;
    const n = net.neuronCount;
    const dt = net.dt;
    const { p2, p1, p0, a, b, vb, ur, c, d, vpeak, invC } = net.cells;
    const v = this.v;
    const u = this.u;
    const external = this.externalCurrent;
    const currentInput = this.currentInput;
    const channelState = this.channelState;
    const channels = this.channelGbase.length;
    const channelGbase = this.channelGbase;
    const channelMean = this.channelMean;
    const channelErev = this.channelErev;
    const hasVariants = this.variantState.length > 0;
    const twoHalfSteps = this.substeps === 2;
    const h = dt / this.substeps;
    const hi = this.hi;
    const spiked = this.spiked;
    let count = 0;
    let failedAt = -1;
    for (let i = this.lo; i < hi; i++) {
      let G = 0;
      let GE = 0;
      for (let ch = 0; ch < channels; ch++) {
        const g = channelGbase[ch] * channelMean[ch] * channelState[ch * n + i];
        G += g;
        GE += g * channelErev[ch];
      }
      let I = external[i] + currentInput[i];
      if (hasVariants) {
        G += this.variantG[i];
        GE += this.variantGE[i];
        I += this.variantExplicit[i];
      }
      let vi = v[i];
      const ui = u[i];
      // Currents and u over C (1 for the 2003 cell, where multiplying by it changes no bit).
      const s = invC[i];
      const uS = ui * s;
      const IS = I * s;
      const GES = GE * s;
      const implicitScale = 1 / (1 + h * (G * s));
      const q2 = p2[i];
      const q1 = p1[i];
      const q0 = p0[i];
      // Unrolled: one Euler step, or the 2003 scheme's two half-steps (same association as the paper).
      vi = (vi + h * (q2 * (vi * vi) + q1 * vi + q0 - uS + IS + GES)) * implicitScale;
      if (twoHalfSteps) vi = (vi + h * (q2 * (vi * vi) + q1 * vi + q0 - uS + IS + GES)) * implicitScale;
      let uNext = ui + dt * a[i] * (b[i] * (vi - vb[i]) - ur[i] * ui);
      // x * 0 is 0 for finite x and NaN for NaN or +-Infinity: one cheap test for both states.
      if (vi * 0 + uNext * 0 !== 0) {
        if (failedAt < 0) failedAt = i;
      } else if (vi >= vpeak[i]) {
        vi = c[i];
        uNext += d[i];
        spiked[count++] = i;
      }
      v[i] = vi;
      u[i] = uNext;
    }
    this.afterUpdate(t, count, failedAt);
  }

  /**
   * updateNeurons for the common case, the 2003 network's: no conductance or write-up synapses, and one
   * quadratic (p2, p1, p0, vb, ur, vpeak) shared by all neurons, hoisted out of the loop. About 11 instead of
   * 17 ns per neuron-step (Node 20), and the same bits: with G = 0 the implicit factor 1 / (1 + h G) is exactly
   * 1, and adding GE = 0 changes nothing because I is never -0 (the inputs and arrivals are sums that
   * start from +0), so neither is the sum it ends.
   */
  private updateCurrentDriven(t: number): void {
    const net = this.net;
    const dt = net.dt;
    const { a, b, c, d } = net.cells;
    const q2 = net.cells.p2[0];
    const q1 = net.cells.p1[0];
    const q0 = net.cells.p0[0];
    const vb = net.cells.vb[0];
    const ur = net.cells.ur[0];
    const vpeak = net.cells.vpeak[0];
    const v = this.v;
    const u = this.u;
    const external = this.externalCurrent;
    const currentInput = this.currentInput;
    const twoHalfSteps = this.substeps === 2;
    const h = dt / this.substeps;
    const hi = this.hi;
    const spiked = this.spiked;
    let count = 0;
    let failedAt = -1;
    for (let i = this.lo; i < hi; i++) {
      const I = external[i] + currentInput[i];
      let vi = v[i];
      const ui = u[i];
      vi = vi + h * (q2 * (vi * vi) + q1 * vi + q0 - ui + I);
      if (twoHalfSteps) vi = vi + h * (q2 * (vi * vi) + q1 * vi + q0 - ui + I);
      let uNext = ui + dt * a[i] * (b[i] * (vi - vb) - ur * ui);
      if (vi * 0 + uNext * 0 !== 0) {
        if (failedAt < 0) failedAt = i;
      } else if (vi >= vpeak) {
        vi = c[i];
        uNext += d[i];
        spiked[count++] = i;
      }
      v[i] = vi;
      u[i] = uNext;
    }
    this.afterUpdate(t, count, failedAt);
  }

  /** updateCurrentDriven or updateNeurons (without write-up synapses) in the neuron kernel: the same numbers. */
  private updateInKernel(t: number, channels: number): void {
    const kernel = this.neuronKernel!;
    const twoHalfSteps = this.substeps === 2;
    const h = this.net.dt / this.substeps;
    const shared = channels === 0 && this.sharedQuadratic;
    if (this.fusedFor === this.stepIndex) {
      if (shared) {
        this.afterUpdate(t, this.updateFused(kernel, h, twoHalfSteps), kernel.failedAt);
        return;
      }
      // The cells changed since the inputs were prepared: the noise goes through the external current after all.
      this.fusedFor = -1;
      this.applyInputs(t, false);
    }
    const count = shared
      ? kernel.updateShared(this.currentInput, this.lo, this.hi, h, twoHalfSteps, this.net.cells)
      : kernel.updateGeneral(this.currentInput, this.lo, this.hi, h, twoHalfSteps, channels);
    this.afterUpdate(t, count, kernel.failedAt);
  }

  /**
   * updateShared with the noise drawn in the kernel (see fusedInput), run by run of neurons: the same draws
   * and the same IEEE operations as writing the external current first. Returns the spike count.
   */
  private updateFused(kernel: NeuronKernel, h: number, twoHalfSteps: boolean): number {
    const inputs = this.net.inputs;
    const cells = this.net.cells;
    const clear = this.clearsInput();
    kernel.clearFailure();
    let count = 0;
    for (let r = 0; r < this.fusedInput.length; r++) {
      const k = this.fusedInput[r];
      const spec = inputs[k].spec;
      if (spec.kind !== 'noise') continue;
      const draws = this.inputDraws[k];
      draws.setInterval(this.stepIndex);
      count = kernel.updateSharedNoise(this.currentInput, this.fusedFrom[r], this.fusedTo[r], h, twoHalfSteps, cells, count, draws.laneBase, this.fusedOffset[r], spec.mean, spec.sd, clear);
    }
    return count;
  }

  /**
   * Whether the fused update may empty the current synapses' input as it reads it: when that input is
   * this step's arrival slot, which the step empties afterwards anyway, and no I_syn trace reads it after.
   */
  private clearsInput(): boolean {
    return this.currentIsArrivals && this.pulseSlots === 1 && !this.traces.variables.includes('isyn');
  }

  /**
   * After a neuron loop, which only notes who spiked (spiked[0 .. count - 1]) and the first neuron whose
   * state became non-finite: record and queue the spikes, in order, and keep the failure. Keeping that
   * work out of the loop keeps the loop small: about 15% less time per neuron-step in V8 (Node 20).
   */
  private afterUpdate(t: number, count: number, failedAt: number): void {
    if (failedAt >= 0) this.failed(failedAt, t, this.v[failedAt], this.u[failedAt]);
    for (let k = 0; k < count; k++) this.fire(this.spiked[k], t);
  }

  /** Whether all neurons share p2, p1, p0, vb, ur and vpeak (exactly, sign of zero included), with C = 1 pF. */
  private cellsShareQuadratic(): boolean {
    const { p2, p1, p0, vb, ur, vpeak, invC } = this.net.cells;
    // updateCurrentDriven leaves out 1 / C: only cells with C = 1 pF (the 2003 cell's) may take it.
    if (invC.some((s) => s !== 1)) return false;
    for (const values of [p2, p1, p0, vb, ur, vpeak]) {
      for (let i = 1; i < values.length; i++) if (!Object.is(values[i], values[0])) return false;
    }
    return true;
  }

  /** Neuron i spiked at time t: record it and queue the spike (a part's spikes are queued by enqueueSpikes). */
  private fire(i: number, t: number): void {
    this.spikes.push(i, t);
    this.spiked[this.spikedCount++] = i;
    this.stdp?.postSpike(i, this.stepIndex);
    if (this.net.partition === undefined) this.enqueue(i, this.stepIndex);
  }

  /** Queues a spike of neuron i fired in step `step` on its synapses (onto this part's neurons). */
  private enqueue(i: number, step: number): void {
    const { rowStart, post, weight, delaySteps } = this.net.synapses;
    const start = rowStart[i];
    const end = rowStart[i + 1];
    if (start === end) return;
    const queue = this.inFlight;
    const count = queue.bucketCount;
    if (this.stdp?.hasPlastic(i)) {
      // Plastic synapses transmit and learn at arrival (stdp.ts); the row's others are queued one by one.
      this.stdp.queuePre(i, step);
      const { type } = this.net.synapses;
      const ruleOfType = this.stdp.plastic.ruleOfType;
      for (let s = start; s < end; s++) if (ruleOfType[type[s]] < 0) queue.append((step + delaySteps[s]) % count, this.offsetInSlot(s), weight[s]);
      return;
    }
    const rowDelay = this.rowDelay[i];
    const section = this.rowSection[i];
    if (rowDelay > 0 && section >= 0) {
      queue.append((step + rowDelay) % count, ~i, 0);
    } else if (section >= 0) {
      for (let s = start; s < end; s++) queue.append((step + delaySteps[s]) % count, section + post[s], weight[s]);
    } else {
      for (let s = start; s < end; s++) queue.append((step + delaySteps[s]) % count, this.offsetInSlot(s), weight[s]);
    }
  }

  /** Adds the records of this step's bucket into the slot at slotBase, in order, and empties the bucket. */
  private deliverSpikesInFlight(slotBase: number): void {
    const queue = this.inFlight;
    const bucket = this.stepIndex % queue.bucketCount;
    for (let c = queue.firstChunk(bucket); c >= 0; c = queue.nextChunk(c)) {
      this.deliverRecords(slotBase, queue.chunkOffsets[c], queue.chunkWeights[c], queue.chunkLength(bucket, c));
    }
    this.delivery?.flush();
    queue.clear(bucket);
  }

  /** Adds the first `size` records of one chunk into the slot at slotBase, in order. */
  private deliverRecords(slotBase: number, offsets: Int32Array, weights: Float64Array, size: number): void {
    const { rowStart, post, weight } = this.net.synapses;
    const arrivals = this.arrivals;
    const n = this.net.neuronCount;
    const delivery = this.delivery;
    for (let r = 0; r < size; r++) {
      const offset = offsets[r];
      if (delivery !== null && offset < 0 && ~offset < n) {
        delivery.queueRow(slotBase + this.rowSection[~offset], rowStart[~offset], rowStart[~offset + 1]);
        continue;
      }
      // Other records add after the rows queued before them.
      delivery?.flush();
      if (offset >= 0) {
        arrivals[slotBase + offset] += weights[r];
        continue;
      }
      const i = ~offset;
      if (i < n) {
        const base = slotBase + this.rowSection[i];
        const end = rowStart[i + 1];
        let s = rowStart[i];
        // Unrolled by four: about a quarter less time per event in V8 (the same additions, in order).
        for (; s + 3 < end; s += 4) {
          arrivals[base + post[s]] += weight[s];
          arrivals[base + post[s + 1]] += weight[s + 1];
          arrivals[base + post[s + 2]] += weight[s + 2];
          arrivals[base + post[s + 3]] += weight[s + 3];
        }
        for (; s < end; s++) arrivals[base + post[s]] += weight[s];
      } else {
        const row = this.frozenRows[i - n];
        for (let s = 0; s < row.offset.length; s++) arrivals[slotBase + row.offset[s]] += row.weight[s];
        if (--this.frozenInFlight === 0) this.frozenRows = [];
      }
    }
  }

  /**
   * Neuron i's row is about to change (a live edit of a weight or delay): its spikes in flight that
   * refer to the row keep it as it was when they fired, as if they had been scheduled then.
   */
  private freezeSpikesInFlight(i: number): void {
    const n = this.net.neuronCount;
    const queue = this.inFlight;
    let frozen = -1;
    for (let b = 0; b < queue.bucketCount; b++) {
      for (let c = queue.firstChunk(b); c >= 0; c = queue.nextChunk(c)) {
        const offsets = queue.chunkOffsets[c];
        const length = queue.chunkLength(b, c);
        for (let r = 0; r < length; r++) {
          if (offsets[r] !== ~i) continue;
          if (frozen < 0) frozen = this.freezeRow(i);
          offsets[r] = ~(n + frozen);
          this.frozenInFlight++;
        }
      }
    }
  }

  /** A copy of neuron i's row (where each synapse lands in a slot, and its weight); its index in frozenRows. */
  private freezeRow(i: number): number {
    const { rowStart, weight } = this.net.synapses;
    const start = rowStart[i];
    const length = rowStart[i + 1] - start;
    const row: FrozenRow = { offset: new Int32Array(length), weight: weight.slice(start, start + length) };
    for (let s = 0; s < length; s++) row.offset[s] = this.offsetInSlot(start + s);
    this.frozenRows.push(row);
    return this.frozenRows.length - 1;
  }

  /**
   * For a part of a split network: queues the spikes that neurons[from .. to - 1] (of every part, in
   * neuron order) fired in step `step`. Call it with each step's spikes in order of steps, for steps up to
   * net.partition.minDelay before the next one this part takes.
   */
  enqueueSpikes(step: number, neurons: Int32Array, from: number, to: number): void {
    for (let k = from; k < to; k++) this.enqueue(neurons[k], step);
  }

  /** The neurons of this Simulation that spiked in the last step, in order: the first lastSpikeCount of lastSpikeNeurons. */
  get lastSpikeNeurons(): Int32Array {
    return this.spiked;
  }

  get lastSpikeCount(): number {
    return this.spikedCount;
  }

  /** Bytes held for spikes in flight (the chunks of the spike queue's pool, in use and spare, its bookkeeping and frozen rows) and the arrivals of the pulse slots. */
  get spikeStorageBytes(): number {
    let bytes = this.arrivals.byteLength + this.inFlight.bytes;
    for (const row of this.frozenRows) bytes += row.offset.byteLength + row.weight.byteLength;
    return bytes;
  }

  /** The section start shared by all synapses of neuron i's row (see rowSection), else -1. */
  private sharedSection(i: number): number {
    const { rowStart, type } = this.net.synapses;
    if (rowStart[i] === rowStart[i + 1]) return 0;
    const first = this.sectionStart[type[rowStart[i]]];
    for (let s = rowStart[i] + 1; s < rowStart[i + 1]; s++) if (this.sectionStart[type[s]] !== first) return -1;
    return first;
  }

  /** The delay (steps) shared by all synapses of neuron i's row, or 0 when they differ. */
  private sharedDelay(i: number): number {
    const { rowStart, delaySteps } = this.net.synapses;
    const first = rowStart[i] < rowStart[i + 1] ? delaySteps[rowStart[i]] : 0;
    for (let s = rowStart[i] + 1; s < rowStart[i + 1]; s++) if (delaySteps[s] !== first) return 0;
    return first;
  }

  /** The presynaptic neuron of synapse s (the row holding it). */
  private rowOf(s: number): number {
    const rowStart = this.net.synapses.rowStart;
    let low = 0;
    let high = this.net.neuronCount - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (rowStart[middle] <= s) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /**
   * v or u of neuron i became NaN or infinite. Keep the first failure and finish the step for every other
   * neuron, so that the state the run stops in is one moment in time; the failed neuron keeps its
   * non-finite state and does not spike.
   */
  private failed(i: number, t: number, vi: number, uNext: number): void {
    if (this.failure === null) this.fail(i, t, !Number.isFinite(vi) ? 'v' : 'u', !Number.isFinite(vi) ? vi : uNext);
  }

  /** Arrival slot of step m (m may be negative early in a run: those slots are empty). */
  private slotAt(m: number): number {
    const r = m % this.pulseSlots;
    return r < 0 ? r + this.pulseSlots : r;
  }

  /** A current synapse's weight acts from its arrival for `pulse` steps: sum each section's last arrivals. */
  private sumCurrentArrivals(): void {
    const n = this.net.neuronCount;
    const arrivals = this.arrivals;
    const input = this.currentInput;
    const lo = this.lo;
    const hi = this.hi;
    for (let g = 0; g < this.pulseSections.length; g++) {
      const section = this.currentOffset + g * n;
      for (let back = 0; back < this.pulseSections[g]; back++) {
        const from = this.slotAt(this.stepIndex - back) * this.slotSize + section;
        // The first term is assigned, so a one-step pulse reads the arrivals exactly as they are.
        if (g === 0 && back === 0) for (let i = lo; i < hi; i++) input[i] = arrivals[from + i];
        else for (let i = lo; i < hi; i++) input[i] += arrivals[from + i];
      }
    }
  }

  /** Flags the neurons that spiked in this step (for the trace's spike peaks); recordTraces clears them. */
  private markSpiked(spikedCount: number): void {
    for (let k = 0; k < spikedCount; k++) this.spikedNow[this.spiked[k]] = 1;
  }

  /**
   * The synaptic current the step used, for the watched neurons only (nothing else reads it), computed
   * after the neuron loop from the same G, GE and current as the loop, in the same order, so it is the
   * same number. It is taken at v clipped to the spike peak: past it, v is an artefact of the step (it
   * can overshoot to hundreds of mV), and so would the current be. A neuron that spiked was past it.
   */
  private watchedSynapticCurrents(): void {
    const watch = this.traces.watch;
    const n = this.net.neuronCount;
    const vpeak = this.net.cells.vpeak;
    const channels = this.channelGbase.length;
    const hasVariants = this.variantState.length > 0;
    for (let w = 0; w < watch.length; w++) {
      const i = watch[w];
      let G = 0;
      let GE = 0;
      for (let ch = 0; ch < channels; ch++) {
        const g = this.channelGbase[ch] * this.channelMean[ch] * this.channelState[ch * n + i];
        G += g;
        GE += g * this.channelErev[ch];
      }
      if (hasVariants) {
        G += this.variantG[i];
        GE += this.variantGE[i];
      }
      const vi = this.v[i];
      const vClipped = this.spikedNow[i] === 1 ? vpeak[i] : vi < vpeak[i] ? vi : vpeak[i];
      this.isyn[i] = GE - G * vClipped + this.currentInput[i] + (hasVariants ? this.variantExplicit[i] : 0);
    }
  }

  private recordTraces(spikedCount: number): void {
    const traces = this.traces;
    const watch = traces.watch;
    if (watch.length === 0) return;
    traces.reserve(1);
    const spiked = this.spiked;
    const spikedNow = this.spikedNow;
    const variables = traces.variables;
    let at = traces.count * traces.stride;
    for (let w = 0; w < watch.length; w++) {
      const i = watch[w];
      for (let k = 0; k < variables.length; k++) {
        const value = this.sample(i, variables[k]);
        // A failed neuron's state is not a number to plot: record a gap, not an infinite axis.
        traces.values[at++] = Number.isFinite(value) ? value : Number.NaN;
      }
    }
    for (let k = 0; k < spikedCount; k++) spikedNow[spiked[k]] = 0;
    traces.times[traces.count] = this.stepIndex * this.net.dt;
    traces.count++;
  }

  /** Conductance of neuron i now (after this step's decay), nS. */
  conductance(i: number): number {
    const n = this.net.neuronCount;
    let g = 0;
    for (let ch = 0; ch < this.channelGbase.length; ch++) g += this.channelGNow[ch] * this.channelState[ch * n + i];
    for (let k = 0; k < this.variantState.length; k++) {
      if (this.variantPost[k] === i) g += this.net.synapseTypes[this.variantType[k]].gbase * this.variantState[k];
    }
    return g;
  }

  private sample(i: number, variable: TraceVariable): number {
    switch (variable) {
      case 'v':
        return this.spikedNow[i] === 1 ? this.net.cells.vpeak[i] : this.v[i];
      case 'u':
        return this.u[i];
      case 'g':
        return this.conductance(i);
      case 'isyn':
        return this.isyn[i];
      case 'iext':
        return this.externalCurrent[i];
    }
  }

  /**
   * The constant inputs that come before any other input, summed per neuron in input order: the step
   * starts from this sum instead of adding them again, and adds the other inputs after it in the same
   * order as before, so the sum rounds as before. (A constant input after another kind is added each
   * step: moving it forward would change the rounding.) Rebuilt by applyEdit and by reset(), so a change
   * to an input's spec made directly (as the Iris encoder does between samples) acts after a reset.
   */
  private refreshConstantDrive(): void {
    const inputs = this.net.inputs;
    const drive = this.constantDrive;
    drive.fill(0);
    let k = 0;
    for (; k < inputs.length; k++) {
      const spec = inputs[k].spec;
      if (spec.kind !== 'constant') break;
      const targets = inputs[k].targets;
      for (let j = this.targetFirst[k]; j < this.targetEnd[k]; j++) drive[targets[j]] += spec.amplitude;
    }
    this.leadingConstants = k;
    this.inputsAppliedFor = -1;
    const counter = this.net.randomDraws === 'counter-ziggurat';
    this.inputsAhead = inputs.every(({ spec }) => spec.kind === 'constant' || spec.kind === 'pulse' || spec.kind === 'sine' || spec.kind === 'recorded' || (spec.kind === 'noise' && counter));
    const first = inputs[0];
    this.noiseWritesFirst = this.net.randomDraws === 'counter-ziggurat' && k === 0 && first !== undefined && first.spec.kind === 'noise'
      && first.targets.every((target, j) => target === first.targets[0] + j);
    this.planFusedNoise();
  }

  /** fusedInput and its runs, when every input is noise held one step into adjacent targets that tile lo .. hi - 1. */
  private planFusedNoise(): void {
    this.fusedInput = [];
    this.fusedFrom = [];
    this.fusedTo = [];
    this.fusedOffset = [];
    this.fusedFor = -1;
    const net = this.net;
    if (net.randomDraws !== 'counter-ziggurat' || this.neuronKernel === null || this.hashedTargets.kernel === null || this.variantState.length > 0) return;
    const runs: { k: number; from: number; to: number; offset: number }[] = [];
    for (let k = 0; k < net.inputs.length; k++) {
      const { spec, targets } = net.inputs[k];
      if (spec.kind !== 'noise' || wholeSteps(spec.hold ?? PAPER_STEP_MS, net.dt) !== 1) return;
      if (!targets.every((target, j) => target === targets[0] + j)) return;
      const first = this.targetFirst[k];
      const end = this.targetEnd[k];
      if (end > first) runs.push({ k, from: targets[first], to: targets[first] + end - first, offset: targets[0] });
    }
    runs.sort((a, b) => a.from - b.from);
    let next = this.lo;
    for (const run of runs) {
      if (run.from !== next) return;
      next = run.to;
    }
    if (next !== this.hi) return;
    for (const run of runs) {
      this.fusedInput.push(run.k);
      this.fusedFrom.push(run.from);
      this.fusedTo.push(run.to);
      this.fusedOffset.push(run.offset);
    }
  }

  /**
   * Whether this step's noise may be drawn in the neuron update (fusedInput): the kernel's shared path
   * steps the neurons, no 'iext' trace reads the external current, and no mean is -0 (the kernel adds
   * mean + sd z where the current holds 0 + (mean + sd z): the same bits unless mean is -0).
   */
  private fusesNoise(): boolean {
    if (this.fusedInput.length === 0 || !this.sharedQuadratic || this.channelGbase.length > 0 || this.traces.variables.includes('iext')) return false;
    for (const k of this.fusedInput) {
      const spec = this.net.inputs[k].spec;
      if (spec.kind !== 'noise' || Object.is(spec.mean, -0)) return false;
    }
    return true;
  }

  /**
   * Applies the next step's inputs now, when they are functions of the step alone that write only the
   * external current (constant, pulse, sine and recorded inputs, and noise from counter-based draws), so
   * that a part of a split run draws its noise while it waits for the other parts' spikes (exchange.ts);
   * the step then takes them as they are, the same numbers. An edit of an input or reset() has the step
   * apply them anew.
   */
  prepareInputs(): void {
    if (!this.inputsAhead || this.failure || this.inputsAppliedFor === this.stepIndex) return;
    this.applyInputs(this.stepIndex * this.net.dt);
    this.inputsAppliedFor = this.stepIndex;
  }

  /** @param fuse whether the noise may be left to the neuron update (fusesNoise) */
  private applyInputs(t: number, fuse = true): void {
    if (fuse && this.fusesNoise()) {
      this.fusedFor = this.stepIndex;
      return;
    }
    this.fusedFor = -1;
    const external = this.externalCurrent;
    const net = this.net;
    const n = net.neuronCount;
    const inputs = net.inputs;
    const counter = net.randomDraws === 'counter-ziggurat';
    let k = this.leadingConstants;
    if (this.noiseWritesFirst) {
      this.writeFirstNoise();
      k = 1;
    } else {
      external.set(this.constantDrive);
    }
    for (; k < inputs.length; k++) {
      const input = inputs[k];
      const targets = input.targets;
      const first = this.targetFirst[k];
      const end = this.targetEnd[k];
      const spec = input.spec;
      switch (spec.kind) {
        case 'constant':
          for (let j = first; j < end; j++) external[targets[j]] += spec.amplitude;
          break;
        case 'pulse': {
          const phase = pulsePhase(spec.start, spec.duration, spec.period, t, net.dt);
          if (phase >= 0) {
            const current = spec.slope === undefined ? spec.amplitude : spec.amplitude + spec.slope * phase;
            for (let j = first; j < end; j++) external[targets[j]] += current;
          }
          break;
        }
        case 'noise': {
          const holdSteps = wholeSteps(spec.hold ?? PAPER_STEP_MS, net.dt);
          const mean = spec.mean;
          const sd = spec.sd;
          if (counter && holdSteps === 1) {
            // Drawn straight into the current: no held draws to keep.
            const draws = this.inputDraws[k];
            draws.setInterval(this.stepIndex);
            draws.addNoise(external, targets, first, end, mean, sd, this.hashedTargets);
            break;
          }
          const draws = this.heldNormals(k, holdSteps);
          for (let j = first; j < end; j++) external[targets[j]] += mean + sd * draws[j];
          break;
        }
        case 'sine': {
          const current = sineCurrent(spec, t, net.dt);
          if (current !== 0) for (let j = first; j < end; j++) external[targets[j]] += current;
          break;
        }
        case 'recorded':
          if (this.stepIndex < spec.values.length) {
            const value = spec.values[this.stepIndex];
            for (let j = first; j < end; j++) external[targets[j]] += value;
          }
          break;
        case 'spikeSource': {
          const trains = this.spikeTrains[k];
          if (trains !== null) for (let j = first; j < end; j++) if (trains.fires(j, this.stepIndex)) external[targets[j]] += SPIKE_SOURCE_CURRENT;
          break;
        }
        case 'poisson': {
          // A window (transientPoissonFiringSynapse): no spikes outside it, the same draws inside.
          if ((spec.start !== undefined || spec.duration !== undefined) && pulsePhase(spec.start ?? 0, spec.duration, undefined, t, net.dt) < 0) break;
          const mean = (spec.rate * net.dt) / 1000;
          const base = this.channelOfType[(input as CompiledInput & { synapseType: number }).synapseType] * n;
          if (counter) {
            const draws = this.inputDraws[k];
            const hashed = this.hashedTargets.hashed;
            const zeroProbability = portableExp(-mean);
            draws.setInterval(this.stepIndex);
            for (let j = first; j < end; j++) {
              const count = draws.poisson(hashed[j], mean, zeroProbability);
              if (count > 0) this.channelState[base + targets[j]] += count * spec.weight;
            }
            break;
          }
          // One stream for all targets: a part draws them all to stay in step, and uses its own.
          const random = this.inputRandom[k];
          for (let j = 0; j < targets.length; j++) {
            const count = random.poisson(mean);
            if (count > 0 && j >= first && j < end) this.channelState[base + targets[j]] += count * spec.weight;
          }
          break;
        }
      }
    }
  }

  /**
   * The first input's noise (see noiseWritesFirst) written into its targets' external current, the
   * other neurons' current cleared: 0 + value is what clearing and adding would give, bit for bit.
   */
  private writeFirstNoise(): void {
    const external = this.externalCurrent;
    const net = this.net;
    const input = net.inputs[0];
    const spec = input.spec;
    if (spec.kind !== 'noise') return;
    const targets = input.targets;
    const offset = targets.length > 0 ? targets[0] : 0;
    const first = this.targetFirst[0];
    const end = this.targetEnd[0];
    // Only this Simulation's neurons: a part's others are another part's to step (and to clear).
    const lo = this.lo;
    const hi = this.hi;
    external.fill(0, lo, Math.min(hi, Math.max(lo, offset + first)));
    external.fill(0, Math.max(lo, Math.min(hi, offset + end)), hi);
    const holdSteps = wholeSteps(spec.hold ?? PAPER_STEP_MS, net.dt);
    const mean = spec.mean;
    const sd = spec.sd;
    if (holdSteps === 1) {
      const draws = this.inputDraws[0];
      draws.setInterval(this.stepIndex);
      draws.writeNoise(external, offset, first, end, mean, sd, this.hashedTargets);
    } else {
      const z = this.heldNormals(0, holdSteps);
      for (let j = first; j < end; j++) external[offset + j] = 0 + (mean + sd * z[j]);
    }
  }

  /**
   * Input k's standard normals of the current hold interval, one per target, drawn when the interval
   * begins: from its stream in target order ('polar-stream') or per target from its CounterStream.
   */
  private heldNormals(k: number, holdSteps: number): Float64Array {
    const z = this.noiseDraws[k];
    const interval = Math.floor(this.stepIndex / holdSteps);
    if (interval !== this.noiseInterval[k]) {
      if (this.net.randomDraws === 'polar-stream') {
        this.inputRandom[k].fillNormal(z);
      } else {
        const draws = this.inputDraws[k];
        draws.setInterval(interval);
        // Each part draws only its own targets' places.
        draws.fillNormals(z, this.targetFirst[k], this.targetEnd[k], this.hashedTargets);
      }
      this.noiseInterval[k] = interval;
    }
    return z;
  }

  private prepareVariantCurrents(): void {
    const G = this.variantG;
    const GE = this.variantGE;
    const explicit = this.variantExplicit;
    G.fill(0);
    GE.fill(0);
    explicit.fill(0);
    const v = this.v;
    const types = this.net.synapseTypes;
    for (let k = 0; k < this.variantState.length; k++) {
      const type = types[this.variantType[k]];
      const g = type.gbase * this.typeMean[this.variantType[k]] * this.variantState[k];
      const pre = this.variantPre[k];
      const post = this.variantPost[k];
      const towardsPre = type.sign * (v[pre] - v[post]) >= 0;
      if (towardsPre) {
        G[post] += g;
        GE[post] += g * v[pre];
      } else {
        explicit[post] += type.sign * g * Math.abs(v[pre] - v[post]);
      }
    }
  }

  private refreshSynapseConstants(): void {
    const dt = this.net.dt;
    // Format 3 experiments compute with the exp written out, which Node and browsers evaluate to the
    // same bits (their Math.exp differ in the last bit for some arguments); older files keep Math.exp
    // and so their spikes in Node.
    const exp = this.net.randomDraws === 'counter-ziggurat' ? portableExp : Math.exp;
    this.net.synapseTypes.forEach((type, k) => {
      const decay = exp(-dt / type.tau);
      this.typeDecay[k] = decay;
      this.typeMean[k] = (type.tau / dt) * (1 - decay);
    });
    for (let ch = 0; ch < this.channelTypes.length; ch++) {
      const type = this.net.synapseTypes[this.channelTypes[ch]];
      const constants = channelConstants(type, this.channelIndex[ch], dt, exp);
      this.channelGbase[ch] = constants.gbase;
      this.channelErev[ch] = type.erev;
      this.channelDecay[ch] = constants.decay;
      this.channelMean[ch] = constants.mean;
      this.channelFeed[ch] = constants.feed;
      this.channelGNow[ch] = constants.gNow;
    }
    const kernel = this.neuronKernel;
    if (kernel === null) return;
    // As the JS loop multiplies: (gbase mean) state.
    for (let ch = 0; ch < this.channelTypes.length; ch++) {
      kernel.gm[ch] = this.channelGbase[ch] * this.channelMean[ch];
      kernel.erev[ch] = this.channelErev[ch];
    }
  }

  /** Where synapse s's arrival lands within a slot. */
  private offsetInSlot(s: number): number {
    const section = this.sectionStart[this.net.synapses.type[s]];
    return section >= 0 ? section + this.net.synapses.post[s] : this.variantOffset + this.variantOfSynapse[s];
  }

  private fail(i: number, t: number, variable: 'v' | 'u', value: number): void {
    const id = this.net.ids[i];
    this.failure = {
      neuron: i,
      neuronId: id,
      time: t,
      message:
        `Stopped at t = ${t.toFixed(2)} ms: neuron "${id}" has ${variable} = ${String(value)}. ` +
        `The step (${this.net.dt} ms) may be too large for these parameters and inputs; try a smaller step, ` +
        `weaker inputs or the 2003 half-step scheme.`,
    };
  }

  /** Applies a live edit to the running network, keeping its state. */
  applyEdit(edit: LiveEdit): void {
    const net = this.net;
    switch (edit.kind) {
      case 'neuron': {
        const i = net.indexOf.get(edit.neuron);
        if (i === undefined) throw new Error(`no neuron "${edit.neuron}"`);
        net.cells[edit.param][i] = edit.value;
        this.neuronKernel?.setCell(i, net.cells, net.dt);
        this.sharedQuadratic = this.cellsShareQuadratic();
        return;
      }
      case 'synapseType': {
        const type = net.synapseTypes.find((s) => s.id === edit.synapse);
        if (!type) throw new Error(`no synapse type "${edit.synapse}"`);
        type[edit.param] = edit.value;
        this.refreshSynapseConstants();
        return;
      }
      case 'connection': {
        const s = net.connectionSynapse[edit.index];
        if (s === undefined) throw new Error(`no connection #${edit.index}`);
        const steps = edit.param === 'delay' ? wholeSteps(edit.value, net.dt) : 0;
        if (net.partition && edit.param === 'delay' && steps < net.partition.minDelay) {
          throw new Error(`a delay of ${steps} steps is shorter than the ${net.partition.minDelay} steps the parts of this network exchange spikes by`);
        }
        if (s < 0) return; // a connection onto another part's neuron
        const pre = this.rowOf(s);
        this.freezeSpikesInFlight(pre);
        if (edit.param === 'weight') {
          net.synapses.weight[s] = edit.value;
          this.stdp?.setInitialWeight(s, edit.value);
        } else {
          net.synapses.delaySteps = widenedDelays(net.synapses.delaySteps, steps);
          net.synapses.delaySteps[s] = steps;
          this.rowDelay[pre] = this.sharedDelay(pre);
          if (steps >= this.inFlight.bucketCount) this.inFlight.grow(steps + 1, this.stepIndex);
        }
        return;
      }
      case 'plasticity':
        this.stdp?.setRule(net.synapseTypes.findIndex((s) => s.id === edit.synapse), edit.param, edit.value);
        return;
      case 'input': {
        const input = net.inputs.find((i) => i.spec.id === edit.input);
        if (!input) throw new Error(`no input "${edit.input}"`);
        Object.assign(input.spec, { [edit.param]: edit.value });
        this.refreshConstantDrive();
        return;
      }
    }
  }
}

/** A copy of a row as it was when its spikes in flight fired (see freezeSpikesInFlight): per synapse,
 * where in a slot it lands, and its weight. */
interface FrozenRow {
  offset: Int32Array;
  weight: Float64Array;
}

/** Time since the current pulse began (ms, >= 0) during the step that starts at t, or -1 when off. */
export function pulsePhase(start: number, duration: number | undefined, period: number | undefined, t: number, dt: number): number {
  const eps = dt * 1e-6; // t is n * dt in floating point; protect exact boundaries
  if (t + eps < start) return -1;
  let phase = t - start;
  if (period !== undefined && period > 0) phase -= Math.floor((phase + eps) / period) * period;
  if (duration !== undefined && !(phase + eps < duration)) return -1;
  return phase > 0 ? phase : 0; // within eps of the start: exactly the start
}
