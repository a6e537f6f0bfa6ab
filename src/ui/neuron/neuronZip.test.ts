import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../../core/experiment/examples.ts';
import { firstCodeBlock, neuronFolder, zipFolder } from './neuronZip.ts';

describe('the NEURON folder as a zip', () => {
  it('holds every exported file under the folder, byte for byte, with run.py and the mechanisms', () => {
    const folder = neuronFolder(defaultExperiment(), 4);
    expect(folder.folder).toBe('excite-one-inhibit-another-neuron');
    const unpacked = unzipSync(zipFolder(folder));
    expect(Object.keys(unpacked).sort()).toEqual(folder.files.map((f) => `excite-one-inhibit-another-neuron/${f.path}`).sort());
    for (const file of folder.files) expect(strFromU8(unpacked[`${folder.folder}/${file.path}`])).toBe(file.text);
    expect(folder.files.map((f) => f.path)).toContain('run.py');
    expect(folder.files.some((f) => /^mechanisms\/[^/]+\.mod$/.test(f.path))).toBe(true);
  });

  it('shows the README\'s two commands, with the processes chosen', () => {
    const folder = neuronFolder(defaultExperiment(), 4);
    expect(folder.commands).toHaveLength(2);
    expect(folder.commands[0]).toBe('nrnivmodl mechanisms');
    expect(folder.commands[1]).toMatch(/^mpiexec -n 4 python3 run\.py/);
  });

  it('reads the first fenced block of a Markdown text', () => {
    expect(firstCodeBlock('# t\n\ntext\n\n```sh\na b\n\nc\n```\n\n```\nd\n```\n')).toEqual(['a b', 'c']);
    expect(firstCodeBlock('no code')).toEqual([]);
  });
});
