import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CompileError } from '../core/engine/network.ts';
import type { Budget } from '../core/experiment/budget.ts';
import type { Experiment } from '../core/experiment/types.ts';
import { exportNeuronFolder } from '../core/neuron/exportNeuron.ts';

export const NEURON_USAGE = '--neuron <folder>   writes the experiment as a folder NEURON runs (README.md, run.py, mechanisms/, data)';

/**
 * `--neuron <folder>`: writes the export into the folder (created when missing; files of the same name are
 * replaced). Returns the exit code; messages go to `log`.
 */
export function exportNeuronCommand(experiment: Experiment, folder: string, log: (line: string) => void, budget?: Budget): number {
  let exported;
  try {
    exported = exportNeuronFolder(experiment, { budget });
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    log(`cannot export: ${e.message}`);
    return 1;
  }
  try {
    for (const file of exported.files) {
      const path = join(folder, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.text);
    }
  } catch (e) {
    log(`cannot write ${folder}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  log(`${experiment.name} -> ${folder} (${exported.files.length} files). In it: nrnivmodl mechanisms, then mpiexec -n 2 python3 run.py (see its README.md)`);
  for (const note of exported.notes) log(`note: ${note}`);
  return 0;
}
