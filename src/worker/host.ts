import { PopulationRate } from '../core/analysis/populationRate.ts';
import { rhythmsOf } from '../core/analysis/rhythms.ts';
import { compileSteps, type CompileSteps } from '../core/engine/compile.ts';
import { indexRenumbering, type CompiledNetwork } from '../core/engine/network.ts';
import { LONGEST_BLOCK, partitionBounds } from '../core/engine/partition.ts';
import { Simulation } from '../core/engine/simulation.ts';
import { simulationSteps } from '../core/engine/simulationSteps.ts';
import { carryLearnedWeights, learnedWeightsOf } from '../core/engine/learnedWeights.ts';
import { applyEdit, checkEdit, type LiveEdit, type WatchSelection } from '../core/experiment/edits.ts';
import { plasticityOf, type Experiment } from '../core/experiment/types.ts';
import { validateExperiment } from '../core/experiment/validate.ts';
import { estimateResources, formatBytes } from '../core/experiment/budget.ts';
import { autoWorkers, MAX_WORKERS, mostWorkersFor, parseWorkersChoice, type BuildProgress, type Command, type Frame, type NetworkSummary, type RasterView, type RhythmFrame, type RunState, type Speed, type Status, type WorkerEvent, type WorkersChoice } from './protocol.ts';
import { workerName } from './partProtocol.ts';
import { plasticityFeedFor, plasticityTransfer, type PlasticityFeed } from './plasticityFeed.ts';
import { RasterFeed } from './rasterFeed.ts';
import { PART_PATIENCE_MS, SplitSimulation, type PartChannel } from './splitSimulation.ts';

/** Longest stretch of stepping before the host yields to read commands, ms of wall time. */
const CHUNK_MS = 12;
/**
 * Longest stretch of building before the host yields to read commands (a 'cancel'), ms of wall time.
 * One step of the build (compileSteps, simulationSteps) is a few ms, so a slice ends soon after this.
 */
const BUILD_SLICE_MS = 30;
/** The share of a build's progress bar for compiling; the rest is setting up the simulation's state. */
const COMPILE_SHARE = 0.92;
/** Commands about the experiment being built: meaningless for the one kept when its build is cancelled. */
const FOR_THE_NEW_EXPERIMENT: ReadonlySet<Command['type']> = new Set(['load', 'watch', 'edit', 'setState']);
/** About one frame per display refresh. */
const FRAME_MS = 16;
/**
 * Frames while the simulation is the bottleneck (behind the pace, or at max speed): about 33 a second,
 * over the raster's 30. Every frame costs this Worker its frame work and the page a redraw of its
 * plots (the page redraws only for new frames), and on two cores those take the Workers' time: more
 * frames would show the same slow run more smoothly and make it slower.
 */
const BOUND_FRAME_MS = 28;
/** Wall time over which the achieved speed is averaged, ms. */
const SPEED_WINDOW_MS = 1000;
/** After a stall (a background tab), do not try to catch up on more than this much wall time. */
const MAX_CATCH_UP_MS = 100;
/**
 * The population rate: 1 ms bins, the last 4,096 of them (15 half-overlapping Welch segments of 512 ms).
 * Measured on the 2003 network: over 2 s windows the strongest peak jumps between its ~8 Hz and its
 * gamma rhythm in about a fifth of the windows; over 4 s it holds much more steadily.
 */
const RATE_BIN_MS = 1;
const RATE_WINDOW_BINS = 4096;
/** The rate and its spectrum go out this often while running, wall ms (a few times per second is enough to watch). */
const RHYTHM_MS = 250;
/** And while the simulation is the bottleneck: the rate plot and the spectrum redraw twice a second. */
const BOUND_RHYTHM_MS = 500;
/** The spectrum is sent up to here, Hz (the plot shows less; gamma ends at 80 Hz). */
const SPECTRUM_MAX_HZ = 150;
/**
 * Networks from this many neurons are split across Workers (with 'auto': autoWorkers). Measured on the 2003
 * network in Chromium on a 2-core machine, where the page's drawing takes much of one core (npm run
 * bench:page -- --speed max --workers 1|2): two Workers ran 0.95x as fast as one at 10,000 neurons and
 * 1.13x at 100,000 (in Node, without a page to draw, two threads gave 1.51x and 1.60x).
 */
export const SPLIT_MIN_NEURONS = 50_000;
/** How often a build waiting for the other Workers' parts looks again, ms. */
const PART_POLL_MS = 10;

/** What steps the run: one Simulation, or a split across Workers. */
type Engine = Simulation | SplitSimulation;

export interface HostEnvironment {
  post(event: WorkerEvent, transfer?: Transferable[]): void;
  now(): number;
  /** Calls `task` soon, after pending messages have been handled. */
  schedule(task: () => void, delayMs: number): void;
  /** More Workers for split runs, when this environment can start them. */
  parts?: {
    /** Whether memory can be shared with them (self.crossOriginIsolated in a Worker). */
    isolated: boolean;
    /** Logical cores of the machine (navigator.hardwareConcurrency): how many Workers 'auto' uses (autoWorkers). */
    cores: number;
    /** A Worker to step part `part` (1 or more). */
    start(part: number): PartChannel;
    /** How long part 0 waits for the other Workers at an exchange, or for their states in a move, before calling one dead, ms (default PART_PATIENCE_MS). */
    patienceMs?: number;
  };
}

/** The other parts of a split build, each compiled by its Worker while this one compiles part 0. */
interface PartBuild {
  /** channels[k] builds and then steps part k + 1. */
  channels: PartChannel[];
  bounds: Int32Array;
  /** How many of them have built their part. */
  built: number;
  failed: string | null;
}

/**
 * The Worker's side: owns the simulation, runs it in short chunks paced to the requested speed,
 * answers commands between chunks, and sends batched frames. Free of Worker globals, so it runs in
 * Node tests too.
 */
/** A load in progress: the compile's steps until they return the network, then the simulation is made. */
interface Build {
  experiment: Experiment;
  continueRun: boolean;
  /**
   * The running experiment built again for another number of Workers: the run moves over exactly
   * (Simulation.continueExactly). Cancelling it goes back to the choice before.
   */
  switching: { choiceBefore: WorkersChoice } | null;
  steps: CompileSteps;
  compiled: CompiledNetwork | null;
  /** After compiling: the Simulation (of the whole network, or of part 0) made in steps, then made. */
  setup: Generator<BuildProgress, Simulation, void> | null;
  made: Simulation | null;
  progress: BuildProgress;
  /** How many Workers will step it, and when one, why. */
  workers: { count: number; reason: string };
  part: PartBuild | null;
  /** When a move asked the other Workers for their parts' states (env.now()), to stop waiting for a dead one. */
  stateAskedAt: number;
}

export class SimulationHost {
  private experiment: Experiment | null = null;
  private building: Build | null = null;
  /** Commands received during a build, handled in order when it ends. */
  private deferred: Command[] = [];
  private sim: Engine | null = null;
  private workersChoice: WorkersChoice = 'auto';
  /** How many Workers step the loaded run, and when one, why. */
  private workers = { count: 1, reason: '' };
  private state: RunState = 'idle';
  private speed: Speed = 1;
  private watchSelection: WatchSelection = { neurons: [], variables: ['v'] };
  private stepsLeft = 0;
  private tickScheduled = false;
  private lastTickWall = 0;
  private simMsOwed = 0;
  private lastFrameWall = 0;
  /** Wall ms, simulated ms and wall ms spent stepping (cumulative), for the achieved speed and the busy fraction. */
  private speedSamples: { wall: number; sim: number; busy: number }[] = [];
  private busyMs = 0;
  private raster: RasterFeed | null = null;
  private rasterView: RasterView | null = null;
  private rate: PopulationRate | null = null;
  /** The plastic weights' frames, when the loaded network has plastic synapses (one Worker steps it). */
  private plasticity: PlasticityFeed | null = null;
  private lastRhythmWall = Number.NEGATIVE_INFINITY;
  /** The last tick ended behind the pace, or ran at max speed: frames and rhythms go out less often. */
  private simulationBound = false;

  constructor(private readonly env: HostEnvironment) {}

  handle(command: Command): void {
    if (command.type === 'cancel') return this.cancelBuild();
    if (this.building) {
      this.deferred.push(command);
      return;
    }
    switch (command.type) {
      case 'load':
        return this.load(command.experiment, command.continueRun ?? false);
      case 'play':
        if (!this.sim || this.sim.failure) return;
        this.stepsLeft = 0;
        this.setState('running');
        return this.startTicking();
      case 'pause':
        this.stepsLeft = 0;
        if (this.state === 'running') {
          this.sendFrame();
          this.setState('paused');
        }
        return;
      case 'step':
        if (!this.sim || this.sim.failure || !(command.ms > 0)) return;
        this.stepsLeft = Math.max(1, Math.round(command.ms / this.sim.net.dt));
        this.setState('running');
        return this.startTicking();
      case 'reset':
        if (!this.sim) return;
        this.sim.reset();
        this.rate?.clear(0);
        this.raster?.reset();
        this.stepsLeft = 0;
        this.speedSamples = [];
        this.setState(this.state === 'running' ? 'running' : 'paused');
        this.sendFrame();
        return;
      case 'speed':
        this.speed = command.speed;
        this.speedSamples = [];
        this.postStatus();
        return;
      case 'edit':
        return this.edit(command.edit);
      case 'watch':
        return this.watch(command.watch);
      case 'setState':
        return this.setNeuronState(command.neuron, command.v, command.u);
      case 'rasterView':
        this.rasterView = command.view;
        this.raster?.setView(command.view);
        // While running the next frame brings the new view; otherwise send it now.
        if (this.sim && this.state !== 'running') this.sendFrame(false);
        return;
      case 'workers': {
        // The page sends only choices it offers, but a message is outside input for the Worker.
        const choice = parseWorkersChoice(command.workers);
        if (choice === null) return this.error('workers', `the Workers choice must be 'auto' or a whole number from 1 to ${MAX_WORKERS} (got ${JSON.stringify(command.workers)})`);
        return this.chooseWorkers(choice);
      }
      case 'watchSynapse':
        this.plasticity?.watchCell(command.cell);
        if (this.sim && this.state !== 'running') this.sendFrame();
        return;
      case 'resetWeights':
        if (!(this.sim instanceof Simulation) || !this.sim.stdp) return;
        this.sim.stdp.restoreInitialWeights();
        if (this.state !== 'running') this.sendFrame();
        return;
      case 'learnedWeights':
        if (this.sim instanceof Simulation && this.sim.stdp && this.experiment) {
          this.env.post({ type: 'learnedWeights', weights: learnedWeightsOf(this.experiment, this.sim.net) });
        }
        return;
    }
  }

  /**
   * A new choice of Workers: when it changes how many step the loaded run, the network is built again
   * for them and the run moves over where it is, with all its state, so its spikes go on as they would
   * have (they are the same on any number of Workers).
   */
  private chooseWorkers(choice: WorkersChoice): void {
    const before = this.workersChoice;
    this.workersChoice = choice;
    const experiment = this.experiment;
    if (!this.sim || !experiment || choice === before) return;
    const workers = this.workersFor(experiment);
    if (workers.count === this.workers.count) {
      if (workers.reason !== this.workers.reason) {
        this.workers = workers;
        this.env.post({ type: 'workers', workers: workers.count, reason: workers.reason });
      }
      return;
    }
    // A run stopped by a non-finite state cannot go on: it is built again from t = 0, as a load is.
    this.startBuild(experiment, false, this.sim.failure ? null : { choiceBefore: before });
  }

  private load(input: Experiment, continueRun: boolean): void {
    // The page validates too, but a message is outside input for the Worker: check it again.
    const checked = validateExperiment(input);
    if (!checked.ok) return this.error('load', checked.errors.join('\n'));
    this.startBuild(checked.experiment, continueRun, null);
  }

  private startBuild(experiment: Experiment, continueRun: boolean, switching: Build['switching']): void {
    const workers = this.workersFor(experiment);
    let part: PartBuild | null = null;
    const parts = this.env.parts;
    if (workers.count >= 2 && parts) {
      const bounds = partitionBounds(neuronCount(experiment), workers.count);
      const pending: PartBuild = { channels: [], bounds, built: 0, failed: null };
      for (let p = 1; p < workers.count; p++) {
        const channel = parts.start(p);
        channel.onReply((reply) => {
          if (reply.kind === 'built') pending.built++;
          else if (reply.kind === 'failed') pending.failed ??= `${workerName(p)} could not build its part: ${reply.message}`;
        });
        channel.post({ kind: 'build', experiment, part: p, lo: bounds[p], hi: bounds[p + 1] });
        pending.channels.push(channel);
      }
      part = pending;
    }
    // The run is held while building, so the states asked for now are the states to move over, or to
    // continue the edited network from (the other Workers write their neurons' states only when asked).
    if (this.sim instanceof SplitSimulation && (switching || (continueRun && !this.sim.failure))) this.sim.requestRunState();
    this.building = {
      experiment,
      continueRun,
      switching,
      steps: compileSteps(experiment),
      compiled: null,
      setup: null,
      made: null,
      progress: { fraction: 0, stage: 'Starting' },
      workers,
      part,
      stateAskedAt: this.env.now(),
    };
    // A small network is built right here, in one slice, with no progress shown.
    this.buildSlice();
  }

  /** Builds for up to BUILD_SLICE_MS, then reports the progress and lets commands in before the next slice. */
  private buildSlice(): void {
    const build = this.building;
    if (!build) return;
    const start = this.env.now();
    let sim: Engine | null = null;
    let waiting = false;
    try {
      while (sim === null && !waiting && this.env.now() - start < BUILD_SLICE_MS) {
        if (build.compiled === null) {
          const step = build.steps.next();
          if (step.done) {
            build.compiled = step.value;
            build.progress = { fraction: COMPILE_SHARE, stage: 'Setting up the simulation' };
          } else {
            build.progress = { fraction: step.value.fraction * COMPILE_SHARE, stage: step.value.stage };
          }
          continue;
        }
        const part = build.part;
        if (build.made === null) {
          build.setup ??= simulationSteps(build.compiled, part ? { lo: part.bounds[0], hi: part.bounds[1] } : undefined);
          const step = build.setup.next();
          if (step.done) build.made = step.value;
          else build.progress = { fraction: COMPILE_SHARE + step.value.fraction * (1 - COMPILE_SHARE), stage: step.value.stage };
          continue;
        }
        if (part !== null) {
          if (part.failed !== null) throw new Error(upperFirst(part.failed));
          if (part.built < part.channels.length) {
            waiting = true;
            build.progress = { ...build.progress, stage: part.channels.length === 1 ? `Waiting for ${workerName(1)}` : 'Waiting for the other Workers' };
            continue;
          }
        }
        const continuing = build.switching !== null || (build.continueRun && !this.sim?.failure);
        if (continuing && this.sim instanceof SplitSimulation && this.sim.runStates() === null) {
          const patienceMs = this.env.parts?.patienceMs ?? PART_PATIENCE_MS;
          if (this.env.now() - build.stateAskedAt < patienceMs) {
            waiting = true;
            build.progress = { ...build.progress, stage: this.sim.parts === 2 ? `Waiting for ${workerName(1)}\u2019s state` : 'Waiting for the other Workers\u2019 states' };
            continue;
          }
          // A dead Worker never answers: the run cannot move over, so it starts again (install).
          const where = build.switching
            ? `move to ${build.workers.count === 1 ? '1 Worker' : `${build.workers.count} Workers`}`
            : 'go on with the changed network';
          this.error(
            'run',
            `${upperFirst(this.sim.parts === 2 ? workerName(1) : 'one of the other Workers')} stopped answering (nothing for ${Math.round(patienceMs / 1000)} s), so the run could not ${where}: ` +
              'it starts again from t = 0. The experiment is kept.',
          );
        }
        const made = build.made;
        sim = part === null ? made : new SplitSimulation(made, part.channels, part.bounds, made.net.partition?.minDelay ?? LONGEST_BLOCK, this.env.parts?.patienceMs);
      }
    } catch (e) {
      this.building = null;
      build.part?.channels.forEach((channel) => channel.terminate());
      this.error('load', e instanceof Error ? e.message : String(e));
      return this.endBuild();
    }
    if (sim) {
      this.building = null;
      this.install(build, sim);
      return this.endBuild();
    }
    // The run is held while building: the speed shown says so rather than the speed before.
    if (this.speedSamples.length > 0) {
      this.speedSamples = [];
      this.postStatus();
    }
    this.env.post({ type: 'progress', progress: build.progress });
    this.env.schedule(() => {
      if (this.building === build) this.buildSlice();
    }, waiting ? PART_POLL_MS : 0);
  }

  /**
   * Several Workers when memory can be shared, the user allows it, the network is big enough and the
   * core can split it: as many as chosen, or with 'auto' as autoWorkers gives for the machine's cores;
   * never more than the network has neurons, nor than its memory allows (mostWorkersFor).
   */
  private workersFor(experiment: Experiment): { count: number; reason: string } {
    const one = (reason: string) => ({ count: 1, reason });
    const choice = this.workersChoice;
    if (choice === 1) return one('chosen');
    const parts = this.env.parts;
    if (!parts) return one('no second Worker here');
    if (!parts.isolated) return one('the page is not cross-origin isolated');
    if (experiment.synapseTypes.some((t) => t.kind === 'writeup')) return one('write-up synapses need every neuron in one Worker');
    if (experiment.synapseTypes.some((t) => plasticityOf(t))) return one('plastic synapses need every neuron in one Worker');
    const n = neuronCount(experiment);
    if (n < 2) return one('one neuron');
    if (choice === 'auto' && n < SPLIT_MIN_NEURONS) return one(`under ${SPLIT_MIN_NEURONS.toLocaleString('en-US')} neurons`);
    const wanted = Math.min(n, choice === 'auto' ? autoWorkers(parts.cores) : choice);
    const bytes = estimateResources(experiment).bytes;
    const most = mostWorkersFor(bytes);
    if (wanted <= most) return { count: wanted, reason: '' };
    // Auto picks what fits without comment; a number chosen and not given is explained.
    return { count: most, reason: choice === 'auto' ? '' : `at most ${most} for this network's memory (about ${formatBytes(bytes)} in each)` };
  }

  /**
   * Stops the build and the loads queued behind it; the commands that only concern them go too. A
   * change of Workers that is cancelled goes back to the choice before (the run stays on its Workers).
   */
  private cancelBuild(): void {
    const build = this.building;
    if (!build) return;
    // The half-made network is only referenced by its generator, which goes with it.
    build.part?.channels.forEach((channel) => channel.terminate());
    this.building = null;
    const switching = build.switching;
    const loads = (switching ? 0 : 1) + this.deferred.filter((c) => c.type === 'load').length;
    // A move's experiment is the running one: the commands sent during it, up to a new load, still apply.
    const firstLoad = this.deferred.findIndex((c) => c.type === 'load');
    const stillApply = switching ? this.deferred.slice(0, firstLoad < 0 ? this.deferred.length : firstLoad) : [];
    this.deferred = [
      ...stillApply,
      ...this.deferred.slice(stillApply.length).filter((c) => !FOR_THE_NEW_EXPERIMENT.has(c.type)),
    ].filter((c) => !(switching && c.type === 'workers'));
    if (switching) this.workersChoice = switching.choiceBefore;
    this.env.post(switching ? { type: 'cancelled', loads, workers: switching.choiceBefore } : { type: 'cancelled', loads });
    this.endBuild();
  }

  /** After a build (made, failed or cancelled): the run goes on as it was, and the waiting commands are handled. */
  private endBuild(): void {
    if (this.state === 'running') this.startTicking();
    const waiting = this.deferred;
    this.deferred = [];
    // A load among them starts a build again; the commands after it then wait for that one.
    for (const command of waiting) this.handle(command);
  }

  private install(build: Build, sim: Engine): void {
    const { experiment, continueRun, workers } = build;
    const previous = this.sim;
    if (build.switching && previous && !previous.failure && this.moveRun(previous, sim, workers)) return;
    // A split run's snapshot needs the other Workers' states, asked for when the build started.
    const stateKnown = !(previous instanceof SplitSimulation) || previous.runStates() !== null;
    const continued = continueRun && previous !== null && !previous.failure && stateKnown && sim.continueFrom(previous.snapshot());
    if (previous && continued) this.sendFrame(); // what the old network recorded before the switch
    // Plastic networks run in one Worker (workersFor): learning goes on through an edit that leaves the synapses.
    const learned = sim instanceof Simulation ? carryLearnedWeights(continued && previous instanceof Simulation ? previous : { net: sim.net, stdp: null }, sim) : null;
    if (previous instanceof SplitSimulation) previous.dispose();
    this.experiment = experiment;
    this.sim = sim;
    this.workers = workers;
    this.rate = new PopulationRate(sim.net.neuronCount, RATE_BIN_MS, RATE_WINDOW_BINS, sim.time);
    const oldRaster = this.raster;
    this.raster = new RasterFeed(sim.net.neuronCount, this.rasterView, sim.net.dt, sim.net.groups);
    if (continued && previous && oldRaster) this.raster.carryFrom(oldRaster, indexRenumbering(previous.net.ids, sim.net.ids));
    this.plasticity = plasticityFeedFor(sim);
    this.stepsLeft = 0;
    this.watchSelection = { neurons: experiment.recording.watch, variables: experiment.recording.variables };
    this.applyWatch();
    this.env.post({ type: 'loaded', network: { ...summarize(sim), workers: workers.count, workersReason: workers.reason }, continued, learned });
    // The weights as built, before the first step: the Plasticity tab has something to show.
    if (this.plasticity) this.sendFrame();
    if (continued && this.state === 'running') {
      this.postStatus();
      return;
    }
    this.speedSamples = [];
    this.setState('paused');
  }

  /**
   * The same network on other Workers takes over the run exactly where it is (a change of the Workers
   * choice): the frames, rate and raster go on as they were. False when the states do not fit.
   */
  private moveRun(previous: Engine, sim: Engine, workers: { count: number; reason: string }): boolean {
    const states = previous instanceof SplitSimulation ? previous.runStates() : [previous.runState()];
    if (states === null || !sim.continueExactly(states)) return false;
    this.sendFrame(); // what the old Workers recorded before the move
    if (previous instanceof SplitSimulation) previous.dispose();
    this.sim = sim;
    this.workers = workers;
    this.applyWatch();
    this.env.post({ type: 'workers', workers: workers.count, reason: workers.reason });
    this.postStatus();
    return true;
  }

  private edit(edit: LiveEdit): void {
    if (!this.experiment || !this.sim) return;
    const problem = checkEdit(this.experiment, edit);
    if (problem) return this.error('edit', problem);
    try {
      this.sim.applyEdit(edit);
    } catch (e) {
      return this.error('edit', e instanceof Error ? e.message : String(e));
    }
    this.experiment = applyEdit(this.experiment, edit);
    // A new wMax moves the weights at once: the Plasticity tab shows it without waiting for Play.
    if (edit.kind === 'plasticity' && this.state !== 'running') this.sendFrame();
  }

  private watch(selection: WatchSelection): void {
    if (!this.sim) return;
    const unknown = selection.neurons.filter((id) => !this.sim?.net.indexOf.has(id));
    if (unknown.length > 0) return this.error('watch', `unknown neuron ${unknown.map((id) => `"${id}"`).join(', ')}`);
    this.watchSelection = selection;
    this.applyWatch();
  }

  private setNeuronState(neuron: string, v: number, u: number): void {
    if (!this.sim) return;
    const index = this.sim.net.indexOf.get(neuron);
    if (index === undefined) return this.error('setState', `unknown neuron "${neuron}"`);
    if (!Number.isFinite(v) || !Number.isFinite(u)) return this.error('setState', `v and u must be finite numbers (got v = ${v}, u = ${u})`);
    if (this.sim instanceof SplitSimulation) {
      this.sim.setState(index, v, u);
    } else {
      this.sim.v[index] = v;
      this.sim.u[index] = u;
    }
  }

  private applyWatch(): void {
    if (!this.sim) return;
    const net = this.sim.net;
    const indices = Int32Array.from(this.watchSelection.neurons, (id) => net.indexOf.get(id) ?? 0);
    this.sim.watch(indices, this.watchSelection.variables);
  }

  private startTicking(): void {
    this.lastTickWall = this.env.now();
    this.simMsOwed = 0;
    this.requestTick(0);
  }

  private requestTick(delayMs: number): void {
    if (this.tickScheduled) return;
    this.tickScheduled = true;
    this.env.schedule(() => {
      this.tickScheduled = false;
      this.tick();
    }, delayMs);
  }

  private tick(): void {
    const sim = this.sim;
    // A build holds the run; it starts ticking again when the build ends.
    if (!sim || this.state !== 'running' || this.building) return;
    const dt = sim.net.dt;
    const start = this.env.now();
    const elapsed = Math.min(start - this.lastTickWall, MAX_CATCH_UP_MS);
    this.lastTickWall = start;

    // A single step command runs unpaced; play runs paced to the speed, or unpaced at 'max'.
    const stepping = this.stepsLeft > 0;
    let budget: number;
    if (stepping) {
      budget = this.stepsLeft;
    } else if (this.speed === 'max') {
      budget = Number.POSITIVE_INFINITY;
    } else {
      this.simMsOwed += elapsed * this.speed;
      budget = Math.floor(this.simMsOwed / dt + 1e-9);
    }
    // A run with an end pauses there; once past it (Play again), it runs on.
    const stepsToEnd = !stepping && this.experiment?.simulation.stopAtEnd === true
      ? Math.round(this.experiment.simulation.duration / dt) - sim.stepIndex
      : 0;
    if (stepsToEnd > 0) budget = Math.min(budget, stepsToEnd);

    // Step in growing batches until the budget or the chunk's wall time is used up. The first batch is
    // one step: a step of a big network can take milliseconds, and eight would hold frames back.
    // Behind the pace, the chunk ends when a frame is due, so that frames keep their spacing (on pace
    // the tick wakes when one is due and steps what is owed).
    const chunkEnd = this.simulationBound ? Math.min(start + CHUNK_MS, this.lastFrameWall + BOUND_FRAME_MS) : start + CHUNK_MS;
    // A split run hands every batch to the other Workers (a message, and a wake-up while each waits for
    // one): after the first step, the next batch is sized from the time per step to fill the chunk.
    const split = sim instanceof SplitSimulation;
    let ran = 0;
    let batch = 1;
    let clock = this.env.now();
    while (ran < budget && (clock < chunkEnd || ran === 0)) {
      const took = sim.run(Math.min(batch, budget - ran));
      ran += took;
      if (sim.failure) break;
      const after = this.env.now();
      const msPerStep = took > 0 ? (after - clock) / took : 0;
      batch = split && msPerStep > 0 ? Math.max(1, Math.min(4096, Math.floor((chunkEnd - after) / msPerStep))) : Math.min(batch * 2, 4096);
      clock = after;
    }
    if (stepping) this.stepsLeft -= ran;
    else if (this.speed !== 'max') this.simMsOwed -= ran * dt;

    const now = this.env.now();
    this.busyMs += now - start;
    this.speedSamples.push({ wall: now, sim: sim.time, busy: this.busyMs });
    while (this.speedSamples.length > 2 && now - this.speedSamples[0].wall > SPEED_WINDOW_MS) this.speedSamples.shift();

    if (sim.failure) {
      this.sendFrame();
      this.setState('failed');
      return this.error('run', sim.failure.message);
    }
    if ((stepping && this.stepsLeft <= 0) || (stepsToEnd > 0 && ran >= stepsToEnd)) {
      this.stepsLeft = 0;
      this.sendFrame();
      return this.setState('paused');
    }
    const speed = this.speed;
    const behind = speed !== 'max' && this.simMsOwed >= dt;
    this.simulationBound = !stepping && (speed === 'max' || behind);
    if (now - this.lastFrameWall >= this.frameMs()) this.sendFrame(now - this.lastRhythmWall >= (this.simulationBound ? BOUND_RHYTHM_MS : RHYTHM_MS));
    // When paced, wake up when the next frame is due and step what is owed by then: waking for every
    // step (each 4 ms at 1x, timers' floor) took a core's time from the page for nothing it shows.
    // Behind the pace (a network too big for the speed), at once: a timer would leave the Worker idle
    // while it is late.
    this.requestTick(stepping || speed === 'max' || behind ? 0 : Math.max(1, FRAME_MS - (now - this.lastFrameWall)));
  }

  /** Wall ms between frames while running. */
  private frameMs(): number {
    return this.simulationBound ? BOUND_FRAME_MS : FRAME_MS;
  }

  /** Sends what was recorded since the last frame; with the rate and spectrum unless `withRhythm` is false. */
  private sendFrame(withRhythm = true): void {
    const sim = this.sim;
    if (!sim) return;
    this.lastFrameWall = this.env.now();
    const spikes = sim.spikes.drain();
    const traces = sim.traces.drain();
    this.rate?.add(spikes.times, sim.time);
    const rhythm = withRhythm ? this.rhythm() : null;
    if (rhythm) this.lastRhythmWall = this.lastFrameWall;
    const raster = (this.raster ??= new RasterFeed(sim.net.neuronCount, this.rasterView, sim.net.dt, sim.net.groups)).frame(spikes.neurons, spikes.times, sim.time, rhythm !== null);
    const frame: Frame = {
      spikeNeurons: raster.neurons,
      spikeTimes: raster.times,
      traceTimes: traces.times,
      traces: Float32Array.from(traces.values),
      watch: this.watchSelection.neurons,
      variables: this.watchSelection.variables,
      time: sim.time,
      rhythm,
      raster: raster.raster,
      plasticity: withRhythm && this.plasticity ? this.plasticity.frame(sim.time) : null,
      status: this.status(),
    };
    const transfer: Transferable[] = [frame.spikeNeurons.buffer, frame.spikeTimes.buffer, frame.traceTimes.buffer, frame.traces.buffer];
    if (rhythm) transfer.push(rhythm.rate.buffer, rhythm.power.buffer);
    if (raster.raster.density) transfer.push(raster.raster.density.counts.buffer);
    if (raster.raster.groupSpikes) transfer.push(raster.raster.groupSpikes.buffer);
    if (frame.plasticity) transfer.push(...plasticityTransfer(frame.plasticity));
    this.env.post({ type: 'frame', frame }, transfer);
  }

  private rhythm(): RhythmFrame | null {
    const rate = this.rate;
    if (!rate) return null;
    const rates = rate.rates();
    const rhythms = rhythmsOf(rates, rate.binMs);
    const bins = rhythms ? Math.min(rhythms.spectrum.power.length, Math.floor(SPECTRUM_MAX_HZ / rhythms.spectrum.df) + 1) : 0;
    return {
      binMs: rate.binMs,
      rate: Float32Array.from(rates),
      end: rate.endMs,
      df: rhythms?.spectrum.df ?? 0,
      power: Float32Array.from(rhythms ? rhythms.spectrum.power.subarray(0, bins) : []),
      peakHz: rhythms?.peak.frequency ?? null,
      gammaHz: rhythms?.gamma?.frequency ?? null,
    };
  }

  private busyFraction(): number {
    const samples = this.speedSamples;
    if (samples.length < 2) return 0;
    const first = samples[0];
    const last = samples[samples.length - 1];
    const wall = last.wall - first.wall;
    return wall > 0 ? Math.min(1, (last.busy - first.busy) / wall) : 0;
  }

  private achievedSpeed(): number {
    const samples = this.speedSamples;
    if (samples.length < 2) return 0;
    const first = samples[0];
    const last = samples[samples.length - 1];
    const wall = last.wall - first.wall;
    return wall > 0 ? (last.sim - first.sim) / wall : 0;
  }

  private setState(state: RunState): void {
    this.state = state;
    this.postStatus();
  }

  private postStatus(): void {
    this.env.post({ type: 'status', status: this.status() });
  }

  private status(): Status {
    return {
      state: this.state,
      time: this.sim?.time ?? 0,
      achievedSpeed: this.state === 'running' ? this.achievedSpeed() : 0,
      speed: this.speed,
      busy: this.state === 'running' ? this.busyFraction() : 0,
    };
  }

  private error(context: 'load' | 'edit' | 'watch' | 'run' | 'setState' | 'workers', message: string): void {
    this.env.post({ type: 'error', context, message });
  }
}

/** Neurons of an experiment, without compiling it. */
function neuronCount(experiment: Experiment): number {
  return experiment.neurons.length + experiment.populations.reduce((sum, p) => sum + p.size, 0);
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function summarize(sim: Engine): Omit<NetworkSummary, 'workers' | 'workersReason'> {
  const net = sim.net;
  return {
    neuronCount: net.neuronCount,
    ids: net.ids,
    roles: net.roles,
    groups: net.groups.map(({ id, label, start, size, role }) => ({ id, label, start, size, role })),
    dt: net.dt,
  };
}
