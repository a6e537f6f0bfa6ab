/**
 * Lab ids <-> NeuroML ids. The lab allows `[A-Za-z_][A-Za-z0-9_-]*`, NeuroML's NmlId does not allow `-`.
 *
 * Ids without `-` and without two adjacent underscores are written unchanged (most ids). Otherwise
 * `-` becomes `__h`, and an `_` next to another `_` or a `-` becomes `__u`. A plain `_` in the output
 * then always has letters or digits (or an end) on both sides, so `__` always starts an escape and the
 * mapping reads back uniquely: labId(nmlId(x)) = x for every lab id x, and distinct lab ids get
 * distinct NeuroML ids.
 */

const NML_ID = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LAB_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function isNmlId(text: string): boolean {
  return NML_ID.test(text);
}

/** The NeuroML id of a lab id. */
export function nmlId(labId: string): string {
  if (!LAB_ID.test(labId)) throw new RangeError(`"${labId}" is not a lab id`);
  let out = '';
  for (let i = 0; i < labId.length; i++) {
    const ch = labId[i];
    if (ch === '-') out += '__h';
    else if (ch === '_' && (isJoiner(labId[i - 1]) || isJoiner(labId[i + 1]))) out += '__u';
    else out += ch;
  }
  return out;
}

function isJoiner(ch: string | undefined): boolean {
  return ch === '_' || ch === '-';
}

/**
 * The lab id a NeuroML id stands for: the inverse of nmlId for ids it wrote; an id it could not have
 * written (from a file written elsewhere, e.g. `a__b`) is kept as it is, which is a valid lab id too.
 */
export function labId(id: string): string {
  if (!NML_ID.test(id)) throw new RangeError(`"${id}" is not a NeuroML id`);
  let out = '';
  for (let i = 0; i < id.length; i++) {
    if (id[i] === '_' && id[i + 1] === '_') {
      const code = id[i + 2];
      if (code === 'h') out += '-';
      else if (code === 'u') out += '_';
      else return id;
      i += 2;
    } else {
      out += id[i];
    }
  }
  return LAB_ID.test(out) && nmlId(out) === id ? out : id;
}
