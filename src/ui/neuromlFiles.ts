/**
 * Opening NeuroML 2 files in the page: the pure part (which of the files given is the main one, the
 * import, the messages), testable in Node. The experiment it gives is loaded like an opened JSON file.
 */
import type { Experiment } from '../core/experiment/types.ts';
import { importNeuroML, looksLikeXml, type SourceFile } from '../core/neuroml/import.ts';
import { decodeTextFile, errorMessage, readExperimentFile, type Outcome } from './files.ts';

export interface OpenedFiles {
  experiment: Experiment;
  /** What the NeuroML import left out (empty for an experiment file). */
  skipped: string[];
  /** The file names, as the notice names them. */
  names: string;
}

const NEUROML_WHAT = 'a NeuroML 2 document (.nml) or a LEMS file';

/** Whether a file is NeuroML or LEMS by its name (the content decides when the name does not). */
export const isNeuroMLName = (name: string): boolean => /\.(nml|xml)$/i.test(name);

/**
 * The experiment in the files picked or dropped together: one experiment JSON, or NeuroML files (a
 * network document with its LEMS simulation file and the files they include). A LEMS file, when
 * there is one, is the main file: it names the network it runs.
 */
export function readOpenedFiles(files: readonly { bytes: Uint8Array; name: string }[]): Outcome<OpenedFiles> {
  if (files.length === 0) return { ok: false, message: 'No file to open.' };
  const names = files.map((f) => f.name).join(', ');
  // One file that neither is named nor starts like XML is an experiment, read as it always was.
  if (files.length === 1 && !isNeuroMLName(files[0].name) && !looksLikeXml(new TextDecoder().decode(files[0].bytes.subarray(0, 1024)))) {
    const read = readExperimentFile(files[0].bytes, files[0].name);
    return read.ok ? { ok: true, value: { experiment: read.value, skipped: [], names } } : read;
  }
  const sources: SourceFile[] = [];
  for (const file of files) {
    const text = decodeTextFile(file.bytes, file.name, NEUROML_WHAT);
    if (!text.ok) return text;
    sources.push({ text: text.value, fileName: file.name });
  }
  const lemsIndex = sources.findIndex((s) => /<Lems[\s>]/.test(s.text));
  const mainIndex = lemsIndex >= 0 ? lemsIndex : Math.max(0, sources.findIndex((s) => /<network[\s>]/.test(s.text)));
  const main = sources[mainIndex];
  const result = importNeuroML(main.text, main.fileName, { includes: sources.filter((_, k) => k !== mainIndex) });
  if (!result.ok) {
    const [headline, ...details] = result.message.split('\n');
    return { ok: false, message: errorMessage(`Could not open ${names}: ${headline}`, details) };
  }
  return { ok: true, value: { experiment: result.experiment, skipped: result.skipped, names } };
}
