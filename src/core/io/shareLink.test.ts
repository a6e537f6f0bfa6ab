import { describe, expect, it } from 'vitest';
import { defaultExperiment, izhikevich2003Network } from '../experiment/examples.ts';
import { codeFromHash, decodeExperiment, encodeExperiment, MAX_SHARE_LINK } from './shareLink.ts';

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
});
