import type { FICurve } from '../../core/analysis/sweeps.ts';

/** Average width of one character of the 11 px chart labels, px (a measured-text-free estimate). */
export const LABEL_CHAR_PX = 6.3;
/** Least gap between two labels in one row, px. */
const GAP_PX = 6;

/**
 * Rows for the rheobase labels so that none overlap: each label (centred on its x, kept inside
 * [left, right]) goes into the first row where it clears the labels already there. Curves of cells with
 * the same rheobase (RS and IB, say) then stack rather than print over each other. Returns the row of
 * each label, in the order given.
 */
export function rheobaseLabelRows(labels: { x: number; text: string }[], [left, right]: [number, number]): number[] {
  const spans = labels.map(({ x, text }) => {
    const w = text.length * LABEL_CHAR_PX;
    // Labels near an edge are drawn anchored at that edge (see FICurveChart), as here.
    const start = x < left + 40 ? x : x > right - 40 ? x - w : x - w / 2;
    return { start, end: start + w };
  });
  const order = spans.map((_, k) => k).sort((p, q) => spans[p].start - spans[q].start);
  const rowEnds: number[] = [];
  const rows = new Array<number>(labels.length).fill(0);
  for (const k of order) {
    let row = rowEnds.findIndex((end) => spans[k].start >= end + GAP_PX);
    if (row < 0) {
      row = rowEnds.length;
      rowEnds.push(spans[k].end);
    } else rowEnds[row] = spans[k].end;
    rows[k] = row;
  }
  return rows;
}

/** The rate of a curve at current i, read off linearly between its samples (NaN outside them). */
export function rateAt(curve: FICurve, i: number): number {
  const { currents, rates } = curve;
  for (let k = 1; k < currents.length; k++) {
    if (i >= currents[k - 1] && i <= currents[k]) {
      const f = currents[k] === currents[k - 1] ? 0 : (i - currents[k - 1]) / (currents[k] - currents[k - 1]);
      return rates[k - 1] + f * (rates[k] - rates[k - 1]);
    }
  }
  return Number.NaN;
}
