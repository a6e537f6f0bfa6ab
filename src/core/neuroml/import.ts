/**
 * NeuroML 2 network documents (and the Simulation of a LEMS file) -> a lab experiment.
 *
 * Elements are read in any order (real files break the schema's order). What the lab runs the same
 * way is imported: izhikevichCell (the 2003 cell) and izhikevich2007Cell populations, expOneSynapse,
 * expTwoSynapse and alphaSynapse, projections of connection / connectionWD, synapticConnection,
 * explicitInput and inputList with pulseGenerator(DL), sineGenerator(DL), poissonFiringSynapse and transientPoissonFiringSynapse inputs,
 * and spike sources as populations (spikeArray, spikeGenerator, and the random ones through spikeSources.ts). Everything else
 * is listed in `skipped`, each entry naming the element and its line, and never approximated silently.
 * The experiment returned has passed validateExperiment (with its memory budget).
 */
import { DEFAULT_BUDGET, ENGINE_MAX_NEURONS, NEURON_BYTES, type Budget } from '../experiment/budget.ts';
import {
  CURRENT_RANDOM_DRAWS,
  EXPERIMENT_FORMAT,
  EXPERIMENT_VERSION,
  type ConnectionSpec,
  type Experiment,
  INTEGRATION_SCHEMES,
  RANDOM_DRAWS,
  type InputSpec,
  type IntegrationScheme,
  type RandomDraws,
  type SynapseTypeSpec,
  type TraceVariable,
  TRACE_VARIABLES,
} from '../experiment/types.ts';
import { isStepSize, MAX_DURATION, MAX_STEPS_PER_MS, validateExperiment } from '../experiment/validate.ts';
import { isNmlId, labId, nmlId } from './ids.ts';
import { groupMismatch, LAB_EXPERIMENT_TAG, LAB_GROUP_TAG, LAB_NEURON_TAG, propertyOf, readLabGroup, type LabGroup } from './labGroups.ts';
import { parseDimensionless, parseQuantity, type Dimension } from './units.ts';
import { RANDOM_SPIKE_SOURCES, readRandomSpikeSource, RELAY_PARAMS, type SpikeProcessSpec } from './spikeSources.ts';
import { childElements, describe, parseXml, tagOf, type XmlElement } from './xml.ts';
import { SPIKE_SOURCE_CURRENT } from '../engine/spikeSources.ts';

export type ImportResult = { ok: true; experiment: Experiment; skipped: string[] } | { ok: false; message: string };

export interface SourceFile {
  text: string;
  fileName: string;
}

export interface ImportOptions {
  /** A LEMS file whose Simulation sets the duration, step, seed and recorded traces. */
  lems?: SourceFile;
  /** Further NeuroML documents the others include (cells or synapses kept in files of their own). */
  includes?: SourceFile[];
  budget?: Budget;
}

/** What the lab uses when the files name no step, length or seed: jLEMS's usual step, one second. */
export const DEFAULT_DT = 0.025;
export const DEFAULT_DURATION = 1000;
export const DEFAULT_SEED = 1;

/** Elements that only describe (no dynamics), read past without a message. */
const DESCRIPTIVE = new Set(['notes', 'annotation', 'property']);
/** LEMS elements of a simulation file other than Simulation itself. */
const LEMS_PLUMBING = new Set(['Target', 'Include', 'Dimension', 'Unit', 'Constant']);

const INPUT_KINDS = new Set(['pulseGenerator', 'pulseGeneratorDL', 'sineGenerator', 'sineGeneratorDL', 'rampGenerator', 'rampGeneratorDL', 'poissonFiringSynapse', 'transientPoissonFiringSynapse', 'compoundInput', 'compoundInputDL']);
/**
 * A spike source (spikeArray, spikeGenerator) runs as relay neurons: resting 2003 cells (the RS cell
 * with d = 0, at its rest, -70 mV) that a one-step current pulse of RELAY_CURRENT fires in that very
 * step, whatever their state (v jumps past the cut-off by at least 10^4 mV at the finest step), and
 * that return to rest in between without firing.
 */
const RELAY_CELL: Cell = { model: 'izhikevich2003', ...RELAY_PARAMS };
export const RELAY_CURRENT = SPIKE_SOURCE_CURRENT;

/** A spike source: its times, its period, or (spikeGeneratorPoisson and the like) a spikeSource input's process. */
type SpikeSource = { kind: 'array'; times: number[] } | { kind: 'periodic'; period: number } | { kind: 'random'; spec: SpikeProcessSpec; component: string };

/** Thrown inside a step to skip one element; caught where the element is handled. */
class Skip extends Error {}

type Cell =
  | { model: 'izhikevich2003'; a: number; b: number; c: number; d: number; v0: number; vpeak: number }
  | { model: 'izhikevich2007'; C: number; k: number; vr: number; vt: number; vpeak: number; a: number; b: number; c: number; d: number; v0: number };

type InputComponent =
  | { kind: 'pulse'; dimensionless: boolean; delay: number; duration: number; amplitude: number }
  | { kind: 'ramp'; dimensionless: boolean; delay: number; duration: number; start: number; finish: number; baseline: number }
  | { kind: 'sine'; dimensionless: boolean; delay: number; duration: number; amplitude: number; period: number; phase: number }
  /** poissonFiringSynapse, or transientPoissonFiringSynapse with its window (start, duration). */
  | { kind: 'poisson'; rate: number; synapse: string; start?: number; duration?: number }
  /** compoundInput(DL): the sum of its pulse and ramp generators. */
  | { kind: 'compound'; parts: InputComponent[] };

interface Population {
  /** Lab id. */
  id: string;
  component: string;
  cell: Cell;
  size: number;
  /** populationList: instance id -> index in the population. */
  instances: Map<number, number> | null;
  /** A population of one is a single lab neuron, `id` rather than `id[0]` (editable on its own). */
  single: boolean;
  el: XmlElement;
  /** The lab group it is (part of) when the file's metadata rebuilt one (labGroups.ts): its neuron `offset` is index 0 here. */
  group: RebuiltGroup | null;
}

interface RebuiltGroup {
  id: string;
  size: number;
  population: boolean;
  offset: number;
}

/** The attribute `name` of `el`, or a Skip naming what is missing. */
function attr(el: XmlElement, name: string): string {
  const value = el.getAttribute(name);
  if (value === null || value.trim() === '') throw new Skip(`${describe(el)}: attribute ${name} is missing`);
  return value;
}

function quantity(el: XmlElement, name: string, dimension: Dimension): number {
  const parsed = parseQuantity(attr(el, name), dimension);
  if (!parsed.ok) throw new Skip(`${describe(el)}: ${name}: ${parsed.message}`);
  return parsed.value;
}

function plain(el: XmlElement, name: string, fallback?: number): number {
  if (fallback !== undefined && el.getAttribute(name) === null) return fallback;
  const parsed = parseDimensionless(attr(el, name));
  if (!parsed.ok) throw new Skip(`${describe(el)}: ${name}: ${parsed.message}`);
  return parsed.value;
}

function nmlRef(el: XmlElement, name: string): string {
  const value = attr(el, name).trim();
  if (!isNmlId(value)) throw new Skip(`${describe(el)}: ${name} "${value}" is not a NeuroML id (letters, digits and _)`);
  return value;
}

/** A rate in Hz (what the lab's Poisson input takes) from 1/ms, without the float noise of * 1000. */
const hertz = (perMs: number): number => Number((perMs * 1000).toPrecision(15));

function readCell(el: XmlElement): Cell {
  if (tagOf(el) === 'izhikevichCell') {
    return {
      model: 'izhikevich2003',
      v0: quantity(el, 'v0', 'voltage'),
      vpeak: quantity(el, 'thresh', 'voltage'),
      a: plain(el, 'a'),
      b: plain(el, 'b'),
      c: plain(el, 'c'),
      d: plain(el, 'd'),
    };
  }
  return {
    model: 'izhikevich2007',
    C: quantity(el, 'C', 'capacitance'),
    v0: quantity(el, 'v0', 'voltage'),
    k: quantity(el, 'k', 'conductance_per_voltage'),
    vr: quantity(el, 'vr', 'voltage'),
    vt: quantity(el, 'vt', 'voltage'),
    vpeak: quantity(el, 'vpeak', 'voltage'),
    a: quantity(el, 'a', 'per_time'),
    b: quantity(el, 'b', 'conductance'),
    c: quantity(el, 'c', 'voltage'),
    d: quantity(el, 'd', 'current'),
  };
}

function readSpikeSource(el: XmlElement): SpikeSource {
  if (tagOf(el) === 'spikeGenerator') {
    const period = quantity(el, 'period', 'time');
    if (!(period > 0)) throw new Skip(`${describe(el)}: period must be > 0 ms, got ${period}`);
    return { kind: 'periodic', period };
  }
  const times: number[] = [];
  for (const spike of childElements(el)) {
    if (tagOf(spike) !== 'spike') continue;
    const t = quantity(spike, 'time', 'time');
    if (!(t >= 0)) throw new Skip(`${describe(spike)}: time must be >= 0 ms, got ${t}`);
    times.push(t);
  }
  return { kind: 'array', times };
}

function readSynapse(el: XmlElement, id: string): SynapseTypeSpec {
  const gbase = quantity(el, 'gbase', 'conductance');
  const erev = quantity(el, 'erev', 'voltage');
  switch (tagOf(el)) {
    case 'expOneSynapse':
      return { id, kind: 'expConductance', gbase, tau: quantity(el, 'tauDecay', 'time'), erev };
    case 'expTwoSynapse': {
      const tauRise = quantity(el, 'tauRise', 'time');
      const tauDecay = quantity(el, 'tauDecay', 'time');
      if (!(tauRise > 0 && tauRise < tauDecay)) throw new Skip(`${describe(el)}: needs 0 < tauRise < tauDecay (NeuroML's peak normalisation divides by tauDecay - tauRise), got ${tauRise} and ${tauDecay} ms`);
      return { id, kind: 'expTwoConductance', gbase, tauRise, tauDecay, erev };
    }
    default:
      return { id, kind: 'alphaConductance', gbase, tau: quantity(el, 'tau', 'time'), erev };
  }
}

function readInput(el: XmlElement): InputComponent {
  switch (tagOf(el)) {
    case 'pulseGenerator':
      return { kind: 'pulse', dimensionless: false, delay: quantity(el, 'delay', 'time'), duration: quantity(el, 'duration', 'time'), amplitude: quantity(el, 'amplitude', 'current') };
    case 'pulseGeneratorDL':
      return { kind: 'pulse', dimensionless: true, delay: quantity(el, 'delay', 'time'), duration: quantity(el, 'duration', 'time'), amplitude: plain(el, 'amplitude') };
    case 'sineGenerator':
    case 'sineGeneratorDL': {
      const dimensionless = tagOf(el) === 'sineGeneratorDL';
      const period = quantity(el, 'period', 'time');
      if (!(period > 0)) throw new Skip(`${describe(el)}: period must be > 0 ms, got ${period}`);
      return {
        kind: 'sine', dimensionless, delay: quantity(el, 'delay', 'time'), duration: quantity(el, 'duration', 'time'), period,
        amplitude: dimensionless ? plain(el, 'amplitude') : quantity(el, 'amplitude', 'current'), phase: plain(el, 'phase'),
      };
    }
    case 'rampGenerator':
    case 'rampGeneratorDL': {
      const dimensionless = tagOf(el) === 'rampGeneratorDL';
      const amplitude = (name: string) => (dimensionless ? plain(el, name) : quantity(el, name, 'current'));
      return {
        kind: 'ramp', dimensionless, delay: quantity(el, 'delay', 'time'), duration: quantity(el, 'duration', 'time'),
        start: amplitude('startAmplitude'), finish: amplitude('finishAmplitude'), baseline: amplitude('baselineAmplitude'),
      };
    }
    case 'compoundInput':
    case 'compoundInputDL': {
      const dl = tagOf(el) === 'compoundInputDL';
      const parts = childElements(el).filter((c) => !DESCRIPTIVE.has(tagOf(c))).map((c) => {
        const ok = dl ? ['pulseGeneratorDL', 'sineGeneratorDL', 'rampGeneratorDL'] : ['pulseGenerator', 'sineGenerator', 'rampGenerator'];
        if (!ok.includes(tagOf(c))) throw new Skip(`${describe(c)}: a ${tagOf(el)} is imported when it holds only ${ok.join(' and ')}`);
        return readInput(c);
      });
      return { kind: 'compound', parts };
    }
    case 'transientPoissonFiringSynapse':
      return { kind: 'poisson', rate: hertz(quantity(el, 'averageRate', 'per_time')), synapse: nmlRef(el, 'synapse'), start: quantity(el, 'delay', 'time'), duration: quantity(el, 'duration', 'time') };
    default:
      return { kind: 'poisson', rate: hertz(quantity(el, 'averageRate', 'per_time')), synapse: nmlRef(el, 'synapse') };
  }
}

/** A cell reference: `../pop[i]`, `pop[i]`, `../pop/i/cell` or `pop/i/cell`. */
const INDEXED = /^(?:\.\.\/)?([A-Za-z_][A-Za-z0-9_]*)\[(\d+)\]$/;
const LISTED = /^(?:\.\.\/)?([A-Za-z_][A-Za-z0-9_]*)\/(\d+)\/([A-Za-z_][A-Za-z0-9_]*)$/;
/** A LEMS quantity: a cell path, then the variable (`v`, `u`, `synapses:syn:0/g`). */
const QUANTITY_LISTED = /^([A-Za-z_][A-Za-z0-9_]*\/\d+\/[A-Za-z_][A-Za-z0-9_]*)\/(.+)$/;
const QUANTITY_INDEXED = /^([A-Za-z_][A-Za-z0-9_]*\[\d+\])\/(.+)$/;

/** Whole spans in steps of dt, as the lab rounds delays (within float noise). */
const isWholeSteps = (ms: number, dt: number): boolean => Math.abs(ms / dt - Math.round(ms / dt)) < 1e-9;

/** A cell a path names: its lab reference, its population and its index there. */
interface CellAt {
  ref: string;
  pop: Population;
  index: number;
}

class Importer {
  readonly skipped: string[] = [];
  private readonly cells = new Map<string, { cell: Cell; el: XmlElement }>();
  private readonly synapses = new Map<string, { spec: SynapseTypeSpec; el: XmlElement }>();
  private readonly inputs = new Map<string, { input: InputComponent; el: XmlElement }>();
  private readonly sources = new Map<string, { source: SpikeSource; el: XmlElement }>();
  /** Components seen but not imported (their messages are already in skipped). */
  private readonly notImported = new Map<string, string>();
  private readonly networks: XmlElement[] = [];
  private readonly populations = new Map<string, Population>();
  /** Top-level ids across all the files given, which must not repeat. */
  private readonly componentIds = new Map<string, XmlElement>();
  /** Lab ids taken: neurons and populations share one namespace, synapse types have their own. */
  private readonly groupIds = new Set<string>();
  private readonly synapseIds = new Set<string>();
  private neuronTotal = 0;
  /** Lab groups rebuilt from the file's metadata: they keep the role they were written with. */
  readonly rebuiltIds = new Set<string>();
  simulation: XmlElement | null = null;

  constructor(
    private readonly budget: Budget,
    /** Base names of the files given together, which includes may name. */
    private readonly given: Set<string>,
  ) {}

  skip(message: string): void {
    this.skipped.push(message);
  }

  /** Runs `step`, turning a Skip into an entry of `skipped`. */
  attempt<T>(step: () => T): T | undefined {
    try {
      return step();
    } catch (e) {
      if (!(e instanceof Skip)) throw e;
      this.skip(e.message);
      return undefined;
    }
  }

  /** The top-level children of a <neuroml> (or <Lems>) document. */
  readDocument(root: XmlElement): void {
    const seen = this.componentIds;
    for (const el of childElements(root)) {
      const tag = tagOf(el);
      if (DESCRIPTIVE.has(tag)) continue;
      if (tag === 'Simulation') {
        if (this.simulation === null) this.simulation = el;
        else this.skip(`${describe(el)}: a second Simulation; the first one is used`);
        continue;
      }
      if (tag === 'network') {
        this.networks.push(el);
        continue;
      }
      if (LEMS_PLUMBING.has(tag) || tag === 'include') {
        if (tag === 'Include' || tag === 'include') this.checkInclude(el);
        continue;
      }
      this.attempt(() => {
        const id = nmlRef(el, 'id');
        const earlier = seen.get(id);
        if (earlier) throw new Skip(`${describe(el)}: the id "${id}" is taken by ${describe(earlier)}`);
        seen.set(id, el);
        this.readComponent(el, id);
      });
    }
  }

  private checkInclude(el: XmlElement): void {
    const file = el.getAttribute('file') ?? el.getAttribute('href') ?? '';
    if (isCoreInclude(file) || this.given.has(baseName(file))) return;
    this.skip(`${describe(el)}: the included file "${file}" was not given; open it together with this file to import its contents`);
  }

  private readComponent(el: XmlElement, id: string): void {
    const tag = tagOf(el);
    const fail = (why: string): void => {
      this.notImported.set(id, why);
      this.skip(`${describe(el)}: ${why}`);
    };
    try {
      if (tag === 'izhikevichCell' || tag === 'izhikevich2007Cell') this.cells.set(id, { cell: readCell(el), el });
      else if (tag === 'expOneSynapse' || tag === 'expTwoSynapse' || tag === 'alphaSynapse') this.synapses.set(id, { spec: readSynapse(el, this.newLabId(id, el, this.synapseIds)), el });
      else if (INPUT_KINDS.has(tag)) this.inputs.set(id, { input: readInput(el), el });
      else if (tag === 'spikeArray' || tag === 'spikeGenerator') this.sources.set(id, { source: readSpikeSource(el), el });
      else if (RANDOM_SPIKE_SOURCES.has(tag)) {
        const read = readRandomSpikeSource(el);
        if (!read.ok) throw new Skip(read.message);
        this.sources.set(id, { source: { kind: 'random', spec: read.spec, component: id }, el });
      }
      else if (tag === 'ComponentType') fail('new component types are not imported: the lab runs only its own cell, synapse and input kinds');
      else fail(`${tag} is not a kind the lab imports (it imports izhikevichCell, izhikevich2007Cell, expOneSynapse, expTwoSynapse, alphaSynapse, pulseGenerator(DL), rampGenerator(DL), sineGenerator(DL), compoundInput(DL), poissonFiringSynapse, transientPoissonFiringSynapse, spikeArray, spikeGenerator, spikeGeneratorPoisson, spikeGeneratorRefPoisson, spikeGeneratorRandom)`);
    } catch (e) {
      if (!(e instanceof Skip)) throw e;
      this.notImported.set(id, 'it could not be read');
      throw e;
    }
  }

  /** The lab id of a NeuroML id, unique in `taken` (a namespace of the experiment). */
  newLabId(id: string, el: XmlElement, taken: Set<string>): string {
    const lab = labId(id);
    if (taken.has(lab)) throw new Skip(`${describe(el)}: the id "${id}" is taken`);
    taken.add(lab);
    return lab;
  }

  /** Why `id` cannot be used as `what` (missing, or not imported). */
  private missing(id: string, what: string): string {
    const why = this.notImported.get(id);
    return why ? `refers to ${what} "${id}", which was not imported (${why})` : `refers to ${what} "${id}", which the document does not define`;
  }

  pickNetwork(targetId: string | null): XmlElement | null {
    const named = targetId === null ? undefined : this.networks.find((n) => n.getAttribute('id') === targetId);
    const chosen = named ?? this.networks[0];
    if (chosen === undefined) return null;
    if (targetId !== null && named === undefined && this.simulation !== null) {
      this.skip(`${describe(this.simulation)}: its target "${targetId}" is no network of the document; ${describe(chosen)} is imported`);
    }
    for (const other of this.networks) if (other !== chosen) this.skip(`${describe(other)}: only one network is imported, ${describe(chosen)}`);
    return chosen;
  }

  readNetwork(net: XmlElement, experiment: Experiment): void {
    const children = childElements(net);
    const populationEls = children.filter((el) => tagOf(el) === 'population');
    const rebuilt = this.labGroups(populationEls, experiment.simulation.seed);
    // Populations first: everything else refers to them, in whatever order the file has them.
    for (const el of populationEls) this.attempt(() => this.readPopulation(el, experiment, rebuilt));
    for (let n = 0; n < children.length; n++) {
      const el = children[n];
      const tag = tagOf(el);
      if (tag === 'population' || tag === 'notes' || tag === 'annotation') continue;
      if (tag === 'property') continue;
      if (tag === 'projection') this.attempt(() => this.readProjection(el, experiment));
      else if (tag === 'synapticConnection') this.attempt(() => this.readSynapticConnection(el, experiment));
      else if (tag === 'explicitInput') this.attempt(() => this.readExplicitInput(el, experiment));
      else if (tag === 'inputList') {
        const lists = this.sameGroupLists(children, n);
        n += lists.length - 1;
        this.attempt(() => this.readInputList(lists, experiment));
      } else this.skip(`${describe(el)}: ${tag} is not imported (the lab imports population, projection, synapticConnection, explicitInput and inputList)`);
    }
  }

  /**
   * The lab groups the file's LAB_GROUP_TAG metadata names and its cells bear out (labGroups.ts), by the
   * NeuroML population of each of their neurons; a tag they do not bear out is said, and the file read as written.
   */
  private labGroups(populationEls: XmlElement[], seed: number): Map<string, RebuiltGroup & { spec: LabGroup }> {
    const out = new Map<string, RebuiltGroup & { spec: LabGroup }>();
    const byNeuron = new Map<string, XmlElement>();
    for (const el of populationEls) {
      const neuron = propertyOf(el, LAB_NEURON_TAG);
      if (neuron !== null) byNeuron.set(neuron, el);
    }
    const cellOf = (el: XmlElement): XmlElement | undefined => this.cells.get(el.getAttribute('component') ?? '')?.el;
    for (const el of populationEls) {
      const json = propertyOf(el, LAB_GROUP_TAG);
      if (json === null) continue;
      const read = readLabGroup(json, seed);
      const why = ((): string | null => {
        if (!read.ok) return read.reason;
        const { group } = read;
        const size = group.kind === 'population' ? group.spec.size : 1;
        // One NeuroML population of the group's size, or one population of one per neuron.
        const split = propertyOf(el, LAB_NEURON_TAG) !== null;
        const members = split ? Array.from({ length: size }, (_, k) => byNeuron.get(`${group.spec.id}[${k}]`)) : [el];
        const cells: XmlElement[] = [];
        for (const member of members) {
          const cell = member === undefined ? undefined : cellOf(member);
          const memberSize = member?.getAttribute('size');
          if (member === undefined || cell === undefined || out.has(member.getAttribute('id') ?? '')) return 'a neuron of the group is missing from the file';
          if (memberSize !== (split ? '1' : String(size))) return `${describe(member)} has size ${memberSize ?? 'none'}`;
          for (let k = 0; k < (split ? 1 : size); k++) cells.push(cell);
        }
        const mismatch = groupMismatch(group, seed, cells);
        if (mismatch !== null) return mismatch;
        for (const [k, member] of members.entries()) {
          if (member) out.set(member.getAttribute('id') ?? '', { id: group.spec.id, size, population: group.kind === 'population', offset: split ? k : 0, spec: group });
        }
        return null;
      })();
      if (why !== null) this.skip(`${describe(el)}: its ${LAB_GROUP_TAG} (the lab's own description of it) does not give the cells of the file (${why}), so it is imported as the file writes it`);
    }
    return out;
  }

  /** The inputList at children[n] and the ones right after it feeding the same component to other parts of one rebuilt lab population. */
  private sameGroupLists(children: XmlElement[], n: number): XmlElement[] {
    const first = children[n];
    const groupOf = (el: XmlElement) => this.populations.get(el.getAttribute('population') ?? '')?.group;
    const group = groupOf(first);
    const lists = [first];
    if (!group?.population) return lists;
    for (let m = n + 1; m < children.length; m++) {
      const el = children[m];
      if (tagOf(el) !== 'inputList' || el.getAttribute('component') !== first.getAttribute('component') || groupOf(el)?.id !== group.id) break;
      lists.push(el);
    }
    return lists;
  }

  private readPopulation(el: XmlElement, experiment: Experiment, rebuilt: Map<string, RebuiltGroup & { spec: LabGroup }>): void {
    const nml = nmlRef(el, 'id');
    const component = nmlRef(el, 'component');
    const source = this.sources.get(component);
    const found = this.cells.get(component) ?? (source ? { cell: RELAY_CELL } : undefined);
    if (!found) throw new Skip(`${describe(el)}: ${this.missing(component, 'the cell')}`);
    const instanceEls = childElements(el).filter((c) => tagOf(c) === 'instance');
    let size: number;
    let instances: Map<number, number> | null = null;
    if (instanceEls.length > 0) {
      instances = new Map();
      for (const inst of instanceEls) {
        const iid = plain(inst, 'id');
        if (!Number.isInteger(iid) || iid < 0) throw new Skip(`${describe(inst)}: id must be a whole number >= 0`);
        if (instances.has(iid)) throw new Skip(`${describe(inst)}: instance ${iid} appears twice in population "${nml}"`);
        instances.set(iid, instances.size);
      }
      size = instances.size;
      const declared = el.getAttribute('size');
      if (declared !== null && Number(declared) !== size) {
        this.skip(`${describe(el)}: size="${declared}" but it lists ${size} instances; the ${size} instances are imported`);
      }
    } else {
      size = plain(el, 'size');
      if (!Number.isInteger(size) || size < 1) throw new Skip(`${describe(el)}: size must be a whole number >= 1, got ${size}`);
    }
    // Refused here, before the importer or the engine allocates anything per neuron.
    const total = this.neuronTotal + size;
    if (total > ENGINE_MAX_NEURONS || total * NEURON_BYTES > this.budget.bytes) {
      throw new Skip(`${describe(el)}: ${size.toLocaleString('en-US')} neurons (${total.toLocaleString('en-US')} in all) would take more memory than the lab's budget (${Math.round(this.budget.bytes / 2 ** 20)} MiB) allows`);
    }
    const group = rebuilt.get(nml);
    if (group) {
      const { spec, ...at } = group;
      if (at.offset === 0) {
        this.newLabId(nmlId(spec.spec.id), el, this.groupIds);
        if (spec.kind === 'neuron') experiment.neurons.push(spec.spec);
        else experiment.populations.push(spec.spec);
        this.rebuiltIds.add(spec.spec.id);
      }
      this.neuronTotal = total;
      this.populations.set(nml, { id: spec.spec.id, component, cell: found.cell, size, instances, single: !at.population, el, group: at });
      return;
    }
    const id = this.newLabId(nml, el, this.groupIds);
    this.neuronTotal = total;
    const cell = found.cell;
    const single = size === 1;
    this.populations.set(nml, { id, component, cell, size, instances, single, el, group: null });
    if (single) experiment.neurons.push({ id, ...cell });
    else experiment.populations.push({ id, size, ...cell });
    if (source) this.relay(el, id, source.source, experiment);
  }

  /** The pulses that fire a relay population at its source's spike times (see RELAY_CELL). */
  private relay(el: XmlElement, id: string, source: SpikeSource, experiment: Experiment): void {
    if (source.kind === 'random') {
      // Exactly the source's process, and written back as the same element: no notice.
      experiment.inputs.push({ id: this.freshInputId(labId(source.component)), kind: 'spikeSource', target: id, ...source.spec });
      return;
    }
    const dt = experiment.simulation.dt;
    // jLEMS emits a spike in the first step whose time has reached it; the lab stamps that step's start.
    const stepOf = (ms: number) => Math.ceil(ms / dt - 1e-9) * dt;
    const pulses: InputSpec[] = source.kind === 'periodic'
      ? [{ id: this.freshInputId(`${id}-spikes`), kind: 'pulse', target: id, start: stepOf(source.period), duration: dt, period: source.period, amplitude: RELAY_CURRENT }]
      : [...new Set(source.times.map(stepOf))].map((start, k) => ({ id: this.freshInputId(`${id}-spike-${k}`), kind: 'pulse', target: id, start, duration: dt, amplitude: RELAY_CURRENT }));
    experiment.inputs.push(...pulses);
    this.skip(`${describe(el)}: its spike source runs as relay neurons: resting 2003 cells fired at the source's spike times (on this step, ${dt} ms) by one-step pulses of ${RELAY_CURRENT} pA`);
  }

  /** The lab reference (`pop[i]`) of the cell path in attribute `name`; in `population` when given. */
  cellRef(el: XmlElement, name: string, population?: string): CellAt {
    return this.resolveCell(el, name, attr(el, name).trim(), population);
  }

  resolveCell(el: XmlElement, name: string, path: string, population?: string): CellAt {
    const indexed = INDEXED.exec(path);
    const listed = indexed ? null : LISTED.exec(path);
    const m = indexed ?? listed;
    if (m === null) throw new Skip(`${describe(el)}: ${name} "${path}" is not a cell path (../pop[i] or ../pop/i/cellId)`);
    const popId = m[1];
    const pop = this.populations.get(popId);
    if (!pop) throw new Skip(`${describe(el)}: ${name} "${path}" ${this.missing(popId, 'the population')}`);
    if (population !== undefined && popId !== population) throw new Skip(`${describe(el)}: ${name} "${path}" is not in population "${population}"`);
    if (listed && listed[3] !== pop.component) throw new Skip(`${describe(el)}: ${name} "${path}": population "${popId}" holds ${pop.component} cells, not ${listed[3]}`);
    const n = Number(m[2]);
    let index: number | undefined;
    if (pop.instances) {
      index = pop.instances.get(n);
      if (index === undefined) throw new Skip(`${describe(el)}: ${name} "${path}": population "${popId}" has no instance ${n}`);
    } else {
      if (n >= pop.size) throw new Skip(`${describe(el)}: ${name} "${path}": index ${n} is not below the size ${pop.size} of population "${popId}"`);
      index = n;
    }
    return { ref: pop.single ? pop.id : `${pop.id}[${(pop.group?.offset ?? 0) + index}]`, pop, index };
  }

  private synapse(el: XmlElement, name: string): SynapseTypeSpec {
    const id = nmlRef(el, name);
    const found = this.synapses.get(id);
    if (!found) throw new Skip(`${describe(el)}: ${this.missing(id, 'the synapse')}`);
    return found.spec;
  }

  /** Adds a synapse's type to the experiment the first time a connection uses it. */
  private use(experiment: Experiment, spec: SynapseTypeSpec, el: XmlElement, post: Cell): void {
    if (!experiment.synapseTypes.includes(spec)) experiment.synapseTypes.push(spec);
    if (post.model === 'izhikevich2003') this.conductanceOn2003.push(el);
  }

  /** Elements putting a conductance synapse on an izhikevichCell: NeuroML's tools cannot run those. */
  private readonly conductanceOn2003: XmlElement[] = [];

  /** Says once that NeuroML simulators would refuse what the lab runs here. */
  noteConductanceOn2003(): void {
    const first = this.conductanceOn2003[0];
    if (first === undefined) return;
    const more = this.conductanceOn2003.length - 1;
    this.skip(`${describe(first)}${more > 0 ? ` and ${more} more` : ''}: put a conductance synapse on an izhikevichCell, whose inputs NeuroML makes dimensionless, so NeuroML's simulators cannot run this; the lab runs it, reading g (erev - v) in its 2003 units (pA at C = 1 pF)`);
  }

  private readProjection(el: XmlElement, experiment: Experiment): void {
    const pre = nmlRef(el, 'presynapticPopulation');
    const post = nmlRef(el, 'postsynapticPopulation');
    for (const p of [pre, post]) if (!this.populations.has(p)) throw new Skip(`${describe(el)}: ${this.missing(p, 'the population')}`);
    const postCell = this.populations.get(post)?.cell;
    const synapse = this.synapse(el, 'synapse');
    const dt = experiment.simulation.dt;
    let zeroDelays = 0;
    let rounded = 0;
    let negative = 0;
    const added: ConnectionSpec[] = [];
    for (const c of childElements(el)) {
      const tag = tagOf(c);
      if (tag === 'notes' || tag === 'annotation' || tag === 'property') continue;
      if (tag !== 'connection' && tag !== 'connectionWD') {
        this.skip(`${describe(c)}: ${tag} is not imported (a projection holds connection and connectionWD)`);
        continue;
      }
      this.attempt(() => {
        const from = this.cellRef(c, 'preCellId', pre);
        const to = this.cellRef(c, 'postCellId', post);
        const weight = tag === 'connectionWD' ? plain(c, 'weight') : 1;
        let delay = tag === 'connectionWD' ? quantity(c, 'delay', 'time') : 0;
        if (weight < 0) {
          negative++;
          return;
        }
        if (delay < dt / 2) {
          zeroDelays++;
          delay = dt;
        } else if (!isWholeSteps(delay, dt)) {
          rounded++;
        }
        added.push({ pre: from.ref, post: to.ref, synapse: synapse.id, weight, delay });
      });
    }
    if (added.length > 0 && postCell) this.use(experiment, synapse, el, postCell);
    experiment.connections.push(...added);
    const where = describe(el);
    if (negative > 0) this.skip(`${where}: ${negative} connection(s) with a negative weight not imported: a negative weight makes a negative conductance, which the lab does not allow (NeuroML inhibits through erev)`);
    if (zeroDelays > 0) this.skip(`${where}: ${zeroDelays} connection(s) without a delay arrive one step (${dt} ms) after the spike: the lab's shortest delay`);
    if (rounded > 0) this.skip(`${where}: ${rounded} delay(s) are not whole steps of ${dt} ms and are rounded to the nearest step`);
  }

  private readSynapticConnection(el: XmlElement, experiment: Experiment): void {
    const from = this.cellRef(el, 'from');
    const to = this.cellRef(el, 'to');
    const synapse = this.synapse(el, 'synapse');
    const dt = experiment.simulation.dt;
    this.use(experiment, synapse, el, to.pop.cell);
    experiment.connections.push({ pre: from.ref, post: to.ref, synapse: synapse.id, weight: 1, delay: dt });
    this.skip(`${describe(el)}: a synapticConnection has no delay; it arrives one step (${dt} ms) after the spike, the lab's shortest delay`);
  }

  private inputComponent(el: XmlElement, name: string): { input: InputComponent; nml: string } {
    const id = nmlRef(el, name);
    const found = this.inputs.get(id);
    if (!found) throw new Skip(`${describe(el)}: ${this.missing(id, 'the input')}`);
    return { input: found.input, nml: id };
  }

  /** The lab inputs for `component` onto `target` (a `pop[i]` or a population id), weighted. */
  private labInputs(el: XmlElement, id: string, component: InputComponent, target: string, cell: Cell, weight: number, experiment: Experiment): InputSpec[] {
    if (component.kind === 'compound') {
      return component.parts.flatMap((part, k) => this.labInputs(el, k === 0 ? id : this.freshInputId(`${id}-${k}`), part, target, cell, weight, experiment));
    }
    if (component.kind === 'poisson') {
      const found = this.synapses.get(component.synapse);
      if (!found) throw new Skip(`${describe(el)}: its poissonFiringSynapse ${this.missing(component.synapse, 'the synapse')}`);
      if (weight < 0) throw new Skip(`${describe(el)}: a negative weight makes a negative conductance, which the lab does not allow`);
      this.use(experiment, found.spec, el, cell);
      const { start, duration } = component;
      if (duration !== undefined && !(duration > 0)) throw new Skip(`${describe(el)}: it lasts ${duration} ms, so it never acts`);
      const window = { ...(start !== undefined && start > 0 && { start }), ...(duration !== undefined && { duration }) };
      return [{ id, kind: 'poisson', target, rate: component.rate, synapse: found.spec.id, weight, ...window }];
    }
    const wants = component.dimensionless ? 'izhikevich2003' : 'izhikevich2007';
    if (cell.model !== wants) {
      const input = component.dimensionless ? `${component.kind}GeneratorDL (a dimensionless current)` : `${component.kind}Generator (a current in amperes)`;
      const cellKind = cell.model === 'izhikevich2003' ? 'an izhikevichCell, whose inputs are dimensionless' : 'an izhikevich2007Cell, whose inputs are currents';
      throw new Skip(`${describe(el)}: ${input} cannot drive ${cellKind}; NeuroML rejects this pairing`);
    }
    if (!(component.duration > 0)) throw new Skip(`${describe(el)}: it lasts ${component.duration} ms, so it never acts`);
    if (component.kind === 'pulse') {
      return [{ id, kind: 'pulse', target, start: component.delay, duration: component.duration, amplitude: component.amplitude * weight }];
    }
    if (component.kind === 'sine') {
      const { delay, duration, amplitude, period, phase } = component;
      return [{ id, kind: 'sine', target, start: delay, duration, amplitude: amplitude * weight, period, phase }];
    }
    // baseline outside [delay, delay + duration), start + slope * (t - delay) inside: a constant plus a sloped pulse.
    const ramp: InputSpec = {
      id, kind: 'pulse', target, start: component.delay, duration: component.duration,
      amplitude: (component.start - component.baseline) * weight,
      slope: ((component.finish - component.start) / component.duration) * weight,
    };
    if (component.baseline === 0) return [ramp];
    return [ramp, { id: this.freshInputId(`${id}-baseline`), kind: 'constant', target, amplitude: component.baseline * weight }];
  }

  private readExplicitInput(el: XmlElement, experiment: Experiment): void {
    const { input, nml } = this.inputComponent(el, 'input');
    const target = this.cellRef(el, 'target');
    const id = this.freshInputId(`${labId(nml)}-${target.pop.id}${target.pop.single ? '' : `-${target.index}`}`);
    experiment.inputs.push(...this.labInputs(el, id, input, target.ref, target.pop.cell, 1, experiment));
  }

  /** One inputList, or several feeding one component to the parts of one rebuilt lab population (sameGroupLists). */
  private readInputList(lists: XmlElement[], experiment: Experiment): void {
    const el = lists[0];
    const { input, nml } = this.inputComponent(el, 'component');
    const entries: { el: XmlElement; ref: string; weight: number; pop: Population }[] = [];
    for (const list of lists) {
      const popId = nmlRef(list, 'population');
      const pop = this.populations.get(popId);
      if (!pop) throw new Skip(`${describe(list)}: ${this.missing(popId, 'the population')}`);
      for (const c of childElements(list)) {
        const tag = tagOf(c);
        if (tag === 'notes' || tag === 'annotation' || tag === 'property') continue;
        if (tag !== 'input' && tag !== 'inputW') {
          this.skip(`${describe(c)}: ${tag} is not imported (an inputList holds input and inputW)`);
          continue;
        }
        this.attempt(() => {
          const target = this.cellRef(c, 'target', popId);
          const weight = tag === 'inputW' ? plain(c, 'weight') : 1;
          entries.push({ el: c, ref: target.ref, weight, pop });
        });
      }
    }
    const base = labId(lists.length === 1 ? nmlRef(el, 'id') : nml);
    // One input onto the whole lab population when the list covers it in order with one weight: the
    // lab's own form (one input, one random stream over its targets), which is how the lab writes it.
    const first = entries[0];
    const group = first?.pop.group ?? (first && !first.pop.single ? { id: first.pop.id, size: first.pop.size, population: true } : null);
    const whole = group !== null && group.population && entries.length === group.size
      && entries.every((e, k) => e.ref === `${group.id}[${k}]` && e.weight === first.weight);
    if (whole && (entries.length > 1 || first.pop.group !== null)) {
      experiment.inputs.push(...this.labInputs(el, this.freshInputId(base), input, group.id, first.pop.cell, first.weight, experiment));
      return;
    }
    for (const e of entries) {
      const id = this.freshInputId(entries.length === 1 ? base : `${base}-${e.el.getAttribute('id') ?? e.ref}`);
      const made = this.attempt(() => this.labInputs(e.el, id, input, e.ref, e.pop.cell, e.weight, experiment));
      if (made) experiment.inputs.push(...made);
    }
  }

  private readonly inputIds = new Set<string>();

  private freshInputId(wanted: string): string {
    let id = wanted.replace(/[^A-Za-z0-9_-]/g, '_');
    for (let k = 2; this.inputIds.has(id); k++) id = `${wanted}-${k}`;
    this.inputIds.add(id);
    return id;
  }

  /** Duration, step and seed from a LEMS Simulation. */
  readRunSettings(sim: XmlElement, experiment: Experiment): void {
    const length = this.attempt(() => quantity(sim, 'length', 'time'));
    if (length !== undefined) experiment.simulation.duration = length;
    const step = this.attempt(() => quantity(sim, 'step', 'time'));
    if (step !== undefined) this.setStep(experiment, step, describe(sim));
    const seed = sim.getAttribute('seed');
    if (seed !== null) {
      const n = Number(seed);
      if (Number.isInteger(n) && n >= 0 && n < 2 ** 32) experiment.simulation.seed = n;
      else this.skip(`${describe(sim)}: seed "${seed}" is not a whole number 0..4294967295; the seed ${experiment.simulation.seed} is used`);
    }
  }

  /** The traces a LEMS Simulation writes or plots, as the experiment's recording (after the populations). */
  readTraces(sim: XmlElement, experiment: Experiment): void {
    const watch: string[] = [];
    const variables = new Set<TraceVariable>();
    const visit = (el: XmlElement): void => {
      for (const c of childElements(el)) {
        const tag = tagOf(c);
        if (tag === 'OutputColumn' || tag === 'Line') this.attempt(() => this.readQuantity(c, watch, variables));
        else if (tag === 'OutputFile' || tag === 'Display') visit(c);
      }
    };
    visit(sim);
    if (watch.length > 0) experiment.recording = { watch, variables: TRACE_VARIABLES.filter((v) => variables.has(v)) };
  }

  setStep(experiment: Experiment, step: number, where: string): void {
    if (isStepSize(step)) {
      experiment.simulation.dt = 1 / Math.round(1 / step);
      return;
    }
    const k = Math.min(MAX_STEPS_PER_MS, Math.max(1, Math.ceil(1 / step)));
    experiment.simulation.dt = 1 / k;
    this.skip(`${where}: the step ${step} ms is not one the lab runs (1/k ms, k = 1..${MAX_STEPS_PER_MS}); it runs at ${1 / k} ms instead`);
  }

  /** `pop[i]/v`, `pop/i/cell/u` or `pop[i]/synapses:syn:0/g` -> a watched neuron and variable. */
  private readQuantity(el: XmlElement, watch: string[], variables: Set<TraceVariable>): void {
    const text = attr(el, 'quantity').trim();
    const m = QUANTITY_LISTED.exec(text) ?? QUANTITY_INDEXED.exec(text);
    if (m === null) throw new Skip(`${describe(el)}: quantity "${text}" is not a cell's variable (pop[i]/v or pop/i/cell/v)`);
    const [, cellPath, name] = m;
    const variable = traceVariable(name);
    if (variable === null) throw new Skip(`${describe(el)}: quantity "${text}": the lab records v, u, the synaptic conductance g and the input current, not ${name}`);
    const { ref } = this.resolveCell(el, 'quantity', cellPath);
    if (!watch.includes(ref)) watch.push(ref);
    variables.add(variable);
  }
}

/** Reversal potentials at or below this inhibit (GABA-A about -70 to -80 mV, GABA-B about -90 mV). */
const INHIBITORY_EREV = -60;

/**
 * Colours the raster as the lab does: a group whose synapses all reverse at or below
 * INHIBITORY_EREV is inhibitory. NeuroML has no such label; the synapses say it.
 */
function markInhibitory(experiment: Experiment, keep: ReadonlySet<string>): void {
  const erev = new Map(experiment.synapseTypes.map((t) => [t.id, 'erev' in t ? t.erev : 0]));
  const verdict = new Map<string, boolean>();
  for (const c of experiment.connections) {
    const group = c.pre.replace(/\[\d+\]$/, '');
    verdict.set(group, (verdict.get(group) ?? true) && (erev.get(c.synapse) ?? 0) <= INHIBITORY_EREV);
  }
  for (const group of [...experiment.neurons, ...experiment.populations]) if (verdict.get(group.id) && !keep.has(group.id)) group.role = 'inhibitory';
}

/**
 * The lab's name, description and run settings from a file the lab wrote (LAB_EXPERIMENT_TAG), where
 * they are what the lab can run; the LEMS file's seed, read after, still wins. Anything else is ignored:
 * the file is then read as a file from elsewhere.
 */
function applyLabExperiment(json: string, experiment: Experiment): void {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const { name, description, simulation } = value as Record<string, unknown>;
  if (typeof name === 'string' && name.trim() !== '') experiment.name = name;
  if (typeof description === 'string') experiment.description = description;
  if (typeof simulation !== 'object' || simulation === null) return;
  const { scheme, randomDraws, seed, stopAtEnd } = simulation as Record<string, unknown>;
  const settings = experiment.simulation;
  const isScheme = (x: unknown): x is IntegrationScheme => INTEGRATION_SCHEMES.some((s) => s === x);
  const isDraws = (x: unknown): x is RandomDraws => RANDOM_DRAWS.some((d) => d === x);
  if (isScheme(scheme)) settings.scheme = scheme;
  if (isDraws(randomDraws)) settings.randomDraws = randomDraws;
  if (typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32) settings.seed = seed;
  if (stopAtEnd === true) settings.stopAtEnd = true;
  else delete settings.stopAtEnd;
}

/** The lab's trace of a LEMS variable of a cell: v, u (U on izhikevichCell), a synapse's g, an input's current. */
function traceVariable(name: string): TraceVariable | null {
  if (name === 'v') return 'v';
  if (name === 'u' || name === 'U') return 'u';
  if (/^synapses:[A-Za-z0-9_]+:\d+\/g$/.test(name)) return 'g';
  if (/^[A-Za-z_][A-Za-z0-9_]*\/[iI]$/.test(name)) return 'iext';
  return null;
}

function emptyExperiment(name: string): Experiment {
  return {
    format: EXPERIMENT_FORMAT,
    version: EXPERIMENT_VERSION,
    name,
    simulation: { dt: DEFAULT_DT, scheme: 'euler', duration: DEFAULT_DURATION, seed: DEFAULT_SEED, randomDraws: CURRENT_RANDOM_DRAWS, stopAtEnd: true },
    neurons: [],
    populations: [],
    synapseTypes: [],
    connections: [],
    projections: [],
    inputs: [],
    recording: { watch: [], variables: ['v'] },
  };
}

/** The core type definitions every LEMS file includes: the lab knows these types itself. */
function isCoreInclude(file: string): boolean {
  return /^(Cells|Networks|Simulation|Synapses|Inputs|Channels|PyNN|NeuroMLCoreDimensions|NeuroMLCoreCompTypes)\.xml$/.test(file);
}

const baseName = (path: string): string => path.replace(/^.*[\\/]/, '');

/**
 * The files a NeuroML or LEMS document includes (other than the core type definitions), as written:
 * paths relative to the document. Empty when the text is not XML.
 */
export function includedFiles(text: string): string[] {
  const parsed = parseXml(text, '', DEFAULT_BUDGET.bytes);
  if (!parsed.ok) return [];
  const out: string[] = [];
  for (const el of childElements(parsed.root)) {
    const tag = tagOf(el);
    const file = tag === 'Include' ? el.getAttribute('file') : tag === 'include' ? el.getAttribute('href') : null;
    if (file !== null && !isCoreInclude(file) && !out.includes(file)) out.push(file);
  }
  return out;
}

/** Whether `text` looks like XML rather than JSON (the command line and the page choose the reader by it). */
export function looksLikeXml(text: string): boolean {
  return /^\s*(?:\uFEFF)?</.test(text);
}

/** A NeuroML 2 document (or a LEMS file holding its network) as a lab experiment; see the file's comment. */
export function importNeuroML(text: string, fileName: string, options: ImportOptions = {}): ImportResult {
  const budget = options.budget ?? DEFAULT_BUDGET;
  const parsed = parseXml(text, fileName, budget.bytes);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  const root = parsed.root;
  const rootTag = tagOf(root);
  if (rootTag !== 'neuroml' && rootTag !== 'Lems') {
    return { ok: false, message: `${fileName}: the document element is <${rootTag}>, not <neuroml> (a NeuroML 2 document) or <Lems>` };
  }
  const includes = options.includes ?? [];
  const given = new Set([fileName, options.lems?.fileName ?? '', ...includes.map((f) => f.fileName)].map(baseName));
  const importer = new Importer(budget, given);
  for (const file of includes) {
    const doc = parseXml(file.text, file.fileName, budget.bytes, true);
    if (!doc.ok) return { ok: false, message: doc.message };
    importer.readDocument(doc.root);
  }
  importer.readDocument(root);
  let lemsName = fileName;
  if (options.lems) {
    const lems = parseXml(options.lems.text, options.lems.fileName, budget.bytes, true);
    if (!lems.ok) return { ok: false, message: lems.message };
    if (tagOf(lems.root) !== 'Lems') return { ok: false, message: `${options.lems.fileName}: the document element is <${tagOf(lems.root)}>, not <Lems>` };
    importer.readDocument(lems.root);
    lemsName = options.lems.fileName;
  }
  const sim = importer.simulation;
  const net = importer.pickNetwork(sim?.getAttribute('target') ?? null);
  if (net === null) {
    return { ok: false, message: [`${fileName}: no <network> to import`, ...importer.skipped].join('\n') };
  }
  const experiment = emptyExperiment(net.getAttribute('id') ?? fileName);
  const names = [fileName, ...(options.lems ? [lemsName] : []), ...includes.map((f) => f.fileName)].map(baseName).join(', ');
  // Said where the experiment is described, since it holds for every import (docs/neuroml-import.md).
  experiment.description = `Imported from NeuroML 2 (${names}). Stepped by forward Euler with u taken from the new v (jLEMS takes both from the start of the step), so spike times can drift from jLEMS's by a fraction of a millisecond over a second.`;
  // The step first: delays are checked against it. A LEMS Simulation overrides the network's hints.
  const properties = new Map<string, string>();
  for (const el of childElements(net)) {
    if (tagOf(el) === 'property' && el.getAttribute('tag') !== null) properties.set(el.getAttribute('tag') ?? '', el.getAttribute('value') ?? '');
  }
  const hint = (tag: string): number | undefined => {
    const value = properties.get(tag);
    const n = value === undefined ? NaN : Number(value);
    return Number.isFinite(n) && n > 0 ? n : undefined;
  };
  const dtHint = hint('recommended_dt_ms');
  if (dtHint !== undefined) importer.setStep(experiment, dtHint, `${describe(net)} recommended_dt_ms`);
  const durationHint = hint('recommended_duration_ms');
  if (durationHint !== undefined) experiment.simulation.duration = durationHint;
  const lab = properties.get(LAB_EXPERIMENT_TAG);
  if (lab !== undefined) applyLabExperiment(lab, experiment);
  if (sim) importer.readRunSettings(sim, experiment);
  importer.readNetwork(net, experiment);
  if (sim) importer.readTraces(sim, experiment);
  importer.noteConductanceOn2003();
  markInhibitory(experiment, importer.rebuiltIds);
  if (experiment.simulation.duration > MAX_DURATION) {
    importer.skip(`${fileName}: the run length ${experiment.simulation.duration} ms is longer than the lab's hour; it runs ${MAX_DURATION} ms`);
    experiment.simulation.duration = MAX_DURATION;
  }
  if (experiment.populations.length === 0 && experiment.neurons.length === 0) {
    return { ok: false, message: [`${fileName}: nothing to import: no population of izhikevichCell or izhikevich2007Cell could be read`, ...importer.skipped].join('\n') };
  }
  if (experiment.recording.watch.length === 0) experiment.recording.watch = [experiment.neurons[0]?.id ?? `${experiment.populations[0].id}[0]`];
  const checked = validateExperiment(experiment, budget);
  if (!checked.ok) return { ok: false, message: [`${fileName}: the imported network is not one the lab can run:`, ...checked.errors].join('\n') };
  return { ok: true, experiment: checked.experiment, skipped: importer.skipped };
}
