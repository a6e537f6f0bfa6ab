/**
 * Hand-made hostile inputs (test/fixtures/hostile/files) through the entry points a person's files and
 * links take: each gives its expected message (test/fixtures/hostile/expected.json; an empty message:
 * it loads), never throws, and none gets past the validator or compile to allocate beyond the budget.
 * Inputs too big or too binary to commit (a 50 MB CSV, malformed UTF-8, share links) are made here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { CompileError } from '../src/core/engine/network.ts';
import { defaultExperiment } from '../src/core/experiment/examples.ts';
import type { Experiment } from '../src/core/experiment/types.ts';
import { decodeExperiment, encodeExperiment } from '../src/core/io/shareLink.ts';
import { readExperimentFile, readRecordedCurrentFile } from '../src/ui/files.ts';

const DIR = 'test/fixtures/hostile';
const expected: unknown = JSON.parse(readFileSync(`${DIR}/expected.json`, 'utf8'));
const files = readdirSync(`${DIR}/files`).sort();
const DEFAULT_IDS = ['driver', 'follower', 'pacer'];

function expectedMessage(file: string): string {
  const message = typeof expected === 'object' && expected !== null ? Reflect.get(expected, file) : undefined;
  if (typeof message !== 'string') throw new Error(`test/fixtures/hostile/expected.json has no message for ${file}`);
  return message;
}

/** The message the page shows for `bytes` opened as an experiment file, or '' when it loads. */
function openExperiment(bytes: Uint8Array, name: string): string {
  const result = readExperimentFile(bytes, name);
  return result.ok ? '' : result.message;
}

/** The message for `bytes` read as a recorded current onto the default experiment, or ''. */
function openCurrent(bytes: Uint8Array, name: string): string {
  const result = readRecordedCurrentFile(bytes, name, defaultExperiment(), DEFAULT_IDS);
  return result.ok ? '' : result.message;
}

async function openLink(code: string): Promise<string> {
  const result = await decodeExperiment(code);
  return result.ok ? '' : result.errors.join('\n');
}

/** Deflated and base64url-coded as a share link codes its JSON, whatever the text. */
async function linkOf(text: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const deflated = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (const byte of deflated) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

describe('the hostile corpus', () => {
  it('has an expected message for every file and a file for every message', () => {
    expect(files.length).toBeGreaterThan(30);
    expect(Object.keys(expected ?? {}).sort()).toEqual(files);
  });

  for (const file of files) {
    it(`${file}: ${expectedMessage(file).split('\n')[1] ?? (expectedMessage(file) || 'loads')}`, async () => {
      const bytes = new Uint8Array(readFileSync(`${DIR}/files/${file}`));
      const message = file.endsWith('.csv')
        ? openCurrent(bytes, file)
        : file.endsWith('.txt')
          ? await openLink(new TextDecoder().decode(bytes).trim())
          : openExperiment(bytes, file);
      expect(message).toBe(expectedMessage(file));
    });
  }

  it('leaves compile nothing to allocate: without the validator, each budget or bound case is a clean CompileError', () => {
    const unbuildable = files.filter((f) => /^(all-to-all|probability|out-degree|thirty|current-pulse|watch-64|neurons-1e9|in-degree|delay-(1e|2pow|just)|projection-delay|step-1e)/.test(f));
    expect(unbuildable).toHaveLength(18);
    for (const file of unbuildable) {
      // Deliberately unchecked: this is what a caller that skipped the validator would hand compile.
      const raw = JSON.parse(readFileSync(`${DIR}/files/${file}`, 'utf8')) as Experiment;
      expect(() => compileExperiment(raw), file).toThrow(CompileError);
    }
  });
});

describe('hostile inputs made on the spot', () => {
  it('a 50 MB CSV of 25 million rows is refused by its row count, before the parser holds them', () => {
    const text = `follower\n${'0\n'.repeat(25_000_000)}`;
    const bytes = new TextEncoder().encode(text);
    expect(bytes.length).toBe(50_000_009);
    expect(openCurrent(bytes, 'big.csv')).toBe(
      'Could not read big.csv as a recorded current:\nthe file has 25,000,001 rows, more than the 10,000,000 steps a recorded current may have (plus the header)',
    );
  });

  it('a 50 MB cell is quoted cut short, so the message stays short', () => {
    const bytes = new TextEncoder().encode(`${'<script>'.repeat(6_250_000)}\n1\n`);
    const message = openCurrent(bytes, 'cell.csv');
    expect(message).toBe('Could not read cell.csv as a recorded current:\nrow 1, column 1: unknown neuron "<script><script><script><script><scri..."');
  });

  it('malformed UTF-8 is named as not text, for experiments and CSVs alike', () => {
    const cases: number[][] = [
      [0x7b, 0xff, 0xfe, 0x7d], // bytes that are never UTF-8
      [0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x7d], // an overlong "/"
      [0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d], // a UTF-16 surrogate coded as UTF-8
      [0x7b, 0x22, 0xe2, 0x82], // cut inside a character
    ];
    for (const bytes of cases) {
      expect(openExperiment(Uint8Array.from(bytes), 'bad.json')).toBe('Could not open bad.json: it is not UTF-8 text (is it a binary file?). Expected a JSON experiment.');
      expect(openCurrent(Uint8Array.from(bytes), 'bad.csv')).toBe(
        'Could not open bad.csv: it is not UTF-8 text (is it a binary file?). Expected a CSV file with a header row of neuron ids.',
      );
    }
    expect(openExperiment(Uint8Array.from([0x7b, 0x00, 0x7d]), 'nul.json')).toBe(
      'Could not open nul.json: it contains NUL bytes, so it looks like a binary file. Expected a JSON experiment.',
    );
  });

  it('nesting 100,000 deep gives a message, not a stack overflow', () => {
    const deep = new TextEncoder().encode(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(openExperiment(deep, 'deep.json')).toBe('Could not open deep.json:\nexpected an experiment object, got an array');
    const open = new TextEncoder().encode('['.repeat(100_000));
    expect(openExperiment(open, 'open.json')).toMatch(/^Could not open open\.json:\nJSON syntax error/);
  });

  it('a hundred thousand broken neurons give fifty messages and a count', () => {
    const exp = defaultExperiment();
    const doc = { ...exp, neurons: Array.from({ length: 100_000 }, () => ({})) };
    const message = openExperiment(new TextEncoder().encode(JSON.stringify(doc)), 'many.json');
    const lines = message.split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[1]).toBe('neurons[0].id: missing, expected a string');
    expect(lines[11]).toMatch(/^… and \d{6} more$/);
  });

  it('share links that decode to garbage each get a message', async () => {
    expect(await openLink('%3Cscript%3E')).toBe('the link is damaged: it is not base64url text');
    expect(await openLink('AAAA')).toBe('the link is damaged: its data does not decompress (was it cut short?)');
    expect(await openLink('_____')).toBe('the link is damaged: it is not base64url text');
    expect(await openLink(await linkOf('  \n'))).toBe('the text is empty: expected a JSON experiment');
    expect(await openLink(await linkOf(Uint8Array.from([0xff, 0xfe, 0xfd, 0x80])))).toBe('the link is damaged: its data is not text');
    expect(await openLink(await linkOf('[1,2,3]'))).toBe('expected an experiment object, got an array');
    expect(await openLink(await linkOf('{"format":'))).toBe('JSON syntax error at line 1, column 11: unexpected end of text');
    expect(await openLink(await linkOf('"<img src=x onerror=alert(1)>"'))).toBe('expected an experiment object, got "<img src=x onerror=alert(1)>"');
    const good = await encodeExperiment(defaultExperiment());
    expect(await openLink(good)).toBe('');
    expect(await openLink(good.slice(0, good.length >> 1))).toBe('the link is damaged: its data does not decompress (was it cut short?)');
  });

  it('a 4 KB link with 1,000 inputs on one large population is refused by the budget, naming the inputs', async () => {
    const exp = defaultExperiment();
    exp.populations.push({ id: 'E', size: 200_000, model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 });
    for (let k = 0; k < 1000; k++) exp.inputs.push({ id: `n${k}`, kind: 'noise', target: 'E', mean: 0, sd: 1 });
    const code = await encodeExperiment(exp);
    expect(code.length).toBeLessThan(8000);
    expect(await openLink(code)).toBe(
      'inputs[3]: input "n0" on "E" (200,000 targets) needs 200,000 target slots (about 2.3 MiB); the 1,003 inputs together need about 2.2 GiB; the limit is 1.0 GiB of memory (about 35,791,394 synapses or 3,355,443 neurons)',
    );
  });
});
