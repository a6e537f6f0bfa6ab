/**
 * Rows of the Iris raster: one band per layer of the classifier (inputs, hidden, outputs, in the
 * network's neuron order), each under its own heading, with row heights that keep every band legible
 * (the few output rows, where the answer is read, tallest) instead of one lab-sized plot of 27 rows.
 */

export type Layer = 'input' | 'hidden' | 'output';

export interface LayerSizes {
  inputs: number;
  hidden: number;
  outputs: number;
}

/** Rows of a band that share a label: a feature's receptive fields, or one output class. */
export interface RowGroup {
  label: string;
  first: number;
  count: number;
}

export interface RasterBand {
  layer: Layer;
  title: string;
  /** Index of the band's first neuron in the network, and how many it has. */
  first: number;
  count: number;
  /** y of the band's first row, and the height of each row, px. */
  top: number;
  rowHeight: number;
  groups: RowGroup[];
}

export interface RasterLayout {
  bands: RasterBand[];
  /** The plot's height, px, from the top margin to the bottom of the last band. */
  height: number;
}

/** Height of a band's heading line above its rows. */
export const BAND_HEADING = 18;
export const RASTER_TOP = 4;

const ROW_HEIGHT: Record<Layer, number> = { input: 7, hidden: 7, output: 18 };
/** A band never taller than this (a large hidden layer gets thinner rows, down to MIN_ROW). */
const MAX_BAND = 220;
const MIN_ROW = 2;
const LABEL_LINE = 12;

/**
 * The bands for a network of these layer sizes. inputGroups label the input rows (features), outputNames
 * the output rows (classes); an empty layer has no band.
 */
export function rasterLayout(sizes: LayerSizes, inputGroups: RowGroup[], outputNames: readonly string[]): RasterLayout {
  const bands: RasterBand[] = [];
  let y = RASTER_TOP;
  let first = 0;
  const add = (layer: Layer, count: number, title: string, groups: RowGroup[]) => {
    if (count <= 0) return;
    // Rows labelled one by one (a direct encoding's features, the classes) need a line of text each.
    const labelled = groups.length > 0 && groups.every((g) => g.count === 1) ? LABEL_LINE : 0;
    const rowHeight = Math.max(MIN_ROW, labelled, Math.min(ROW_HEIGHT[layer], MAX_BAND / count));
    bands.push({ layer, title, first, count, top: y + BAND_HEADING, rowHeight, groups });
    y += BAND_HEADING + rowHeight * count;
    first += count;
  };
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  add('input', sizes.inputs, `Input layer \u00b7 ${plural(sizes.inputs, 'neuron')}`, inputGroups);
  add('hidden', sizes.hidden, `Hidden layer \u00b7 ${plural(sizes.hidden, 'neuron')}`, []);
  add(
    'output',
    sizes.outputs,
    `Output layer \u00b7 ${plural(sizes.outputs, 'neuron')}, one per class`,
    Array.from({ length: sizes.outputs }, (_, c) => ({ label: outputNames[c] ?? `class ${c + 1}`, first: first + c, count: 1 })),
  );
  return { bands, height: y };
}

/**
 * Input rows grouped by the feature they encode (inputFeature[k], adjacent inputs of one feature; -1 a
 * bias), labelled with the feature's name.
 */
export function inputGroups(inputFeature: ArrayLike<number>, featureNames: readonly string[]): RowGroup[] {
  const groups: RowGroup[] = [];
  for (let k = 0; k < inputFeature.length; k++) {
    const f = inputFeature[k];
    const last = groups[groups.length - 1];
    const label = f < 0 ? 'bias' : (featureNames[f] ?? `feature ${f + 1}`);
    if (last && k > 0 && inputFeature[k - 1] === f) last.count++;
    else groups.push({ label, first: k, count: 1 });
  }
  return groups;
}
