import { compileExperiment } from '../core/engine/compile.ts';
import { SpikeExchange } from '../core/engine/exchange.ts';
import { LONGEST_BLOCK, partitionNetwork, shortestDelay } from '../core/engine/partition.ts';
import { Simulation } from '../core/engine/simulation.ts';
import type { PartCommand, PartReply } from './partProtocol.ts';
import { stateViews, traceWords } from './partProtocol.ts';

/**
 * One of the other Workers of a split run: steps its part (1 or more) of the network on command, block by
 * block, in step with the simulation Worker (splitSimulation.ts) and the other parts through the shared
 * exchange. Free of Worker globals, so Node's worker_threads run it in tests.
 */
export class PartHost {
  private sim: Simulation | null = null;
  private part = 1;
  private blockSteps = 1;
  private exchange: SpikeExchange | null = null;
  private state: ReturnType<typeof stateViews> | null = null;
  private traces: Float64Array | null = null;

  constructor(private readonly reply: (message: PartReply) => void) {}

  handle(command: PartCommand): void {
    try {
      this.apply(command);
    } catch (e) {
      this.reply({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  }

  private apply(command: PartCommand): void {
    if (command.kind === 'build') {
      const whole = compileExperiment(command.experiment);
      this.blockSteps = Math.min(LONGEST_BLOCK, shortestDelay(whole.synapses, LONGEST_BLOCK));
      this.sim = new Simulation(partitionNetwork(whole, command.lo, command.hi));
      this.part = command.part;
      this.reply({ kind: 'built' });
      return;
    }
    const sim = this.sim;
    if (!sim) throw new Error(`${command.kind} before the part was built`);
    switch (command.kind) {
      case 'install':
        this.exchange = new SpikeExchange(command.exchange, command.layout);
        this.state = stateViews(command.state, { neuronCount: sim.net.neuronCount, channels: sim.channelStates.length / sim.net.neuronCount, parts: command.layout.parts });
        return;
      case 'continue':
        sim.continueFrom(command.snapshot);
        return;
      case 'continueExactly':
        if (!sim.continueExactly(command.states)) throw new Error('the run to continue does not fit this part');
        return;
      case 'sendState':
        this.writeState(sim);
        this.reply({ kind: 'state', state: sim.runState() });
        return;
      case 'run':
        return this.run(sim, command.steps, command.block);
      case 'reset':
        sim.reset();
        return;
      case 'edit':
        sim.applyEdit(command.edit);
        return;
      case 'watch':
        sim.watch(command.neurons, command.variables);
        this.traces = new Float64Array(command.traces);
        return;
      case 'setState':
        sim.v[command.index] = command.v;
        sim.u[command.index] = command.u;
        return;
    }
  }

  private run(sim: Simulation, steps: number, firstBlock: number): void {
    const exchange = this.exchange;
    if (!exchange) throw new Error('run before the exchange was installed');
    let block = firstBlock;
    let left = steps;
    while (left > 0) {
      const length = Math.min(this.blockSteps, left);
      const firstStep = sim.stepIndex;
      exchange.stepBlock(this.part, sim, block, length);
      sim.spikes.count = 0; // part 0 records every part's spikes
      this.writeTraces(sim, block);
      // The state only when part 0 will read it: it asks (sendState) before a rebuild continues the run.
      // Written after every run it was 16 bytes a neuron copied some 200 times a second in the page
      // (a run per batch), through the cache that holds the part's arrival sums.
      if (sim.failure) this.writeState(sim);
      exchange.barrier();
      const taken = exchange.deliverBlock(sim, block, firstStep);
      block++;
      left -= length;
      if (taken < length) break; // a part stopped on a non-finite state: all parts stop
    }
  }

  /** This block's samples of the watched neurons, for part 0 to merge after the barrier. */
  private writeTraces(sim: Simulation, block: number): void {
    const traces = sim.traces;
    const out = this.traces;
    if (!out || traces.watch.length === 0) return;
    const stride = traces.stride;
    const at = (block & 1) * traceWords(this.blockSteps, stride);
    const count = Math.min(traces.count, this.blockSteps);
    out[at] = count;
    out.set(traces.times.subarray(0, count), at + 1);
    out.set(traces.values.subarray(0, count * stride), at + 1 + this.blockSteps);
    traces.count = 0;
  }

  /** This part's neurons' state (and its failure), where part 0 reads it to continue a run elsewhere (when asked, and on a failure). */
  private writeState(sim: Simulation): void {
    const state = this.state;
    if (!state) return;
    const { lo, hi } = sim;
    const n = sim.net.neuronCount;
    state.v.set(sim.v.subarray(lo, hi), lo);
    state.u.set(sim.u.subarray(lo, hi), lo);
    const channels = sim.channelStates;
    for (let base = 0; base < channels.length; base += n) state.channelState.set(channels.subarray(base + lo, base + hi), base + lo);
    if (sim.failure) {
      const failure = state.failure(this.part);
      const bytes = new TextEncoder().encode(JSON.stringify(sim.failure)).subarray(0, failure.length);
      failure.set(bytes);
      Atomics.store(state.failureLength, this.part, bytes.length);
    }
  }
}
