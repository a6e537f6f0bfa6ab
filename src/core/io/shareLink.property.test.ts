import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileText, validExperiment } from '../../../test/arbitraries.ts';
import { expectExperimentOrErrors } from '../../../test/validatorResult.ts';
import { codeFromHash, decodeExperiment, encodeExperiment, SHARE_KEY } from './shareLink.ts';

/** `bytes` deflated and in base64url: a code that decodes as far as its text. */
async function codeOf(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const deflated = new Uint8Array(await new Response(stream).arrayBuffer());
  return Buffer.from(deflated).toString('base64url');
}

describe('share links, for arbitrary input', () => {
  it('a valid experiment comes back from its link unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(validExperiment, async (experiment) => {
        const code = await encodeExperiment(experiment);
        expect(codeFromHash(`#${SHARE_KEY}=${code}`)).toBe(code);
        expect(await decodeExperiment(code)).toEqual({ ok: true, experiment });
      }),
      { numRuns: 60 },
    );
  });

  it('an arbitrary code, or a real one cut or changed: an experiment or messages, never a rejection', async () => {
    const code = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.stringMatching(/^[A-Za-z0-9_-]{0,300}$/),
      // A real link with up to three characters changed at one place (or cut there, with none).
      fc.record({ experiment: validExperiment, at: fc.double({ min: 0, max: 1, noNaN: true }), insert: fc.stringMatching(/^[A-Za-z0-9_-]{0,3}$/), cut: fc.boolean() }),
    );
    await fc.assert(
      fc.asyncProperty(code, async (c) => {
        let text: string;
        if (typeof c === 'string') text = c;
        else {
          const real = await encodeExperiment(c.experiment);
          const cut = Math.floor(c.at * real.length);
          text = c.cut ? real.slice(0, cut) : real.slice(0, cut) + c.insert + real.slice(cut + c.insert.length);
        }
        expectExperimentOrErrors(await decodeExperiment(text));
      }),
      { numRuns: 150 },
    );
  });

  it('well-formed codes of arbitrary bytes or hostile text: an experiment or messages', async () => {
    const payload = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      hostileText.map((t) => new TextEncoder().encode(t)),
    );
    await fc.assert(
      fc.asyncProperty(payload, async (bytes) => {
        const decoded = await decodeExperiment(await codeOf(new Uint8Array(bytes)));
        expectExperimentOrErrors(decoded);
      }),
      { numRuns: 150 },
    );
  });

  it('reads the code out of an arbitrary hash without throwing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (hash) => {
        const code = codeFromHash(hash);
        expect(code === null || typeof code === 'string').toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
