import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Budget } from '../core/experiment/budget.ts';
import { importNeuroML, includedFiles, type ImportResult, type SourceFile } from '../core/neuroml/import.ts';

/**
 * A NeuroML 2 document or a LEMS file for `npm run sim`: the files it includes are read from beside
 * it (a LEMS file names the network document it runs), then imported. Files it names but that cannot
 * be read are left out, and the import says what that skipped.
 */
export function importNeuroMLFile(path: string, text: string, budget: Budget): ImportResult {
  const includes: SourceFile[] = [];
  const pending = includedFiles(text).map((file) => resolve(dirname(path), file));
  const seen = new Set<string>([resolve(path)]);
  // Includes of includes too (a network that includes its cells), each file once.
  while (pending.length > 0) {
    const next = pending.shift() ?? '';
    if (seen.has(next)) continue;
    seen.add(next);
    let included: string;
    try {
      included = readFileSync(next, 'utf8');
    } catch {
      continue;
    }
    includes.push({ text: included, fileName: next });
    pending.push(...includedFiles(included).map((file) => resolve(dirname(next), file)));
  }
  return importNeuroML(text, path, { includes, budget });
}
