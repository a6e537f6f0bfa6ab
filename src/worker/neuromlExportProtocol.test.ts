import { describe, expect, it } from 'vitest';
import { readNeuroMLExportReply } from './neuromlExportProtocol.ts';

describe('readNeuroMLExportReply', () => {
  it('passes a well-formed reply and refuses anything else', () => {
    const good = { ok: true, files: [{ path: 'a.net.nml', text: '<neuroml/>' }], notes: ['n'] };
    expect(readNeuroMLExportReply(good)).toEqual(good);
    expect(readNeuroMLExportReply({ ok: false, message: 'bad' })).toEqual({ ok: false, message: 'bad' });
    expect(readNeuroMLExportReply({ ok: true, files: [{ path: 1, text: '' }], notes: [] })).toBeNull();
    expect(readNeuroMLExportReply({ ok: true, files: [], notes: [3] })).toBeNull();
    expect(readNeuroMLExportReply({ ok: false })).toBeNull();
    expect(readNeuroMLExportReply(null)).toBeNull();
  });
});
