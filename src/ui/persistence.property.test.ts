import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { hostileText, validExperiment } from '../../test/arbitraries.ts';
import { parseExperimentJson, serializeExperiment, validateExperiment } from '../core/experiment/validate.ts';
import { encodeExperiment } from '../core/io/shareLink.ts';
import { AUTOSAVE_PREFIX, LEGACY_AUTOSAVE_KEY, restoreExperiment, writeAutosave } from './persistence.ts';
import { useLabStore } from './store.ts';
import { MemoryStorage } from '../../test/memoryStorage.ts';


const at = (hash: string) => ({ hash }) as Location;

/** What a browser's storage may hold: autosaves (good, damaged, or from elsewhere) under all sorts of keys. */
const storedItem = fc.tuple(
  fc.oneof(
    fc.integer({ min: 0, max: 2 ** 45 }).map((stamp) => `${AUTOSAVE_PREFIX}${stamp}`),
    fc.string({ maxLength: 12 }).map((tail) => `${AUTOSAVE_PREFIX}${tail}`),
    fc.constant(LEGACY_AUTOSAVE_KEY),
    fc.string({ maxLength: 20 }),
  ),
  fc.oneof(validExperiment.map(serializeExperiment), hostileText),
);

/** A location hash: none, a real link, a damaged one, or arbitrary text. */
const hash = fc.oneof(
  fc.constant(''),
  validExperiment.map((e) => ({ link: e })),
  fc.stringMatching(/^[A-Za-z0-9_-]{0,200}$/).map((code) => `#experiment=${code}`),
  fc.string({ unit: 'binary', maxLength: 100 }),
);

beforeEach(() => useLabStore.setState({ lastError: null }));

describe('reading autosaves and links, for arbitrary storage', () => {
  it('opens a valid experiment, reports exactly the autosaves that do not open, and changes nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(storedItem, { maxLength: 6 }), hash, async (items, h) => {
        const storage = new MemoryStorage();
        for (const [key, value] of items) storage.setItem(key, value);
        const before = new Map(storage.items);
        const location = typeof h === 'string' ? h : `#experiment=${await encodeExperiment(h.link)}`;
        const restored = await restoreExperiment(at(location), storage);

        expect(validateExperiment(restored.experiment)).toEqual({ ok: true, experiment: restored.experiment });
        expect(storage.items).toEqual(before);
        for (const unopened of restored.unopened) {
          expect(before.get(unopened.key)).toBe(unopened.text);
          expect(parseExperimentJson(unopened.text)).toEqual({ ok: false, errors: unopened.errors });
        }
        if (restored.source === 'autosave') {
          expect(restored.opened).toBeDefined();
          expect(parseExperimentJson(restored.opened?.text ?? '')).toEqual({ ok: true, experiment: restored.experiment });
        }
        // A link opens, unless it would replace an autosaved experiment: then it waits for the person's answer.
        if (typeof h !== 'string') {
          if (restored.source === 'link') expect(restored.experiment).toEqual(h.link);
          else expect(restored.linkToConfirm).toEqual(h.link);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('a valid experiment autosaved comes back unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(validExperiment, async (experiment) => {
        const storage = new MemoryStorage();
        expect(writeAutosave(storage, serializeExperiment(experiment), 1000)).toBe('stored');
        expect(await restoreExperiment(at(''), storage)).toMatchObject({ source: 'autosave', experiment, unopened: [] });
      }),
      { numRuns: 50 },
    );
  });
});
