import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseExperimentJson } from '../core/experiment/validate.ts';
import type { Experiment } from '../core/experiment/types.ts';
import { writeNeuroMLFolder } from './exportNeuroML.ts';
import type { CliOutput } from './sim.ts';

/** Each format: its flag, what it writes, and the function that writes it into a folder. */
const FORMATS: Record<string, { writes: string; write: (experiment: Experiment, folder: string, io: CliOutput) => number }> = {
  '--neuroml': { writes: 'a NeuroML 2 network (<name>.net.nml) and a LEMS file that runs it (LEMS_<name>.xml)', write: writeNeuroMLFolder },
};

const USAGE = `usage: npm run export -- <experiment.json> ${Object.keys(FORMATS).map((flag) => `[${flag} <folder>]`).join(' ')}

Writes the experiment for other simulators, one folder per format:
${Object.entries(FORMATS).map(([flag, f]) => `  ${flag}: ${f.writes}`).join('\n')}
What a format cannot express is printed on stderr.`;

const processOutput: CliOutput = { stdout: (text) => process.stdout.write(text), stderr: (line) => console.error(line) };

/** `npm run export -- <args>`; returns the exit code. */
export function main(argv: string[], io: CliOutput = processOutput): number {
  let file: string | undefined;
  const targets: [flag: string, folder: string][] = [];
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    if (arg === '--help' || arg === '-h') {
      io.stderr(USAGE);
      return 0;
    }
    if (arg in FORMATS) {
      const folder = argv[++k];
      if (folder === undefined || folder.startsWith('--')) {
        io.stderr(`${arg} needs a folder\n${USAGE}`);
        return 2;
      }
      targets.push([arg, folder]);
    } else if (arg.startsWith('--')) {
      io.stderr(`unknown option ${arg}\n${USAGE}`);
      return 2;
    } else if (file === undefined) file = arg;
    else {
      io.stderr(`unexpected argument "${arg}"\n${USAGE}`);
      return 2;
    }
  }
  if (file === undefined || targets.length === 0) {
    io.stderr(USAGE);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    io.stderr(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  const parsed = parseExperimentJson(text);
  if (!parsed.ok) {
    io.stderr(`${file} is not a valid experiment:\n  ${parsed.errors.join('\n  ')}`);
    return 1;
  }
  let status = 0;
  for (const [flag, folder] of targets) status = Math.max(status, FORMATS[flag].write(parsed.experiment, folder, io));
  return status;
}

// Run when started as a program (npm run export), not when a test imports main.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
