/**
 * "Run on NEURON": the experiment as NEURON's folder (exportNeuronFolder) packed into one .zip for a
 * download, with what the dialog shows beside it: the notes and the README's commands.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { exportNeuronFolder } from '../../core/neuron/exportNeuron.ts';
import type { Experiment } from '../../core/experiment/types.ts';
import { kebabName } from '../files.ts';

export interface NeuronFolder {
  /** `<experiment>-neuron`: the folder the zip holds, and the zip's name without `.zip`. */
  folder: string;
  files: { path: string; text: string }[];
  /** What NEURON cannot express as the lab does (from the export). */
  notes: string[];
  /** The commands that build the mechanisms and run the script, as the folder's README gives them. */
  commands: string[];
}

export function neuronFolder(experiment: Experiment, processes: number): NeuronFolder {
  const exported = exportNeuronFolder(experiment, { processes });
  const readme = exported.files.find((f) => f.path === 'README.md')?.text ?? '';
  return { folder: `${kebabName(experiment.name)}-neuron`, files: exported.files, notes: exported.notes, commands: firstCodeBlock(readme) };
}

/** The folder as one .zip (its files under `<folder>/`). */
export function zipFolder(folder: NeuronFolder): Uint8Array {
  const entries: Zippable = {};
  for (const file of folder.files) entries[`${folder.folder}/${file.path}`] = strToU8(file.text);
  return zipSync(entries, { level: 6 });
}

/** The lines of the first fenced code block of a Markdown text (the README's "Run it" commands). */
export function firstCodeBlock(markdown: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith('```'));
  if (start < 0) return [];
  const end = lines.findIndex((l, k) => k > start && l.startsWith('```'));
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((l) => l.trim() !== '');
}
