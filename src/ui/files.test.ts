import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../core/experiment/examples.ts';
import { parseExperimentJson, serializeExperiment } from '../core/experiment/validate.ts';
import { spikesToCsv } from '../core/io/spikesCsv.ts';
import {
  decodeTextFile,
  errorMessage,
  kebabName,
  readExperimentFile,
  readRecordedCurrentFile,
  readSpikesFile,
  spikesCsvParts,
  spikesFileName,
  withInputs,
  withoutInput,
} from './files.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('kebabName', () => {
  it('makes a file name from an experiment name', () => {
    expect(kebabName('Excite one, inhibit another')).toBe('excite-one-inhibit-another');
    expect(kebabName('Izhikevich 2003 network (1,000 neurons)')).toBe('izhikevich-2003-network-1-000-neurons');
    expect(kebabName('Café — ünïcode')).toBe('cafe-unicode');
    expect(kebabName('***')).toBe('experiment');
  });
});

describe('errorMessage', () => {
  it('lists at most ten errors, one per line, and counts the rest (including the validator\'s own count)', () => {
    const errors = Array.from({ length: 50 }, (_, i) => `e${i}`);
    const text = errorMessage('Could not open x.json:', [...errors, '... and 7 more errors']);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Could not open x.json:');
    expect(lines.slice(1, 11)).toEqual(errors.slice(0, 10));
    expect(lines[11]).toBe('\u2026 and 47 more');
    expect(lines).toHaveLength(12);
    expect(errorMessage('t', ['a', 'b'])).toBe('t\na\nb');
  });
});

describe('decodeTextFile', () => {
  it('refuses empty, blank and binary files with a message, and drops a byte-order mark', () => {
    expect(decodeTextFile(new Uint8Array(0), 'e.json', 'JSON')).toEqual({ ok: false, message: expect.stringMatching(/e\.json: the file is empty/) });
    expect(decodeTextFile(utf8(' \n '), 'w.json', 'JSON')).toMatchObject({ ok: false });
    const junk = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0x10]);
    expect(decodeTextFile(junk, 'x.png', 'JSON')).toEqual({ ok: false, message: expect.stringMatching(/x\.png: it is not UTF-8 text/) });
    expect(decodeTextFile(Uint8Array.from([0x7b, 0x00, 0x7d]), 'n.json', 'JSON')).toMatchObject({ ok: false, message: expect.stringMatching(/NUL/) });
    expect(decodeTextFile(Uint8Array.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), 'b.json', 'JSON')).toEqual({ ok: true, value: '{}' });
  });
});

describe('readExperimentFile', () => {
  it('reads a saved experiment back unchanged', () => {
    const e = defaultExperiment();
    e.neurons[0].a = 0.05;
    const result = readExperimentFile(utf8(serializeExperiment(e)), 'e.json');
    expect(result).toEqual({ ok: true, value: e });
  });

  it('names the file and lists field errors', () => {
    const raw = JSON.parse(serializeExperiment(defaultExperiment())) as { neurons: { a: unknown }[] };
    raw.neurons[0].a = 'fast';
    const result = readExperimentFile(utf8(JSON.stringify(raw)), 'broken.json');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toBe('Could not open broken.json:\nneurons[0].a: expected a number, got "fast"');
  });

  it('reports a JSON syntax error', () => {
    const result = readExperimentFile(utf8('{"format": '), 'cut.json');
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/^Could not open cut\.json:\n/) });
  });
});

describe('recorded inputs', () => {
  const ids = ['driver', 'follower', 'pacer'];

  it('adds a recorded current from CSV, replacing an input with the same id', () => {
    const csv = `time_ms,follower\n${Array.from({ length: 5 }, (_, k) => `${k},${k === 2 ? 200 : 0}`).join('\n')}\n`;
    const first = readRecordedCurrentFile(utf8(csv), 'drive.csv', defaultExperiment(), ids);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const rec = first.value.experiment.inputs.find((i) => i.id === 'recorded-follower');
    expect(rec).toEqual({ id: 'recorded-follower', kind: 'recorded', target: 'follower', values: [0, 0, 200, 0, 0], source: 'drive.csv' });
    expect(first.value.steps).toBe(5);
    const again = readRecordedCurrentFile(utf8('follower\n1\n2\n'), 'other.csv', first.value.experiment, ids);
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    const recorded = again.value.experiment.inputs.filter((i) => i.kind === 'recorded');
    expect(recorded).toEqual([{ id: 'recorded-follower', kind: 'recorded', target: 'follower', values: [1, 2], source: 'other.csv' }]);
    expect(withoutInput(again.value.experiment, 'recorded-follower').inputs).toEqual(defaultExperiment().inputs);
  });

  it('names the row and column of a bad cell and changes nothing', () => {
    const e = defaultExperiment();
    const result = readRecordedCurrentFile(utf8('follower\n0\nabc\n0\n'), 'bad.csv', e, ids);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('row 3, column "follower": expected a number, got "abc"');
    expect(e).toEqual(defaultExperiment());
  });

  it('withInputs keeps the order of replaced inputs and appends new ones', () => {
    const e = defaultExperiment();
    const next = withInputs(e, [{ id: 'step', kind: 'constant', target: 'driver', amplitude: 3 }, { id: 'x', kind: 'constant', target: 'pacer', amplitude: 1 }]);
    expect(next.inputs.map((i) => i.id)).toEqual(['step', 'pacer-drive', 'follower-noise', 'x']);
    expect(next.inputs[0]).toMatchObject({ kind: 'constant', amplitude: 3 });
    expect(e.inputs[0].kind).toBe('pulse');
  });
});

describe('spikes CSV', () => {
  it('builds exactly spikesToCsv text in chunks', () => {
    const n = 1003;
    const neurons = Int32Array.from({ length: n }, (_, k) => k % 3);
    const times = Float64Array.from({ length: n }, (_, k) => k * 0.1);
    const ids = ['a', 'b', 'c'];
    expect(spikesCsvParts(neurons, times, n, ids, 100).join('')).toBe(spikesToCsv(neurons, times, ids));
    expect(spikesCsvParts(neurons, times, 10, ids, 4).join('')).toBe(spikesToCsv(neurons.subarray(0, 10), times.subarray(0, 10), ids));
    expect(spikesCsvParts(neurons, times, 0, ids).join('')).toBe('time_ms,neuron\n');
  });

  it('says in the file name when the export is incomplete', () => {
    expect(spikesFileName('Excite one, inhibit another', 10, 0)).toBe('excite-one-inhibit-another-spikes.csv');
    expect(spikesFileName('Big', 20, 5)).toBe('big-spikes-first-20-of-25.csv');
  });
});

describe('parse round trip', () => {
  it('a saved experiment with a recorded input parses again', () => {
    const csv = 'follower\n0\n200\n';
    const r = readRecordedCurrentFile(utf8(csv), 'd.csv', defaultExperiment(), ['driver', 'follower', 'pacer']);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const again = parseExperimentJson(serializeExperiment(r.value.experiment));
    expect(again).toEqual({ ok: true, experiment: r.value.experiment });
  });
});

describe('another run\'s spikes file', () => {
  it('reads a spikes CSV the lab wrote', () => {
    const csv = spikesToCsv(Int32Array.from([0, 2, 0]), Float64Array.from([3, 4.5, 9]), ['driver', 'follower', 'pacer']);
    const result = readSpikesFile(utf8(csv), 'spikes.csv');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.names).toEqual(['driver', 'pacer']);
    expect(Array.from(result.value.times)).toEqual([3, 4.5, 9]);
  });

  it('refuses a broken file with its rows named, and a binary or empty one', () => {
    expect(readSpikesFile(utf8('time_ms,neuron\n1,driver\n2\n-4,pacer\n'), 'spikes.csv')).toEqual({
      ok: false,
      message: 'Could not read spikes.csv as spikes:\nrow 3: expected 2 columns (time_ms,neuron), got 1\nrow 4, column "time_ms": a spike time cannot be negative, got "-4"',
    });
    expect(readSpikesFile(utf8('neuron\ndriver\n'), 'x.csv')).toEqual({ ok: false, message: 'Could not read x.csv as spikes:\nrow 1: expected the header "time_ms,neuron", got "neuron"' });
    expect(readSpikesFile(new Uint8Array([0xff, 0xfe, 0x00]), 'x.csv')).toMatchObject({ ok: false, message: expect.stringContaining('not UTF-8') });
    expect(readSpikesFile(new Uint8Array(0), 'x.csv')).toEqual({ ok: false, message: 'Could not open x.csv: the file is empty (expected a spikes CSV (time_ms,neuron)).' });
  });
});
