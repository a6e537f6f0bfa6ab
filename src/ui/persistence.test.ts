import { beforeEach, describe, expect, it } from 'vitest';
import { defaultExperiment } from '../core/experiment/examples.ts';
import { EXPERIMENT_VERSION, type Experiment } from '../core/experiment/types.ts';
import { parseExperimentJson, serializeExperiment } from '../core/experiment/validate.ts';
import { encodeExperiment } from '../core/io/shareLink.ts';
import {
  AUTOSAVE_FAILED, AUTOSAVE_INDEX_KEY, AUTOSAVE_PREFIX, AUTOSAVES_KEPT, LEGACY_AUTOSAVE_KEY, UNBUILT_REASON, autosave,
  deleteUnopenedAutosave, listAutosaves, readAutosaveIndex, reportUnopenedAutosaves, restoreExperiment, updateAutosaveIndex,
  useAutosaveNotice, writeAutosave,
} from './persistence.ts';
import { useLabStore } from './store.ts';
import { MemoryStorage } from '../../test/memoryStorage.ts';

const at = (hash: string) => ({ hash }) as Location;
const named = (name: string): Experiment => ({ ...defaultExperiment(), name });
const text = (name: string) => serializeExperiment(named(name));
/** The default experiment with the driver's reset above the spike cut-off: a document the loader refuses. */
const refusedText = () => serializeExperiment({ ...defaultExperiment(), neurons: defaultExperiment().neurons.map((n, i) => (i === 0 ? { ...n, c: 40 } : n)) });
/** The autosaves' texts, newest first. */
const texts = (storage: Storage) => listAutosaves(storage).map((s) => s.text);
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
    // A link over the default experiment opens at once; over the person's work, the work opens and the link waits for an answer.
    const code = await encodeExperiment(named('linked'));
    expect(await restoreExperiment(at(`#experiment=${code}`), new MemoryStorage())).toMatchObject({ experiment: named('linked'), source: 'link' });
    const overWork = await restoreExperiment(at(`#experiment=${code}`), storage);
    expect(overWork).toMatchObject({ experiment: named('newer'), source: 'autosave', linkToConfirm: named('linked') });
    writeAutosave(storage, text('linked'), 3000);
    expect(await restoreExperiment(at(`#experiment=${code}`), storage)).toMatchObject({ experiment: named('linked'), source: 'link' });
    expect((await restoreExperiment(at(`#experiment=${code}`), storage)).linkToConfirm).toBeUndefined();
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
    expect(restored.experiment.version).toBe(EXPERIMENT_VERSION);
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
    const indexRoom = 400;
    const storage = new MemoryStorage(3 * one + 'damaged'.length + 40 + indexRoom);
    storage.setItem(`${AUTOSAVE_PREFIX}500`, 'damaged');
    for (let k = 1; k <= 5; k++) expect(writeAutosave(storage, text(`v${k}`), k * 1000)).toBe('stored');
    expect(texts(storage)).toEqual([text('v5'), text('v4'), text('v3'), 'damaged']);
    // A document too large for the storage, even alone: nothing changes (the ones dropped to make room come back).
    const before = [...storage.items];
    expect(writeAutosave(storage, text('x'.repeat(4 * one)), 6000)).toBe('full');
    expect([...storage.items].sort()).toEqual(before.sort());
    expect(readAutosaveIndex(storage).current).toBe(`${AUTOSAVE_PREFIX}5000`);
  });

  it('says so when the storage is full, and keeps the open work and the stored autosaves', () => {
    // Room for two documents and the index.
    const storage = new MemoryStorage(2 * (text('v1').length + 40) + 200);
    expect(autosave(storage, named('v1'))).toBe(true);
    const before = [...storage.items];
    const big = { ...named('v2'), description: 'x'.repeat(1000) };
    useLabStore.setState({ experiment: big });
    expect(autosave(storage, big)).toBe(false);
    expect(useLabStore.getState().lastError).toEqual({ context: 'autosave', message: AUTOSAVE_FAILED.full });
    expect(AUTOSAVE_FAILED.full).toBe('This experiment could not be autosaved: the browser\'s storage for this site is full. Your work is still open here; use Save to keep it as a file.');
    expect([...storage.items]).toEqual(before);
    expect(useLabStore.getState().experiment).toBe(big);
    // Once it fits again, it is saved and the message goes.
    expect(autosave(storage, named('v3'))).toBe(true);
    expect(names(storage)).toEqual(['v3', 'v1']);
    expect(useLabStore.getState().lastError).toBeNull();
  });

  it('a storage that refuses writes for another reason is named as such', () => {
    const storage = new MemoryStorage();
    storage.setItem = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    expect(autosave(storage, named('v1'))).toBe(false);
    expect(useLabStore.getState().lastError?.message).toBe(AUTOSAVE_FAILED.unavailable);
  });
});

describe('the index: atomic switch and the last good autosave', () => {
  it('writes the document under a new key, then switches the index to it; the old one stays until then', () => {
    const storage = new MemoryStorage();
    writeAutosave(storage, text('v1'), 1000);
    expect(readAutosaveIndex(storage)).toEqual({ current: `${AUTOSAVE_PREFIX}1000`, built: [`${AUTOSAVE_PREFIX}1000`], unbuilt: [], trying: null });
    // The index write fails (the storage fills between the two writes): the new document is taken
    // back and the index still names the old one, which is what opens.
    const setItem = storage.setItem.bind(storage);
    storage.setItem = (key, value) => {
      if (key === AUTOSAVE_INDEX_KEY) throw new DOMException('full', 'QuotaExceededError');
      setItem(key, value);
    };
    expect(writeAutosave(storage, text('v2'), 2000)).toBe('full');
    expect(names(storage)).toEqual(['v1']);
    expect(readAutosaveIndex(storage).current).toBe(`${AUTOSAVE_PREFIX}1000`);
  });

  it('a document written but never switched to (the tab died between the writes) opens on trial, with the last good one as fallback', async () => {
    const storage = new MemoryStorage();
    writeAutosave(storage, text('good'), 1000);
    storage.setItem(`${AUTOSAVE_PREFIX}2000`, text('never switched to'));
    const restored = await restoreExperiment(at(''), storage);
    expect(restored).toMatchObject({ experiment: named('never switched to'), source: 'autosave', fallback: { experiment: named('good'), opened: { savedAt: 1000 } } });
    // A built one opens without a trial.
    writeAutosave(storage, text('never switched to'), 3000);
    expect((await restoreExperiment(at(''), storage)).fallback).toBeUndefined();
  });

  it('autosaves of an earlier version (no index) open on trial, the next older one as the fallback, else the default', async () => {
    const storage = new MemoryStorage();
    storage.setItem(`${AUTOSAVE_PREFIX}1000`, text('older'));
    storage.setItem(`${AUTOSAVE_PREFIX}2000`, text('newer'));
    expect(await restoreExperiment(at(''), storage)).toMatchObject({ experiment: named('newer'), fallback: { experiment: named('older'), opened: { savedAt: 1000 } } });
    storage.removeItem(`${AUTOSAVE_PREFIX}1000`);
    expect(await restoreExperiment(at(''), storage)).toMatchObject({ experiment: named('newer'), fallback: { experiment: defaultExperiment(), opened: null } });
  });

  it('a trial that never finished (the index still names it) is set aside at the next start, kept and offered; the last good one opens', async () => {
    const storage = new MemoryStorage();
    writeAutosave(storage, text('good'), 1000);
    storage.setItem(`${AUTOSAVE_PREFIX}2000`, text('huge'));
    updateAutosaveIndex(storage, () => ({ trying: `${AUTOSAVE_PREFIX}2000` }));
    const restored = await restoreExperiment(at(''), storage);
    expect(restored).toMatchObject({ experiment: named('good'), source: 'autosave', opened: { savedAt: 1000 } });
    expect(restored.fallback).toBeUndefined();
    expect(restored.unopened).toEqual([{ key: `${AUTOSAVE_PREFIX}2000`, savedAt: 2000, text: text('huge'), errors: [UNBUILT_REASON] }]);
    expect(readAutosaveIndex(storage)).toMatchObject({ trying: null, unbuilt: [`${AUTOSAVE_PREFIX}2000`] });
    // Set aside: never opened at start again, never dropped by later saves, until the person deletes it.
    for (let k = 3; k <= 10; k++) writeAutosave(storage, text(`v${k}`), k * 1000);
    expect(texts(storage)).toContain(text('huge'));
    expect((await restoreExperiment(at(''), storage)).experiment).toEqual(named('v10'));
    reportUnopenedAutosaves(await restoreExperiment(at(''), storage), storage);
    deleteUnopenedAutosave(`${AUTOSAVE_PREFIX}2000`);
    expect(texts(storage)).not.toContain(text('huge'));
    expect(readAutosaveIndex(storage).unbuilt).toEqual([]);
  });

  it('an index that cannot be read holds no work: it counts as empty and is written anew', async () => {
    const storage = new MemoryStorage();
    storage.setItem(`${AUTOSAVE_PREFIX}1000`, text('work'));
    storage.setItem(AUTOSAVE_INDEX_KEY, '{"current": 12, "built": "no');
    expect(readAutosaveIndex(storage)).toEqual({ current: null, built: [], unbuilt: [], trying: null });
    expect((await restoreExperiment(at(''), storage)).experiment).toEqual(named('work'));
    writeAutosave(storage, text('work'), 2000);
    expect(readAutosaveIndex(storage).built).toEqual([`${AUTOSAVE_PREFIX}1000`]);
  });
});

describe('what the lab cannot read is kept aside', () => {
  it('valid work saved by a newer version of the lab is never opened, overwritten or dropped, and is offered', async () => {
    const storage = new MemoryStorage();
    const newer = JSON.stringify({ ...JSON.parse(text('from the future')) as object, version: 99 });
    storage.setItem(`${AUTOSAVE_PREFIX}5000`, newer);
    writeAutosave(storage, text('mine'), 1000);
    const restored = await restoreExperiment(at(''), storage);
    expect(restored.experiment).toEqual(named('mine'));
    expect(restored.unopened).toMatchObject([{ key: `${AUTOSAVE_PREFIX}5000`, text: newer, errors: ['version: unsupported version 99 (supported: 1, 2, 3, 4)'] }]);
    for (let k = 6; k <= 14; k++) writeAutosave(storage, text(`v${k}`), k * 1000);
    expect(storage.getItem(`${AUTOSAVE_PREFIX}5000`)).toBe(newer);
    expect(texts(storage).filter((t) => t === newer)).toHaveLength(1);
  });

  it('garbage under the autosave keys is kept byte for byte, whatever follows', async () => {
    const storage = new MemoryStorage();
    const garbage = '\u0000\uFFFD{{{ not an experiment';
    storage.setItem(`${AUTOSAVE_PREFIX}9000`, garbage);
    storage.setItem(LEGACY_AUTOSAVE_KEY, 'also garbage');
    for (let k = 1; k <= 8; k++) expect(autosave(storage, named(`v${k}`))).toBe(true);
    expect(storage.getItem(`${AUTOSAVE_PREFIX}9000`)).toBe(garbage);
    expect(storage.getItem(LEGACY_AUTOSAVE_KEY)).toBe('also garbage');
    const restored = await restoreExperiment(at(''), storage);
    expect(restored.experiment).toEqual(named('v8'));
    expect(restored.unopened.map((u) => u.text)).toEqual([garbage, 'also garbage']);
  });
});
