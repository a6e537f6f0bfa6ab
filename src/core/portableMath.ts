/**
 * exp and log from IEEE basic arithmetic only (+, -, *, /, exact scaling by powers of two), so every
 * JavaScript engine gives the same bits. Math.exp and Math.log do not: Node 20 (V8 11.3) and
 * Chromium 159 differ in the last bit for about one argument in ten, enough for a chaotic network to
 * fire differently after a second. Accurate to a few units in the last place (tested: 4 at most); meant for random
 * draws, which need the same numbers everywhere more than the last bits of accuracy.
 */

const LN2_HI = 6.93147180369123816490e-1; // ln 2, the high part: k * LN2_HI is exact for |k| < 2^11
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700;

const view = new DataView(new ArrayBuffer(8));

/** 1/n! for n = 0 .. 14 (the noise kernel's exp takes the same table: normalKernel.ts). */
export const INVERSE_FACTORIALS = new Float64Array(15);
INVERSE_FACTORIALS[0] = 1;
for (let n = 1; n < 15; n++) INVERSE_FACTORIALS[n] = INVERSE_FACTORIALS[n - 1] / n;

/** 2^k for a whole k from -1022 to 1023, exactly (built from its bits). */
function powerOfTwo(k: number): number {
  view.setUint32(0, (k + 1023) << 20);
  view.setUint32(4, 0);
  return view.getFloat64(0);
}

/** e^x; 0 below -708, Infinity above 709, NaN for NaN. */
export function portableExp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 709) return Infinity;
  if (x < -708) return 0;
  // x = k ln 2 + r with |r| <= ln 2 / 2; e^r by its Taylor series to r^14 (the next term is below 2^-60),
  // in Horner's form with the coefficients 1/n! worked out once.
  const k = Math.round(x * INV_LN2);
  const r = x - k * LN2_HI - k * LN2_LO;
  let sum = INVERSE_FACTORIALS[14];
  for (let n = 13; n >= 0; n--) sum = sum * r + INVERSE_FACTORIALS[n];
  return sum * powerOfTwo(k);
}

/** ln x for x > 0 (finite); -Infinity at 0, NaN below 0 or for NaN. */
export function portableLog(x: number): number {
  if (!(x >= 0)) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  // Subnormals scaled into the normal range first, exactly.
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54
    e = -54;
  }
  // x = m 2^e with m in [sqrt(1/2), sqrt(2)), read off the bits.
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  e += ((high >>> 20) & 0x7ff) - 1023;
  view.setUint32(0, (high & 0x800fffff) | (1023 << 20));
  let m = view.getFloat64(0);
  if (m >= Math.SQRT2) {
    m /= 2;
    e += 1;
  }
  // ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716: the series to s^27 leaves less than 2^-60.
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let power = s;
  let sum = s;
  for (let n = 3; n <= 27; n += 2) {
    power *= s2;
    sum += power / n;
  }
  return e * LN2_HI + (2 * sum + e * LN2_LO);
}
