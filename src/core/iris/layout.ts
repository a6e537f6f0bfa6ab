/**
 * Where the classifier's neurons go in the network editor: the layers left to right, the inputs as a
 * grid with one column per feature (its receptive fields stacked), the hidden layer as a grid no
 * taller than the inputs, the outputs in one column, all centred on the same middle line. The pitch
 * leaves room for a neuron's circle and its two label lines, so no node or label covers another.
 */

export interface Point {
  x: number;
  y: number;
}

/** Distance between neighbouring neurons in a layer (world units of the editor: a neuron is 44 across). */
export const COLUMN_PITCH = 150;
export const ROW_PITCH = 110;
/** Room between the last column of one layer and the first of the next, for the edges to fan out. */
export const LAYER_GAP = 260;
/** A hidden layer with fewer columns than this many rows per column stacks up to this many. */
const MIN_HIDDEN_ROWS = 6;

/**
 * Every other column half a row lower than its neighbours (a quarter row up or down, so the block
 * keeps its middle): an edge leaving a column passes between the next column's neurons.
 */
function staggerOf(column: number, columns: number): number {
  if (columns < 2) return 0;
  return column % 2 === 1 ? ROW_PITCH / 4 : -ROW_PITCH / 4;
}

export interface LayerPositions {
  inputs: Point[];
  hidden: Point[];
  outputs: Point[];
}

/**
 * Positions of the input, hidden and output neurons. inputGroup[k] is the feature input k encodes
 * (inputs of one feature are adjacent; -1, a bias input, is a group of its own).
 */
export function layerPositions(inputGroup: ArrayLike<number>, hidden: number, outputs: number): LayerPositions {
  const groups: number[][] = [];
  for (let k = 0; k < inputGroup.length; k++) {
    const last = groups[groups.length - 1];
    if (last && inputGroup[last[0]] === inputGroup[k]) last.push(k);
    else groups.push([k]);
  }
  // Direct encoding (one input per feature): a single column, not a row of one-neuron columns.
  const columns = groups.every((g) => g.length === 1) ? [groups.flat()] : groups;
  const inputRows = Math.max(1, ...columns.map((c) => c.length));
  const middle = ((inputRows - 1) * ROW_PITCH) / 2;

  const inputs: Point[] = new Array<Point>(inputGroup.length);
  columns.forEach((column, c) => {
    const stagger = staggerOf(c, columns.length);
    const top = middle - ((column.length - 1) * ROW_PITCH) / 2 + stagger;
    column.forEach((k, r) => (inputs[k] = { x: c * COLUMN_PITCH, y: top + r * ROW_PITCH }));
  });
  let x = (columns.length - 1) * COLUMN_PITCH + LAYER_GAP;

  const hiddenPoints: Point[] = [];
  if (hidden > 0) {
    const rows = Math.min(hidden, Math.max(inputRows, MIN_HIDDEN_ROWS));
    const hiddenColumns = Math.ceil(hidden / rows);
    for (let h = 0; h < hidden; h++) {
      const c = Math.floor(h / rows);
      const inColumn = c === hiddenColumns - 1 ? hidden - c * rows : rows;
      const stagger = staggerOf(c, hiddenColumns);
      const top = middle - ((inColumn - 1) * ROW_PITCH) / 2 + stagger;
      hiddenPoints.push({ x: x + c * COLUMN_PITCH, y: top + (h % rows) * ROW_PITCH });
    }
    x += (hiddenColumns - 1) * COLUMN_PITCH + LAYER_GAP;
  }

  // The answer neurons further apart than the others: few of them, and each is read on its own.
  const outputPitch = ROW_PITCH * 1.5;
  const outputTop = middle - ((outputs - 1) * outputPitch) / 2;
  const outputPoints = Array.from({ length: outputs }, (_, c) => ({ x, y: outputTop + c * outputPitch }));

  // Whole units, from (60, 60): the editor's files keep integer positions.
  const all = [...inputs, ...hiddenPoints, ...outputPoints];
  const minY = Math.min(...all.map((p) => p.y));
  const place = (p: Point): Point => ({ x: Math.round(60 + p.x), y: Math.round(60 + p.y - minY) });
  return { inputs: inputs.map(place), hidden: hiddenPoints.map(place), outputs: outputPoints.map(place) };
}
