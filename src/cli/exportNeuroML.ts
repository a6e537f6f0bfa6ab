import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportNeuroML } from '../core/neuroml/export.ts';
import type { Experiment } from '../core/experiment/types.ts';
import type { CliOutput } from './sim.ts';

/**
 * `--neuroml <folder>`: writes <name>.net.nml and LEMS_<name>.xml into the folder (made if missing)
 * and prints on stderr what NeuroML cannot express. Returns the exit code.
 */
export function writeNeuroMLFolder(experiment: Experiment, folder: string, io: CliOutput): number {
  const { files, notes } = exportNeuroML(experiment);
  for (const note of notes) io.stderr(`note: ${note}`);
  if (files.length === 0) {
    io.stderr(`nothing written to ${folder}: no part of the network can be written as NeuroML`);
    return 1;
  }
  try {
    mkdirSync(folder, { recursive: true });
    for (const file of files) writeFileSync(join(folder, file.path), file.text);
  } catch (e) {
    io.stderr(`cannot write to ${folder}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  io.stderr(`${experiment.name}: NeuroML 2 -> ${files.map((f) => join(folder, f.path)).join(', ')}`);
  return 0;
}
