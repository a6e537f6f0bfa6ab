import { beforeEach, describe, expect, it } from 'vitest';
import { defaultExperiment } from '../core/experiment/examples.ts';
import type { Experiment } from '../core/experiment/types.ts';
import { parseExperimentJson, serializeExperiment } from '../core/experiment/validate.ts';
import { encodeExperiment } from '../core/io/shareLink.ts';
import {
  AUTOSAVE_PREFIX, AUTOSAVES_KEPT, LEGACY_AUTOSAVE_KEY, autosave, deleteUnopenedAutosave, listAutosaves,
  reportUnopenedAutosaves, restoreExperiment, useAutosaveNotice, writeAutosave,
} from './persistence.ts';
import { useLabStore } from './store.ts';

/** localStorage in memory; with `quota`, setItem throws once the stored text would exceed that many characters. */
class MemoryStorage implements Storage {
  readonly items = new Map<string, string>();
  constructor(private readonly quota = Infinity) {}
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    const used = [...this.items].reduce((sum, [k, v]) => sum + (k === key ? 0 : k.length + v.length), 0);
    if (used + key.length + value.length > this.quota) throw new Error('QuotaExceededError');
    this.items.set(key, value);
  }
}

const at = (hash: string) => ({ hash }) as Location;
const named = (name: string): Experiment => ({ ...defaultExperiment(), name });
const text = (name: string) => serializeExperiment(named(name));
/** The default experiment with the driver's reset above the spike cut-off: a document the loader refuses. */
const refusedText = () => serializeExperiment({ ...defaultExperiment(), neurons: defaultExperiment().neurons.map((n, i) => (i === 0 ? { ...n, c: 40 } : n)) });
/** The stored autosaves' experiment names, newest first (the raw text of one that does not open). */
const names = (storage: Storage) => listAutosaves(storage).map((s) => {
  const parsed = parseExperimentJson(s.text);
  return parsed.ok ? parsed.experiment.name : s.text;
});

beforeEach(() => useLabStore.setState({ lastError: null }));

describe('restoring work', () => {
  it('opens a share link first, then the newest autosave, then the default', async () => {
    const storage = new MemoryStorage();
    expect((await restoreExperiment(at(''), storage)).source).toBe('default');
    writeAutosave(storage, text('older'), 1000);
    writeAutosave(storage, text('newer'), 2000);
    const restored = await restoreExperiment(at(''), storage);
    expect(restored).toMatchObject({ experiment: named('newer'), source: 'autosave', opened: { savedAt: 2000 }, unopened: [] });
    const code = await encodeExperiment(named('linked'));
    expect(await restoreExperiment(at(`#experiment=${code}`), storage)).toMatchObject({ experiment: named('linked'), source: 'link' });
  });

  it('opens the older good autosave when the newest is corrupt, and lists the corrupt one without deleting it', async () => {
    const storage = new MemoryStorage();
    writeAutosave(storage, text('good'), 1000);
    const corrupt = '{"format": "spiking-lab/experiment", "version": 1, "name": "half a fi';
    storage.setItem(`${AUTOSAVE_PREFIX}2000`, corrupt);
    const restored = await restoreExperiment(at(''), storage);
    expect(restored.source).toBe('autosave');
    expect(restored.experiment).toEqual(named('good'));
    expect(restored.unopened).toEqual([
      { key: `${AUTOSAVE_PREFIX}2000`, savedAt: 2000, text: corrupt, errors: ['JSON syntax error at line 1, column 70: unterminated string'] },
    ]);
    expect(storage.getItem(`${AUTOSAVE_PREFIX}2000`)).toBe(corrupt);
  });

  it('names the loader\'s reasons for a refused autosave, and says what the link could not do', async () => {
    const storage = new MemoryStorage();
    storage.setItem(`${AUTOSAVE_PREFIX}5`, refusedText());
    const restored = await restoreExperiment(at('#experiment=@@'), storage);
    expect(restored.source).toBe('default');
    expect(restored.problem).toContain('The shared link could not be opened: the link is damaged');
    expect(restored.unopened.map((u) => u.errors)).toEqual([['neurons[0].c: must be below the spike cut-off vpeak (30 mV by default), got 40']]);
  });

  it('still opens the single autosave of earlier versions, as the oldest', async () => {
    const storage = new MemoryStorage();
    storage.setItem(LEGACY_AUTOSAVE_KEY, text('from before'));
    expect(await restoreExperiment(at(''), storage)).toMatchObject({ experiment: named('from before'), source: 'autosave', opened: { savedAt: null } });
    writeAutosave(storage, text('new'), 1000);
    expect(names(storage)).toEqual(['new', 'from before']);
  });

  it('opens an autosave of an older format version, migrated as a file would be', async () => {
    const storage = new MemoryStorage();
    const v1 = JSON.parse(text('version 1')) as { version: number; simulation: { dt: number; randomDraws?: string } };
    v1.version = 1;
    v1.simulation.dt = 0.5;
    delete v1.simulation.randomDraws; // came with version 3
    storage.setItem(LEGACY_AUTOSAVE_KEY, JSON.stringify(v1));
    const restored = await restoreExperiment(at(''), storage);
    expect(restored.source).toBe('autosave');
    expect(restored.experiment.version).toBe(3);
    expect(restored.experiment.simulation.randomDraws).toBe('polar-stream');
    // Version 1 redrew noise every step: it means noise held for one step of 0.5 ms.
    expect(restored.experiment.inputs.find((i) => i.kind === 'noise')).toMatchObject({ hold: 0.5 });
  });

  it('deletes an unopened autosave only when the person asks', async () => {
    const storage = new MemoryStorage();
    writeAutosave(storage, text('good'), 1000);
    storage.setItem(`${AUTOSAVE_PREFIX}2000`, 'not json');
    reportUnopenedAutosaves(await restoreExperiment(at(''), storage), storage);
    expect(useAutosaveNotice.getState()).toMatchObject({ openedInstead: 'autosave', openedSavedAt: 1000, unopened: [{ key: `${AUTOSAVE_PREFIX}2000`, text: 'not json' }] });
    deleteUnopenedAutosave(`${AUTOSAVE_PREFIX}2000`);
    expect(storage.getItem(`${AUTOSAVE_PREFIX}2000`)).toBeNull();
    expect(useAutosaveNotice.getState().unopened).toEqual([]);
    expect(names(storage)).toEqual(['good']);
  });
});

describe('the autosave ring', () => {
  it(`keeps the ${AUTOSAVES_KEPT} newest distinct documents, newest first`, () => {
    const storage = new MemoryStorage();
    for (let k = 1; k <= 7; k++) writeAutosave(storage, text(`v${k}`), k * 1000);
    expect(names(storage)).toEqual(['v7', 'v6', 'v5', 'v4', 'v3']);
    writeAutosave(storage, text('v7'), 9000); // unchanged: nothing new
    writeAutosave(storage, text('v5'), 10000); // back to an earlier document: it moves to the front, once
    expect(names(storage)).toEqual(['v5', 'v7', 'v6', 'v4', 'v3']);
    expect(listAutosaves(storage)[0].savedAt).toBe(10000);
  });

  it('never stores a document the loader refuses: the good one stays, and the banner says why', () => {
    const storage = new MemoryStorage();
    writeAutosave(storage, text('good'), 1000);
    const before = [...storage.items];
    const refused = JSON.parse(refusedText()) as Experiment;
    expect(autosave(storage, refused)).toBe(false);
    expect([...storage.items]).toEqual(before);
    expect(useLabStore.getState().lastError).toEqual({
      context: 'autosave',
      message: 'This experiment was not autosaved: it would not open again.\nneurons[0].c: must be below the spike cut-off vpeak (30 mV by default), got 40',
    });
    // Once the experiment opens again, it is saved and the message goes.
    expect(autosave(storage, named('fixed'))).toBe(true);
    expect(names(storage)).toEqual(['fixed', 'good']);
    expect(useLabStore.getState().lastError).toBeNull();
  });

  it('never drops an autosave that does not open, however many saves follow', () => {
    const storage = new MemoryStorage();
    storage.setItem(`${AUTOSAVE_PREFIX}500`, 'damaged');
    for (let k = 1; k <= 8; k++) writeAutosave(storage, text(`v${k}`), k * 1000);
    const kept = listAutosaves(storage);
    expect(kept.map((s) => s.text)).toEqual([text('v8'), text('v7'), text('v6'), text('v5'), text('v4'), 'damaged']);
  });

  it('makes room when the storage is full by dropping the oldest good autosave, but never the last one', () => {
    const one = text('v1').length + AUTOSAVE_PREFIX.length + 4;
    const storage = new MemoryStorage(3 * one + 'damaged'.length + 40);
    storage.setItem(`${AUTOSAVE_PREFIX}500`, 'damaged');
    for (let k = 1; k <= 5; k++) expect(writeAutosave(storage, text(`v${k}`), k * 1000)).toBe(true);
    expect(listAutosaves(storage).map((s) => s.text)).toEqual([text('v5'), text('v4'), text('v3'), 'damaged']);
    // A document too large for the storage, even alone: the last good autosave stays, the damaged one too.
    expect(writeAutosave(storage, text('x'.repeat(4 * one)), 6000)).toBe(false);
    expect(listAutosaves(storage).map((s) => s.text)).toEqual([text('v5'), 'damaged']);
  });
});
