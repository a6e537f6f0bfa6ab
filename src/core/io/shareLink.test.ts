import { describe, expect, it } from 'vitest';
import { deflateBomb, linkCode } from '../../../test/deflateBomb.ts';
import { defaultExperiment, izhikevich2003Network } from '../experiment/examples.ts';
import { codeFromHash, decodeExperiment, encodeExperiment, inflateAtMost, MAX_LINK_JSON_BYTES, MAX_SHARE_LINK } from './shareLink.ts';

const MB = 1 << 20;

describe('share links', () => {
  it('round-trips an experiment exactly through a URL-safe code', async () => {
    for (const experiment of [defaultExperiment(), izhikevich2003Network()]) {
      const code = await encodeExperiment(experiment);
      expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(code.length).toBeLessThan(MAX_SHARE_LINK);
      const decoded = await decodeExperiment(code);
      expect(decoded).toEqual({ ok: true, experiment });
      expect(codeFromHash(`#experiment=${code}`)).toBe(code);
    }
  });

  it('compresses: the 2003 network is a few hundred characters', async () => {
    const json = JSON.stringify(izhikevich2003Network());
    const code = await encodeExperiment(izhikevich2003Network());
    expect(code.length).toBeLessThan(json.length / 2);
  });

  it('rejects damaged links with a message, and invalid experiments with the validator message', async () => {
    const code = await encodeExperiment(defaultExperiment());
    expect(await decodeExperiment('not base64!')).toEqual({ ok: false, errors: ['the link is damaged: it is not base64url text'] });
    const cut = await decodeExperiment(code.slice(0, code.length / 2));
    expect(cut.ok).toBe(false);
    const broken = defaultExperiment();
    broken.simulation.dt = 0.3;
    const decoded = await decodeExperiment(await encodeExperiment(broken));
    expect(decoded).toEqual({ ok: false, errors: ['simulation.dt: must be 1/k ms for a whole number k from 1 to 100 (a step that divides 1 ms into whole steps, e.g. 1, 0.5, 0.25, 0.2, 0.1, 0.01), got 0.3'] });
    expect(codeFromHash('#other=1')).toBeNull();
  });

  it('refuses a link that unpacks past the cap, naming the cap, and stops inflating there', async () => {
    const tooLarge = `the link is too large: its experiment unpacks to more than 1,000,000 bytes (1 MB), the most a link may hold`;
    // 100 MB of spaces from 100 KB of link: before the cap, "the text is empty" after inflating it all.
    const bomb = await deflateBomb(100);
    expect(bomb.length).toBeLessThan(150_000);
    expect(await decodeExperiment(linkCode(bomb))).toEqual({ ok: false, errors: [tooLarge] });
    // 4 GB would not fit in memory (and so fail or crash) if it were inflated before the check.
    const huge = await deflateBomb(4096);
    expect(await inflateAtMost(huge, MAX_LINK_JSON_BYTES)).toBeNull();
    expect(await decodeExperiment(linkCode(huge))).toEqual({ ok: false, errors: [tooLarge] });
    // Just under the cap still inflates whole, to the validator (whose message then names the text).
    const small = await deflateBomb(1);
    expect((await inflateAtMost(small, MB))?.length).toBe(MB);
    expect(await inflateAtMost(small, MB - 1)).toBeNull();
  });
});
