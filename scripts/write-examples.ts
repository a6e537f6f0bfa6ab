/**
 * Writes the shipped experiment files from their definitions in src/core/experiment (the gallery into
 * public/experiments/, the 20 firing patterns into public/patterns/) and the complete example in
 * docs/experiment-format.md. Unit tests check that the files equal the definitions, so run this
 * after changing a definition or the format: `npm run write-examples`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { defaultExperiment } from '../src/core/experiment/examples.ts';
import { GALLERY, galleryFile } from '../src/core/experiment/gallery.ts';
import { PATTERNS } from '../src/core/experiment/patterns.ts';
import { serializeExperiment } from '../src/core/experiment/validate.ts';

const root = new URL('../', import.meta.url);
for (const entry of GALLERY) writeFileSync(new URL(`public/experiments/${galleryFile(entry.id)}`, root), serializeExperiment(entry.make()));
for (const pattern of PATTERNS) writeFileSync(new URL(`public/patterns/${pattern.id}.json`, root), serializeExperiment(pattern.make()));

const doc = new URL('docs/experiment-format.md', root);
const text = readFileSync(doc, 'utf8');
const example = /(## Complete example[\s\S]*?```json\n)([\s\S]*?)(```)/;
if (!example.test(text)) throw new Error('docs/experiment-format.md has no "## Complete example" JSON block');
writeFileSync(doc, text.replace(example, (_, head: string, _old: string, tail: string) => head + serializeExperiment(defaultExperiment()) + tail));
console.log(`wrote ${GALLERY.length} gallery files, ${PATTERNS.length} patterns and the format doc's example`);
