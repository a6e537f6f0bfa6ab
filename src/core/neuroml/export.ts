/**
 * The experiment as a NeuroML 2 network document (<name>.net.nml, schema v2.3.1) and a LEMS file that
 * runs it (LEMS_<name>.xml) with the lab's duration, step and seed, recording the watched neurons' v
 * and every neuron's spikes. What NeuroML cannot express is listed in `notes`, never dropped silently.
 *
 * The network is written as the lab builds it: the experiment is compiled with the engine, so drawn
 * parameters, wiring, weights and delays (in whole steps) are the ones the lab simulates.
 *
 * Cells: NeuroML's izhikevichCell (2003, dimensionless) accepts only dimensionless currents, so it is
 * written only for networks driven by current inputs alone (pulseGeneratorDL, rampGeneratorDL). A
 * network with conductance synapses, or whose cells the 2003 cell cannot express (the 2004 equation
 * variants, a u0 other than b v0), gets izhikevich2007Cell throughout, 2003 cells through the exact
 * mapping of cellMapping.ts; a cell without such a mapping is left out, and said so.
 */
import { compileExperiment } from '../engine/compile.ts';
import { CompileError, type CompiledNetwork, type NeuronGroup } from '../engine/network.ts';
import { describeSpikeSource } from '../engine/spikeSources.ts';
import { plasticityOf, type Experiment, type InputSpec, type SpikeSourceSpec, type SynapseTypeSpec } from '../experiment/types.ts';
import { LAB_EXPERIMENT_TAG, LAB_GROUP_TAG, LAB_NEURON_TAG } from './labGroups.ts';
import { cellAttributes, isPlain2003, labCells, nmlCellOf, sameCell, type Cell, type LabCell } from './labCells.ts';
import { nmlId } from './ids.ts';
import { isRelayCell, spikeSourceElement } from './spikeSources.ts';
import { formatNumber, formatQuantity } from './units.ts';
import { XmlWriter, type Attributes } from './xmlWriter.ts';

export interface NeuroMLExport {
  files: { path: string; text: string }[];
  notes: string[];
}

/** More synapses than this are not written (a file of some 100 MB): the note says so. */
export const MAX_EXPORTED_SYNAPSES = 1_000_000;
/** A pulse train is written pulse by pulse; longer trains are cut here, and said so. */
export const MAX_TRAIN_PULSES = 10_000;

const NEUROML_NS = 'http://www.neuroml.org/schema/neuroml2';
const SCHEMA_LOCATION = `${NEUROML_NS} https://raw.githubusercontent.com/NeuroML/NeuroML2/master/Schemas/NeuroML2/NeuroML_v2.3.1.xsd`;
/** Where every input and synapse lands on a point cell. */
const DESTINATION = 'synapses';

interface Population {
  id: string;
  component: string;
  size: number;
  /** Set on a population of one standing for a neuron of a lab population. */
  labNeuron?: string;
  /** The lab group's spec, on the group's first NeuroML population. */
  labGroup?: string;
}

const SYNAPSE_ELEMENTS = { alphaConductance: 'alphaSynapse', expConductance: 'expOneSynapse', expTwoConductance: 'expTwoSynapse' } as const;
type ExpressibleSynapse = Extract<SynapseTypeSpec, { kind: keyof typeof SYNAPSE_ELEMENTS }>;

function expressible(type: SynapseTypeSpec): type is ExpressibleSynapse {
  return type.kind in SYNAPSE_ELEMENTS;
}

/** Ids unique within one scope (the document's top level, or the network). */
class IdScope {
  private readonly taken = new Set<string>();
  claim(wanted: string): string {
    let id = wanted;
    for (let k = 2; this.taken.has(id); k++) id = `${wanted}_${k}`;
    this.taken.add(id);
    return id;
  }
}

/** A NmlId made from free text (the experiment's name), for the document and its files. */
export function documentId(name: string): string {
  const cleaned = name.trim().replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (cleaned === '') return 'network';
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `net_${cleaned}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
/** "is" or "are" for n things. */
const isAre = (n: number) => (n === 1 ? 'is' : 'are');

export function exportNeuroML(experiment: Experiment): NeuroMLExport {
  let compiled: CompiledNetwork;
  try {
    compiled = compileExperiment(experiment);
  } catch (error) {
    if (error instanceof CompileError) return { files: [], notes: [`The experiment cannot be built, so nothing was exported: ${error.message}`] };
    throw error;
  }
  return exportCompiled(experiment, compiled);
}

/** The export of an experiment already compiled (by compileExperiment, from this experiment's wiring). */
export function exportCompiled(experiment: Experiment, compiled: CompiledNetwork): NeuroMLExport {
  return new Exporter(experiment, compiled).run();
}

class Exporter {
  private readonly notes: string[] = [];
  private readonly top = new IdScope();
  private readonly net = new IdScope();
  /** Where lab neuron i is in the NeuroML network (null: left out). */
  private readonly place: ({ population: string; index: number } | null)[];
  /** izhikevichCell with dimensionless inputs (true) or izhikevich2007Cell throughout. */
  private readonly dl: boolean;
  private readonly stepsPerMs: number;
  /** Each lab neuron's NeuroML cell (null: no exact form). */
  private readonly cellsPerNeuron: (Cell | null)[];
  private readonly unmappable: string[] = [];
  private initialUDiffers = 0;
  /** Lab groups written as a random spike source population (see spikeSourceGroups), by group id. */
  private readonly sourceGroups: Map<string, SpikeSourceSpec>;
  /** The NeuroML populations of those groups, and their components. */
  private readonly sourcePopulations = new Set<string>();
  private readonly sourceComponents: InputComponent[] = [];

  constructor(
    private readonly experiment: Experiment,
    private readonly compiled: CompiledNetwork,
  ) {
    this.place = new Array<{ population: string; index: number } | null>(compiled.neuronCount).fill(null);
    this.stepsPerMs = Math.round(1 / compiled.dt);
    const cells = labCells(experiment, compiled);
    this.dl = !this.usesConductance() && cells.every(isPlain2003);
    this.sourceGroups = this.spikeSourceGroups(cells);
    this.cellsPerNeuron = cells.map((cell, i) => this.nmlCell(cell, i));
  }

  /**
   * The groups NeuroML can hold as a spike source population: a whole lab neuron or population of relay
   * cells (as the import makes them) driven by one spikeSource input and nothing else, with no synapse onto
   * it (a spike generator has no membrane to receive one).
   */
  private spikeSourceGroups(cells: readonly LabCell[]): Map<string, SpikeSourceSpec> {
    const { compiled, experiment } = this;
    const inputsOnto = new Int32Array(compiled.neuronCount);
    for (const input of compiled.inputs) for (const target of input.targets) inputsOnto[target]++;
    const receives = new Uint8Array(compiled.neuronCount);
    const { rowStart, post } = compiled.synapses;
    for (let s = 0; s < rowStart[compiled.neuronCount]; s++) receives[post[s]] = 1;
    const out = new Map<string, SpikeSourceSpec>();
    for (const spec of experiment.inputs) {
      if (spec.kind !== 'spikeSource') continue;
      const group = compiled.groups.find((g) => g.id === spec.target);
      if (group === undefined) continue;
      let alone = true;
      for (let i = group.start; i < group.start + group.size && alone; i++) alone = isRelayCell(cells[i]) && inputsOnto[i] === 1 && receives[i] === 0;
      if (alone) out.set(group.id, spec);
    }
    return out;
  }

  /** Conductance synapses in the wiring or behind a Poisson input need izhikevich2007Cell. */
  private usesConductance(): boolean {
    const types = this.experiment.synapseTypes;
    const used = new Set<number>();
    const { type, rowStart } = this.compiled.synapses;
    for (let s = 0; s < rowStart[this.compiled.neuronCount]; s++) used.add(type[s]);
    for (const input of this.experiment.inputs) if (input.kind === 'poisson') used.add(types.findIndex((t) => t.id === input.synapse));
    return [...used].some((k) => types[k] !== undefined && expressible(types[k]));
  }

  private nmlCell(cell: LabCell, i: number): Cell | null {
    const written = nmlCellOf(cell, this.dl);
    if (!written.ok) {
      this.unmappable.push(`${this.compiled.ids[i]} (${written.reason})`);
      return null;
    }
    // izhikevich2007Cell starts with u = 0, which is the 2003 cell's u = startU.
    const { startU } = written;
    if (cell.model === 'izhikevich2003' && startU !== undefined && Math.abs(cell.u0 - startU) > 1e-9 * Math.max(1, Math.abs(cell.u0))) this.initialUDiffers++;
    return written.cell;
  }

  run(): NeuroMLExport {
    const { experiment, compiled } = this;
    const base = documentId(experiment.name);
    // Synapse types keep their (reversible) ids, so they claim theirs first.
    const synapseIds = new Map<string, string>();
    for (const type of experiment.synapseTypes) if (expressible(type)) synapseIds.set(type.id, this.top.claim(nmlId(type.id)));
    for (const group of compiled.groups) this.net.claim(nmlId(group.id));

    const cellComponents: { id: string; cell: Cell }[] = [];
    const populations: Population[] = [];
    for (const group of compiled.groups) this.layOut(group, cellComponents, populations);
    if (this.unmappable.length > 0) {
      const shown = this.unmappable.slice(0, 5).join('; ');
      const more = this.unmappable.length > 5 ? `; and ${plural(this.unmappable.length - 5, 'more neuron')}` : '';
      const n = this.unmappable.length;
      this.notes.push(
        `${plural(n, 'neuron')} cannot be written as izhikevichCell (conductance synapses, or a 2004 equation variant) and ${n === 1 ? 'has' : 'have'} no exact izhikevich2007Cell form, ` +
          `so ${n === 1 ? 'it is' : 'they are'} left out with ${n === 1 ? 'its' : 'their'} synapses and inputs: ${shown}${more}.`,
      );
    }
    if (this.initialUDiffers > 0) {
      this.notes.push(
        `izhikevich2007Cell starts with u = 0, which for the mapped 2003 cells is u = b·(vr − vb); ${plural(this.initialUDiffers, 'neuron')} ${this.initialUDiffers === 1 ? 'starts' : 'start'} with another u in the lab, so the first few ms differ.`,
      );
    }
    if (populations.length === 0) {
      this.notes.push('No neuron could be written, so no NeuroML network was exported.');
      return { files: [], notes: this.notes };
    }

    const networkId = this.top.claim(`${base}_network`);
    const projections = this.projections(synapseIds);
    const inputs = this.inputs(synapseIds);
    this.simulationNotes();

    const doc = new XmlWriter();
    doc.element('neuroml', [['xmlns', NEUROML_NS], ['xmlns:xsi', 'http://www.w3.org/2001/XMLSchema-instance'], ['xsi:schemaLocation', SCHEMA_LOCATION], ['id', base]], () => {
      doc.text('notes', this.documentNotes());
      // The schema's order: synapses (alphaSynapse, expOneSynapse, expTwoSynapse), cells, inputs, network.
      for (const element of ['alphaSynapse', 'expOneSynapse', 'expTwoSynapse'] as const) {
        for (const type of experiment.synapseTypes) {
          if (!expressible(type) || SYNAPSE_ELEMENTS[type.kind] !== element) continue;
          doc.empty(element, synapseAttributes(type, synapseIds.get(type.id) ?? nmlId(type.id)));
        }
      }
      for (const element of ['izhikevichCell', 'izhikevich2007Cell'] as const) {
        for (const { id, cell } of cellComponents) if (cell.element === element) doc.empty(element, cellAttributes(id, cell));
      }
      const components = [...inputs.components, ...this.sourceComponents];
      for (const element of INPUT_ELEMENTS) for (const component of components) if (component.element === element) component.write(doc);
      doc.element('network', [['id', networkId]], () => {
        doc.empty('property', [['tag', 'recommended_dt_ms'], ['value', formatNumber(compiled.dt)]]);
        doc.empty('property', [['tag', 'recommended_duration_ms'], ['value', formatNumber(experiment.simulation.duration)]]);
        doc.empty('property', [['tag', LAB_EXPERIMENT_TAG], ['value', this.experimentMetadata()]]);
        for (const p of populations) {
          const attrs: Attributes = [['id', p.id], ['component', p.component], ['size', p.size], ['type', 'population']];
          const properties: Attributes[] = [];
          if (p.labNeuron !== undefined) properties.push([['tag', LAB_NEURON_TAG], ['value', p.labNeuron]]);
          if (p.labGroup !== undefined) properties.push([['tag', LAB_GROUP_TAG], ['value', p.labGroup]]);
          if (properties.length === 0) doc.empty('population', attrs);
          else doc.element('population', attrs, () => properties.forEach((property) => doc.empty('property', property)));
        }
        for (const projection of projections) projection.write(doc);
        for (const list of inputs.lists) list.write(doc);
      });
    });

    const netFile = `${base}.net.nml`;
    return {
      files: [
        { path: netFile, text: doc.toString() },
        { path: `LEMS_${base}.xml`, text: this.lems(base, netFile, networkId) },
      ],
      notes: [...new Set(this.notes)],
    };
  }

  /** The lab's name, description and the run settings NeuroML cannot say, for LAB_EXPERIMENT_TAG. */
  private experimentMetadata(): string {
    const { name, description, simulation } = this.experiment;
    const { scheme, randomDraws, seed, stopAtEnd } = simulation;
    return JSON.stringify({ name, description, simulation: { scheme, randomDraws, seed, stopAtEnd } });
  }

  /** The spec of a lab neuron or population as JSON, for LAB_GROUP_TAG. */
  private groupSpec(group: NeuronGroup): string | undefined {
    const spec = group.population ? this.experiment.populations.find((p) => p.id === group.id) : this.experiment.neurons.find((n) => n.id === group.id);
    return spec === undefined ? undefined : sortedJson(spec);
  }

  /** One population for a group whose neurons are all the same cell, else one per neuron. */
  private layOut(group: NeuronGroup, cellComponents: { id: string; cell: Cell }[], populations: Population[]): void {
    const groupId = nmlId(group.id);
    const source = this.sourceGroups.get(group.id);
    if (source !== undefined) {
      // Named after the input, so the import gives the input back its id (and so its draws).
      const component = this.top.claim(nmlId(source.id));
      const { element, attributes } = spikeSourceElement(component, source);
      this.sourceComponents.push({ id: component, element, write: (doc) => doc.empty(element, attributes) });
      this.sourcePopulations.add(groupId);
      populations.push({ id: groupId, component, size: group.size });
      for (let k = 0; k < group.size; k++) this.place[group.start + k] = { population: groupId, index: k };
      this.notes.push(`Input ${source.id} (${describeSpikeSource(source)}) is written as ${element} population ${groupId}; its spikes are drawn by the simulator that runs the file, so they (and the spikes they cause) are not the lab's.`);
      return;
    }
    const labGroup = this.groupSpec(group);
    const cells = this.cellsPerNeuron.slice(group.start, group.start + group.size);
    const first = cells[0];
    const uniform = first !== null && cells.every((cell) => cell !== null && sameCell(cell, first));
    if (uniform) {
      const component = this.top.claim(`${groupId}_cell`);
      cellComponents.push({ id: component, cell: first });
      populations.push({ id: groupId, component, size: group.size, labGroup });
      for (let k = 0; k < group.size; k++) this.place[group.start + k] = { population: groupId, index: k };
      return;
    }
    let written = 0;
    for (const [k, cell] of cells.entries()) {
      if (cell === null) continue;
      const component = this.top.claim(`${groupId}_${k}_cell`);
      const population = this.net.claim(`${groupId}_${k}`);
      cellComponents.push({ id: component, cell });
      populations.push({ id: population, component, size: 1, labNeuron: group.population ? `${group.id}[${k}]` : undefined, labGroup: written === 0 ? labGroup : undefined });
      this.place[group.start + k] = { population, index: 0 };
      written++;
    }
    if (written > 0 && group.population) {
      this.notes.push(
        `Population ${group.id}: its neurons have different (drawn) parameters, and a NeuroML population has one cell type, so each of its ${plural(written, 'neuron')} is a population of one (${groupId}_0 …), with the parameters the lab drew.`,
      );
    }
  }

  private projections(synapseIds: Map<string, string>): { write(doc: XmlWriter): void }[] {
    const { compiled, experiment } = this;
    const { rowStart, post, weight, delaySteps, type } = compiled.synapses;
    const types = experiment.synapseTypes;
    const dropped = new Map<number, number>();
    const byKey = new Map<string, { pre: string; post: string; synapse: string; preIndex: number[]; postIndex: number[]; weight: number[]; steps: number[] }>();
    let written = 0;
    let lostWithCells = 0;
    for (let i = 0; i < compiled.neuronCount; i++) {
      for (let s = rowStart[i]; s < rowStart[i + 1]; s++) {
        const t = type[s];
        const synapse = synapseIds.get(types[t].id);
        if (synapse === undefined) {
          dropped.set(t, (dropped.get(t) ?? 0) + 1);
          continue;
        }
        const from = this.place[i];
        const to = this.place[post[s]];
        if (from === null || to === null) {
          lostWithCells++;
          continue;
        }
        const key = `${from.population} ${to.population} ${synapse}`;
        let projection = byKey.get(key);
        if (projection === undefined) {
          projection = { pre: from.population, post: to.population, synapse, preIndex: [], postIndex: [], weight: [], steps: [] };
          byKey.set(key, projection);
        }
        projection.preIndex.push(from.index);
        projection.postIndex.push(to.index);
        projection.weight.push(weight[s]);
        projection.steps.push(delaySteps[s]);
        written++;
      }
    }
    for (const [t, count] of dropped) this.notes.push(droppedSynapseNote(types[t], count));
    for (const t of types) {
      if (synapseIds.has(t.id) && plasticityOf(t) !== undefined) this.notes.push(`Synapse type ${t.id}: its STDP is left out (NeuroML 2's core has no pair-based STDP), so its synapses keep the weights they start with.`);
    }
    if (lostWithCells > 0) this.notes.push(`${plural(lostWithCells, 'synapse')} to or from the neurons left out ${isAre(lostWithCells)} left out too.`);
    if (written > MAX_EXPORTED_SYNAPSES) {
      this.notes.push(
        `The network has ${plural(written, 'conductance synapse')}, more than the ${MAX_EXPORTED_SYNAPSES.toLocaleString('en-US')} this export writes: the projections are left out (export a smaller size of the network).`,
      );
      return [];
    }
    return [...byKey.values()].map((p) => ({
      write: (doc: XmlWriter) => {
        const id = this.net.claim(`${p.pre}_${p.post}_${p.synapse}`);
        doc.element('projection', [['id', id], ['presynapticPopulation', p.pre], ['postsynapticPopulation', p.post], ['synapse', p.synapse]], () => {
          for (let k = 0; k < p.weight.length; k++) {
            doc.empty('connectionWD', [
              ['id', k],
              ['preCellId', `../${p.pre}[${p.preIndex[k]}]`],
              ['postCellId', `../${p.post}[${p.postIndex[k]}]`],
              ['weight', formatNumber(p.weight[k])],
              ['delay', formatQuantity(p.steps[k] / this.stepsPerMs, 'time')],
            ]);
          }
        });
      },
    }));
  }

  private inputs(synapseIds: Map<string, string>): { components: InputComponent[]; lists: { write(doc: XmlWriter): void }[] } {
    const components: InputComponent[] = [];
    const lists: { write(doc: XmlWriter): void }[] = [];
    const types = this.experiment.synapseTypes;
    for (const [k, compiledInput] of this.compiled.inputs.entries()) {
      const input = this.experiment.inputs[k];
      const component = this.inputComponent(input, synapseIds, types);
      if (component === null) continue;
      components.push(component);
      // Targets grouped by the NeuroML population they are in, in the lab's order.
      const byPopulation = new Map<string, number[]>();
      let lost = 0;
      for (const target of compiledInput.targets) {
        const at = this.place[target];
        if (at === null) {
          lost++;
          continue;
        }
        const list = byPopulation.get(at.population) ?? [];
        list.push(at.index);
        byPopulation.set(at.population, list);
      }
      if (lost > 0) this.notes.push(`Input ${input.id}: its ${plural(lost, 'target')} among the neurons left out ${isAre(lost)} left out.`);
      const weight = input.kind === 'poisson' ? input.weight : 1;
      for (const [population, indices] of byPopulation) {
        lists.push({
          write: (doc) => {
            const id = this.net.claim(byPopulation.size === 1 ? component.id : `${component.id}_${population}`);
            doc.element('inputList', [['id', id], ['population', population], ['component', component.id]], () => {
              for (const [n, index] of indices.entries()) {
                const attrs: Attributes = [['id', n], ['target', `../${population}[${index}]`], ['destination', DESTINATION]];
                if (weight === 1) doc.empty('input', attrs);
                else doc.empty('inputW', [...attrs, ['weight', formatNumber(weight)]]);
              }
            });
          },
        });
      }
    }
    return { components, lists };
  }

  private inputComponent(input: InputSpec, synapseIds: Map<string, string>, types: readonly SynapseTypeSpec[]): InputComponent | null {
    const { duration } = this.experiment.simulation;
    const dl = this.dl;
    switch (input.kind) {
      case 'constant':
        return pulseComponent(this.top.claim(nmlId(input.id)), dl, [{ start: 0, length: duration, amplitude: input.amplitude, slope: undefined }]);
      case 'pulse': {
        const length = input.duration ?? input.period ?? Math.max(0, duration - input.start);
        const starts: number[] = [];
        if (input.period === undefined) starts.push(input.start);
        else for (let m = 0; input.start + m * input.period < duration && m < MAX_TRAIN_PULSES; m++) starts.push(input.start + m * input.period);
        if (input.period !== undefined && input.start + MAX_TRAIN_PULSES * input.period < duration) {
          this.notes.push(`Input ${input.id}: a train of more than ${MAX_TRAIN_PULSES.toLocaleString('en-US')} pulses is cut after the first ${MAX_TRAIN_PULSES.toLocaleString('en-US')}.`);
        }
        if (starts.length === 0) starts.push(input.start);
        return pulseComponent(this.top.claim(nmlId(input.id)), dl, starts.map((start) => ({ start, length, amplitude: input.amplitude, slope: input.slope })));
      }
      case 'poisson': {
        const synapse = synapseIds.get(input.synapse);
        const type = types.find((t) => t.id === input.synapse);
        if (synapse === undefined || type === undefined) {
          this.notes.push(`Input ${input.id}: Poisson spikes through synapse type ${input.synapse}, which NeuroML cannot express, are left out.`);
          return null;
        }
        const id = this.top.claim(nmlId(input.id));
        this.notes.push(`Input ${input.id}: Poisson spikes are drawn by the simulator that runs the file, so they (and the spikes they cause) are not the lab's.`);
        if (input.start !== undefined || input.duration !== undefined) {
          const start = input.start ?? 0;
          const length = input.duration ?? Math.max(duration - start, this.compiled.dt);
          return {
            id,
            element: 'transientPoissonFiringSynapse',
            write: (doc) => doc.empty('transientPoissonFiringSynapse', [
              ['id', id], ['averageRate', `${formatNumber(input.rate)}Hz`], ['delay', formatQuantity(start, 'time')], ['duration', formatQuantity(length, 'time')],
              ['synapse', synapse], ['spikeTarget', `./${synapse}`],
            ]),
          };
        }
        return {
          id,
          element: 'poissonFiringSynapse',
          write: (doc) => doc.empty('poissonFiringSynapse', [['id', id], ['averageRate', `${formatNumber(input.rate)}Hz`], ['synapse', synapse], ['spikeTarget', `./${synapse}`]]),
        };
      }
      case 'sine': {
        const id = this.top.claim(nmlId(input.id));
        const element = dl ? 'sineGeneratorDL' : 'sineGenerator';
        const length = input.duration ?? Math.max(duration - input.start, this.compiled.dt);
        return {
          id,
          element,
          write: (doc) => doc.empty(element, [
            ['id', id], ['delay', formatQuantity(input.start, 'time')], ['phase', formatNumber(input.phase)], ['duration', formatQuantity(length, 'time')],
            ['amplitude', dl ? formatNumber(input.amplitude) : formatQuantity(input.amplitude, 'current')], ['period', formatQuantity(input.period, 'time')],
          ]),
        };
      }
      case 'noise':
        this.notes.push(`Input ${input.id}: Gaussian noise current (mean ${input.mean}, sd ${input.sd}) has no NeuroML 2 equivalent; it is left out.`);
        return null;
      case 'recorded':
        this.notes.push(`Input ${input.id}: a recorded current (${plural(input.values.length, 'value')}) has no NeuroML 2 equivalent; it is left out.`);
        return null;
      case 'spikeSource':
        // Written as its population (layOut) when it drives relay cells alone.
        if (this.sourceGroups.get(input.target) !== input) {
          this.notes.push(`Input ${input.id} (${describeSpikeSource(input)}): NeuroML writes a random spike source as a population of its own, and ${input.target} is not a whole group of relay cells driven by this input alone; it is left out.`);
        }
        return null;
    }
  }

  private simulationNotes(): void {
    const { simulation, recording } = this.experiment;
    const scheme = simulation.scheme === 'izhikevich2003' ? 'v in two half-steps (the 2003 paper\'s scheme)' : 'forward Euler, u from the new v';
    this.notes.push(`The lab steps ${scheme}; jLEMS steps v and u together by forward Euler and NEURON by its own method, so spike times can differ: by a step or so, more where a neuron lingers near threshold.`);
    const others = recording.variables.filter((v) => v !== 'v');
    if (others.length > 0) this.notes.push(`The LEMS file records v of the watched neurons; the lab's other traces (${others.join(', ')}) are not recorded there.`);
  }

  private documentNotes(): string {
    const { experiment } = this;
    const lines = [`Exported from Spiking Lab: ${experiment.name}.`];
    if (experiment.description) lines.push(experiment.description);
    lines.push(this.dl ? 'Cells: izhikevichCell (dimensionless), driven by dimensionless inputs.' : 'Cells: izhikevich2007Cell (2003 cells through the exact mapping C = 1 pF, k = 0.04 nS/mV).');
    return lines.join('\n');
  }

  private lems(base: string, netFile: string, networkId: string): string {
    const { experiment, compiled } = this;
    const simId = `sim_${base}`;
    const lems = new XmlWriter();
    lems.element('Lems', [], () => {
      lems.empty('Target', [['component', simId]]);
      for (const file of ['Cells.xml', 'Networks.xml', 'Simulation.xml', netFile]) lems.empty('Include', [['file', file]]);
      const attrs: Attributes = [
        ['id', simId],
        ['length', formatQuantity(experiment.simulation.duration, 'time')],
        ['step', formatQuantity(compiled.dt, 'time')],
        ['target', networkId],
        ['seed', experiment.simulation.seed],
      ];
      lems.element('Simulation', attrs, () => {
        const watched = experiment.recording.variables.includes('v')
          ? experiment.recording.watch.flatMap((ref) => {
              const i = compiled.indexOf.get(ref);
              const at = i === undefined ? null : this.place[i];
              // A spike source has no v.
              return at === null || this.sourcePopulations.has(at.population) ? [] : [at];
            })
          : [];
        if (watched.length > 0) {
          lems.element('OutputFile', [['id', 'traces'], ['fileName', `${base}.v.dat`]], () => {
            for (const at of watched) lems.empty('OutputColumn', [['id', `${at.population}_${at.index}_v`], ['quantity', `${at.population}[${at.index}]/v`]]);
          });
        }
        lems.comment("EventSelection ids are the lab's neuron numbers (0 = the first neuron of the experiment)");
        lems.element('EventOutputFile', [['id', 'spikes'], ['fileName', `${base}.spikes`], ['format', 'ID_TIME']], () => {
          for (let i = 0; i < compiled.neuronCount; i++) {
            const at = this.place[i];
            if (at !== null) lems.empty('EventSelection', [['id', i], ['select', `${at.population}[${at.index}]`], ['eventPort', 'spike']]);
          }
        });
      });
    });
    return lems.toString();
  }
}

/** JSON with every object's keys in order: the same text for the same spec, however it was read or made. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v));
}

/** The schema's order of the input elements the export writes. */
const INPUT_ELEMENTS = [
  'pulseGenerator', 'pulseGeneratorDL', 'sineGenerator', 'sineGeneratorDL', 'rampGenerator', 'rampGeneratorDL', 'compoundInput', 'compoundInputDL',
  'spikeGeneratorRandom', 'spikeGeneratorPoisson', 'spikeGeneratorRefPoisson', 'poissonFiringSynapse', 'transientPoissonFiringSynapse',
] as const;

interface InputComponent {
  id: string;
  element: (typeof INPUT_ELEMENTS)[number];
  write(doc: XmlWriter): void;
}

interface Segment {
  start: number;
  length: number;
  amplitude: number;
  /** pA/ms for a ramp. */
  slope: number | undefined;
}

/** A current step or ramp, or a train of them as one compound input. Dimensionless for izhikevichCell. */
function pulseComponent(id: string, dl: boolean, segments: Segment[]): InputComponent {
  const amplitude = (value: number) => (dl ? formatNumber(value) : formatQuantity(value, 'current'));
  const suffix = dl ? 'DL' : '';
  const writeSegment = (doc: XmlWriter, segmentId: string, s: Segment) => {
    const timing: Attributes = [['id', segmentId], ['delay', formatQuantity(s.start, 'time')], ['duration', formatQuantity(s.length, 'time')]];
    if (s.slope === undefined) doc.empty(`pulseGenerator${suffix}`, [...timing, ['amplitude', amplitude(s.amplitude)]]);
    else {
      doc.empty(`rampGenerator${suffix}`, [
        ...timing,
        ['startAmplitude', amplitude(s.amplitude)],
        ['finishAmplitude', amplitude(s.amplitude + s.slope * s.length)],
        ['baselineAmplitude', amplitude(0)],
      ]);
    }
  };
  const ramp = segments[0].slope !== undefined;
  if (segments.length === 1) {
    return { id, element: ramp ? (dl ? 'rampGeneratorDL' : 'rampGenerator') : dl ? 'pulseGeneratorDL' : 'pulseGenerator', write: (doc) => writeSegment(doc, id, segments[0]) };
  }
  return {
    id,
    element: dl ? 'compoundInputDL' : 'compoundInput',
    write: (doc) => doc.element(`compoundInput${suffix}`, [['id', id]], () => segments.forEach((s, m) => writeSegment(doc, `${id}_${m}`, s))),
  };
}

function synapseAttributes(type: ExpressibleSynapse, id: string): Attributes {
  const common: Attributes = [['id', id], ['gbase', formatQuantity(type.gbase, 'conductance')], ['erev', formatQuantity(type.erev, 'voltage')]];
  switch (type.kind) {
    case 'expConductance':
      return [...common, ['tauDecay', formatQuantity(type.tau, 'time')]];
    case 'alphaConductance':
      return [...common, ['tau', formatQuantity(type.tau, 'time')]];
    case 'expTwoConductance':
      return [...common, ['tauDecay', formatQuantity(type.tauDecay, 'time')], ['tauRise', formatQuantity(type.tauRise, 'time')]];
  }
}

function droppedSynapseNote(type: SynapseTypeSpec, count: number): string {
  const synapses = `${count === 1 ? 'its synapse' : `its ${plural(count, 'synapse')}`} ${isAre(count)}`;
  switch (type.kind) {
    case 'current':
      return `Synapse type ${type.id} is the 2003 paper's current synapse (the weight added to the input current for ${type.pulse ?? 1} ms), which NeuroML 2 cannot express: ${synapses} left out.`;
    case 'writeup':
      return `Synapse type ${type.id} is the write-up's synapse (±g·|v_pre − v_post|), which depends on the presynaptic voltage and has no NeuroML 2 equivalent: ${synapses} left out.`;
    default:
      return `Synapse type ${type.id} (${type.kind}) has no NeuroML 2 equivalent: ${synapses} left out.`;
  }
}
