/**
 * Turning a feature vector into input currents, one per input neuron.
 *
 * - gaussian (population coding, Bohte et al. 2002): m receptive fields per feature, centres
 *   mu_i = x_min + (2i - 3)/2 * (x_max - x_min)/(m - 2), i = 1..m, one width
 *   sigma = (x_max - x_min) / (1.5 (m - 2)); input neuron i of the feature gets
 *   I = I_max exp(-(x - mu_i)^2 / (2 sigma^2)).
 * - direct (the write-up's): one input neuron per feature, I = I_min + (I_max - I_min) (x - x_min)/(x_max - x_min),
 *   the fraction clipped to [0, 1] for values outside the training range.
 *
 * With `bias` > 0 there is one more input neuron, last, driven by `bias` pA whatever the sample: it
 * fires the same train every time and gives each output a learnable offset (a perceptron's bias).
 *
 * x_min and x_max come from the training rows only (fitEncoder), so test rows leak nothing.
 */

export interface GaussianEncoding {
  kind: 'gaussian';
  /** Receptive fields per feature, >= 3. */
  fields: number;
  /** Current at a field's centre, pA. */
  iMax: number;
  /** Current of the bias neuron, pA; none when absent or 0. */
  bias?: number;
}

export interface DirectEncoding {
  kind: 'direct';
  /** Current at the training minimum of the feature, pA. */
  iMin: number;
  /** Current at the training maximum, pA. */
  iMax: number;
  bias?: number;
}

export type EncodingSpec = GaussianEncoding | DirectEncoding;

/** The default: 6 fields per feature, up to 40 pA (a regular-spiking cell fires 17 spikes in 200 ms at 40 pA). */
export const DEFAULT_GAUSSIAN: GaussianEncoding = { kind: 'gaussian', fields: 6, iMax: 40 };
/** The write-up's encoding, plus a bias neuron (without it a single layer cannot make the middle class win). */
export const DEFAULT_DIRECT: DirectEncoding = { kind: 'direct', iMin: 0, iMax: 40, bias: 20 };

export interface FeatureRange {
  min: number;
  max: number;
}

export interface Encoder {
  spec: EncodingSpec;
  featureNames: string[];
  /** Per feature, from the training rows. */
  ranges: FeatureRange[];
  /** Input neurons: fields * features (gaussian, feature-major) or features (direct). */
  inputCount: number;
  /** Per input neuron: its feature (-1 for the bias neuron), and its field within the feature (0 for direct). */
  inputFeature: Int32Array;
  inputField: Int32Array;
  /** Per input neuron (gaussian): the centre mu and the feature's sigma. */
  centres: Float64Array;
  sigmas: Float64Array;
  /** Readable names of the input neurons, e.g. `petal_width #3`. */
  inputNames: string[];
}

/** Centres mu_i = x_min + (2i - 3)/2 * (x_max - x_min)/(m - 2), i = 1..m. */
export function gaussianCentres(min: number, max: number, fields: number): Float64Array {
  const centres = new Float64Array(fields);
  const span = spanOf(min, max);
  for (let i = 1; i <= fields; i++) centres[i - 1] = min + (((2 * i - 3) / 2) * span) / (fields - 2);
  return centres;
}

/** sigma = (x_max - x_min) / (1.5 (m - 2)). */
export function gaussianWidth(min: number, max: number, fields: number): number {
  return spanOf(min, max) / (1.5 * (fields - 2));
}

/** A feature that is constant over the training rows still gets fields of width 1 around it. */
function spanOf(min: number, max: number): number {
  return max > min ? max - min : 1;
}

/** The range of every feature over `rows` (indices into X). */
export function featureRanges(X: readonly Float64Array[], rows: ArrayLike<number>): FeatureRange[] {
  if (rows.length === 0) throw new Error('featureRanges: no training rows');
  const features = X[rows[0]].length;
  const ranges: FeatureRange[] = [];
  for (let f = 0; f < features; f++) {
    let min = Infinity;
    let max = -Infinity;
    for (let k = 0; k < rows.length; k++) {
      const x = X[rows[k]][f];
      if (x < min) min = x;
      if (x > max) max = x;
    }
    ranges.push({ min, max });
  }
  return ranges;
}

/** An encoder fitted to the training rows `rows` of X. */
export function fitEncoder(X: readonly Float64Array[], rows: ArrayLike<number>, featureNames: readonly string[], spec: EncodingSpec): Encoder {
  if (spec.kind === 'gaussian' && !(Number.isInteger(spec.fields) && spec.fields >= 3)) {
    throw new Error(`gaussian encoding: fields must be an integer >= 3, got ${spec.fields}`);
  }
  const ranges = featureRanges(X, rows);
  const features = ranges.length;
  const perFeature = spec.kind === 'gaussian' ? spec.fields : 1;
  const bias = spec.bias ?? 0;
  const inputCount = features * perFeature + (bias > 0 ? 1 : 0);
  const inputFeature = new Int32Array(inputCount);
  const inputField = new Int32Array(inputCount);
  const centres = new Float64Array(inputCount);
  const sigmas = new Float64Array(inputCount);
  const inputNames: string[] = [];
  for (let f = 0; f < features; f++) {
    const { min, max } = ranges[f];
    const mu = spec.kind === 'gaussian' ? gaussianCentres(min, max, spec.fields) : undefined;
    const sigma = spec.kind === 'gaussian' ? gaussianWidth(min, max, spec.fields) : 0;
    for (let i = 0; i < perFeature; i++) {
      const k = f * perFeature + i;
      inputFeature[k] = f;
      inputField[k] = i;
      centres[k] = mu ? mu[i] : 0;
      sigmas[k] = sigma;
      const name = featureNames[f] ?? `x${f}`;
      inputNames.push(spec.kind === 'gaussian' ? `${name} #${i + 1}` : name);
    }
  }
  if (bias > 0) {
    inputFeature[inputCount - 1] = -1;
    inputNames.push('bias');
  }
  return { spec, featureNames: [...featureNames], ranges, inputCount, inputFeature, inputField, centres, sigmas, inputNames };
}

/** The input currents (pA) for feature vector x, written into `out` (allocated when absent). */
export function encode(encoder: Encoder, x: ArrayLike<number>, out: Float64Array = new Float64Array(encoder.inputCount)): Float64Array {
  const spec = encoder.spec;
  for (let k = 0; k < encoder.inputCount; k++) {
    const feature = encoder.inputFeature[k];
    if (feature < 0) {
      out[k] = spec.bias ?? 0;
      continue;
    }
    const value = x[feature];
    if (spec.kind === 'gaussian') {
      const z = value - encoder.centres[k];
      const s = encoder.sigmas[k];
      out[k] = spec.iMax * Math.exp(-(z * z) / (2 * s * s));
    } else {
      const { min, max } = encoder.ranges[feature];
      const fraction = max > min ? Math.min(1, Math.max(0, (value - min) / (max - min))) : 0.5;
      out[k] = spec.iMin + (spec.iMax - spec.iMin) * fraction;
    }
  }
  return out;
}
