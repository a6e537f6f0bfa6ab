/**
 * Reading back the lab's own groups from a file the lab wrote. The export writes every neuron's cell
 * in full (a drawn population as populations of one, each with its own cell), which is what other
 * simulators need, and tags the group's first NeuroML population with the lab's spec (LAB_GROUP_TAG).
 * The import takes that spec only when it is a valid lab group that, built with the file's seed and
 * written as the export writes it, gives exactly the file's cells, attribute for attribute: a file
 * edited since, or written elsewhere with the tag, is imported as written.
 */
import { compileExperiment } from '../engine/compile.ts';
import { CompileError } from '../engine/network.ts';
import { CURRENT_RANDOM_DRAWS, EXPERIMENT_FORMAT, EXPERIMENT_VERSION, type Experiment, type NeuronSpec, type PopulationSpec } from '../experiment/types.ts';
import { validateExperiment } from '../experiment/validate.ts';
import { cellAttributes, labCells, nmlCellOf } from './labCells.ts';
import { childElements, tagOf, type XmlElement } from './xml.ts';

/**
 * On a population of one that stands for a neuron of a lab population (drawn parameters), the lab's
 * name of that neuron, e.g. "E[3]": what an importer needs to rebuild the population.
 */
export const LAB_NEURON_TAG = 'spikingLab_neuron';
/**
 * On the (first) NeuroML population of each lab neuron or population, the lab's spec of it as JSON
 * (a population's distributions, label, role, position): with the cells written out in full for other
 * simulators, the lab reads its own group back when the spec gives exactly those cells (labGroups.ts).
 */
export const LAB_GROUP_TAG = 'spikingLab_group';
/** On the network: the lab's name, description and run settings NeuroML has no word for (the scheme, the draws). */
export const LAB_EXPERIMENT_TAG = 'spikingLab_experiment';

/** The value of the `<property tag>` child of `el`, or null. */
export function propertyOf(el: XmlElement, tag: string): string | null {
  for (const child of childElements(el)) if (tagOf(child) === 'property' && child.getAttribute('tag') === tag) return child.getAttribute('value');
  return null;
}

export type LabGroup = { kind: 'neuron'; spec: NeuronSpec } | { kind: 'population'; spec: PopulationSpec };

/** An experiment holding these groups alone, run with `seed`. */
function alone(neurons: NeuronSpec[], populations: PopulationSpec[], seed: number): Experiment {
  return {
    format: EXPERIMENT_FORMAT, version: EXPERIMENT_VERSION, name: 'group',
    simulation: { dt: 1, scheme: 'euler', duration: 1, seed, randomDraws: CURRENT_RANDOM_DRAWS },
    neurons, populations, synapseTypes: [], connections: [], projections: [], inputs: [],
    recording: { watch: [], variables: ['v'] },
  };
}

/** The lab group a LAB_GROUP_TAG's text names, checked by the lab's one validator; or why not. */
export function readLabGroup(json: string, seed: number): { ok: true; group: LabGroup } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'it is not JSON' };
  }
  const population = typeof value === 'object' && value !== null && 'size' in value;
  const checked = validateExperiment({ ...alone([], [], seed), [population ? 'populations' : 'neurons']: [value] });
  if (!checked.ok) return { ok: false, reason: checked.errors.slice(0, 3).join('; ') };
  const { neurons, populations } = checked.experiment;
  return population ? { ok: true, group: { kind: 'population', spec: populations[0] } } : { ok: true, group: { kind: 'neuron', spec: neurons[0] } };
}

/**
 * Whether `group`, built with `seed`, gives exactly the cells `written` (the file's cell component of
 * each of its neurons, in order), as the export would write them: null when it does, else why not.
 */
export function groupMismatch(group: LabGroup, seed: number, written: readonly XmlElement[]): string | null {
  const experiment = group.kind === 'population' ? alone([], [group.spec], seed) : alone([group.spec], [], seed);
  let compiled;
  try {
    compiled = compileExperiment(experiment);
  } catch (error) {
    if (error instanceof CompileError) return error.message;
    throw error;
  }
  const cells = labCells(experiment, compiled);
  if (cells.length !== written.length) return `it has ${cells.length} neurons, the file ${written.length}`;
  for (const [k, cell] of cells.entries()) {
    const el = written[k];
    const expected = nmlCellOf(cell, tagOf(el) === 'izhikevichCell');
    if (!expected.ok) return expected.reason;
    if (expected.cell.element !== tagOf(el)) return `neuron ${k} would be an ${expected.cell.element}, the file has an ${tagOf(el)}`;
    for (const [name, value] of cellAttributes('', expected.cell)) {
      if (name !== 'id' && el.getAttribute(name)?.trim() !== String(value)) return `neuron ${k}: ${name} would be ${value}, the file has ${el.getAttribute(name) ?? 'none'}`;
    }
  }
  return null;
}
