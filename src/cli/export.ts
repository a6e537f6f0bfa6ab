import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DEFAULT_BUDGET, type Budget } from '../core/experiment/budget.ts';
import { parseExperimentJson } from '../core/experiment/validate.ts';
import { exportNeuronCommand, NEURON_USAGE } from './exportNeuron.ts';

const MIB = 2 ** 20;

const USAGE = `usage: npm run export -- <experiment.json> --neuron <folder> [--budget-mib N]

  ${NEURON_USAGE}
  --budget-mib N      the memory the experiment may need, by the lab's estimate (default ${DEFAULT_BUDGET.bytes / MIB} MiB, what
                      fits in a browser tab): raise it to export a network larger than the lab runs`;

/** `npm run export -- <args>`; returns the exit code. */
export function main(argv: string[], log: (line: string) => void = (line) => console.error(line)): number {
  let file: string | undefined;
  let neuron: string | undefined;
  let budget: Budget = DEFAULT_BUDGET;
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    if (arg === '--neuron') {
      neuron = argv[++k];
      if (neuron === undefined) {
        log(`--neuron needs a folder\n${USAGE}`);
        return 2;
      }
    } else if (arg === '--budget-mib') {
      const mib = Number(argv[++k]);
      if (!(mib > 0 && Number.isFinite(mib))) {
        log(`--budget-mib: expected a positive number of MiB, got "${argv[k] ?? ''}"`);
        return 2;
      }
      budget = { bytes: mib * MIB };
    } else if (arg === '--help' || arg === '-h') {
      log(USAGE);
      return 0;
    } else if (arg.startsWith('--')) {
      log(`unknown option ${arg}\n${USAGE}`);
      return 2;
    } else if (file === undefined) {
      file = arg;
    } else {
      log(`unexpected argument "${arg}"\n${USAGE}`);
      return 2;
    }
  }
  if (file === undefined || neuron === undefined) {
    log(USAGE);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    log(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  const parsed = parseExperimentJson(text, budget);
  if (!parsed.ok) {
    log(`${file} is not a valid experiment:\n  ${parsed.errors.join('\n  ')}`);
    return 1;
  }
  return exportNeuronCommand(parsed.experiment, neuron, log, budget);
}

// Run when started as a program (npm run export), not when a test imports main.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
