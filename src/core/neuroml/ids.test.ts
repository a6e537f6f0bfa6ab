import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ID_PATTERN } from '../experiment/validate.ts';
import { isNmlId, labId, nmlId } from './ids.ts';

/** Lab ids weighted toward the hard cases: runs of `_` and `-`. */
const labIds = fc
  .tuple(fc.constantFrom('a', 'Z', '_'), fc.array(fc.constantFrom('a', 'b', '0', '9', '_', '-', 'h', 'u'), { maxLength: 12 }))
  .map(([first, rest]) => first + rest.join(''));
const nmlIds = fc
  .tuple(fc.constantFrom('a', 'Z', '_'), fc.array(fc.constantFrom('a', '0', '_', 'h', 'u'), { maxLength: 12 }))
  .map(([first, rest]) => first + rest.join(''));

describe('lab id <-> NeuroML id', () => {
  it('keeps ordinary ids as they are', () => {
    for (const id of ['exc', 'E', 'n1', 'exc_pop', '_x', 'AMPA']) expect(nmlId(id)).toBe(id);
  });

  it('writes a dash so NeuroML accepts it, and reads it back', () => {
    expect(nmlId('drive-A')).toBe('drive__hA');
    expect(nmlId('a_-b')).toBe('a__u__hb');
    expect(nmlId('a__b')).toBe('a__u__ub');
    expect(labId('drive__hA')).toBe('drive-A');
    expect(labId('a__u__hb')).toBe('a_-b');
  });

  it('is valid, reversible and collision-free for every lab id', () => {
    fc.assert(
      fc.property(labIds, (id) => {
        expect(id).toMatch(ID_PATTERN);
        const written = nmlId(id);
        expect(isNmlId(written)).toBe(true);
        expect(labId(written)).toBe(id);
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(labIds, labIds, (x, y) => {
        fc.pre(x !== y);
        expect(nmlId(x)).not.toBe(nmlId(y));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads ids written elsewhere as valid lab ids, keeping those it could not have written', () => {
    expect(labId('RS_pop')).toBe('RS_pop');
    expect(labId('a__b')).toBe('a__b');
    expect(labId('__h')).toBe('__h');
    fc.assert(
      fc.property(nmlIds, (id) => {
        const read = labId(id);
        expect(read).toMatch(ID_PATTERN);
        // Either it is what the lab wrote for `read`, or it is kept unchanged.
        expect(nmlId(read) === id || read === id).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses ids outside each alphabet', () => {
    expect(() => nmlId('1a')).toThrow();
    expect(() => nmlId('a b')).toThrow();
    expect(() => labId('a-b')).toThrow();
  });
});
