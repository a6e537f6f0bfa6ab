/**
 * Benchmark: the spiking Iris classifier, stratified 5-fold cross-validation over 3 seeds with the
 * default settings (population coding), then the same for the write-up's direct encoding, and a
 * label-permutation control (which must land near chance: a check for leakage).
 * Training time per fold = encoding + simulating the training rows' input layer + all epochs.
 * With --hidden, also the network with a hidden layer of 8 neurons trained by spike-count backpropagation.
 * Last line, for scripts:
 *   bench:iris: cv5 test <mean>% sd <sd> train <mean>% fold-time <median> s seeds 3
 * (test and train accuracy averaged over the 15 folds, sd = standard deviation of the 15 fold test
 * accuracies in percentage points, median training time per fold.)
 */
import { readFileSync } from 'node:fs';
import { parseDatasetCsv, classCounts, type Dataset } from '../src/core/iris/dataset.ts';
import { DEFAULT_DIRECT, featureRanges, type EncodingSpec } from '../src/core/iris/encoding.ts';
import { NO_ANSWER, mean, median, standardDeviation } from '../src/core/iris/metrics.ts';
import { shuffleInPlace, stratifiedFolds } from '../src/core/iris/split.ts';
import { Random } from '../src/core/random.ts';
import { DEFAULT_SETTINGS, evaluateClassifier, trainClassifier, type ClassifierSettings } from '../src/core/iris/train.ts';

const SEEDS = [1, 2, 3];
const FOLDS = 5;

const text = readFileSync(new URL('../public/data/iris.csv', import.meta.url), 'utf8');
const parsed = parseDatasetCsv(text);
if (!parsed.ok) {
  console.error(parsed.errors.join('\n'));
  process.exit(1);
}
const data = parsed.dataset;
const counts = classCounts(data.y, data.classNames.length);
const columnMeans = data.featureNames.map((_, f) => mean(data.X.map((x) => x[f])));
console.log(
  `data: ${data.X.length} rows, ${data.classNames.map((c, k) => `${c} ${counts[k]}`).join(', ')}; ` +
    `means ${data.featureNames.map((f, k) => `${f} ${columnMeans[k].toFixed(3)}`).join(', ')}`,
);

interface Summary {
  test: number[];
  train: number[];
  seconds: number[];
  noAnswers: number;
  rangesFromTrainingRows: number;
}

function crossValidate(label: string, settings: ClassifierSettings, dataset: Dataset, seeds: number[], verbose = true): Summary {
  const summary: Summary = { test: [], train: [], seconds: [], noAnswers: 0, rangesFromTrainingRows: 0 };
  if (verbose) console.log(`\n${label}\nseed fold  test%  train%  train-time(s)  no-answer(test)`);
  for (const seed of seeds) {
    const folds = stratifiedFolds(dataset.y, FOLDS, seed);
    folds.forEach((fold, f) => {
      const run: ClassifierSettings = { ...settings, training: { ...settings.training, seed } };
      const start = performance.now();
      const { model } = trainClassifier(dataset, fold.train, run);
      const seconds = (performance.now() - start) / 1000;
      const test = evaluateClassifier(model, dataset, fold.test);
      const train = evaluateClassifier(model, dataset, fold.train);
      // Leakage check: the encoder's ranges must be those of the training rows alone.
      const expected = featureRanges(dataset.X, fold.train);
      if (expected.every((r, k) => r.min === model.encoder.ranges[k].min && r.max === model.encoder.ranges[k].max)) summary.rangesFromTrainingRows++;
      const silent = test.predictions.filter((p) => p === NO_ANSWER).length;
      summary.test.push(test.accuracy);
      summary.train.push(train.accuracy);
      summary.seconds.push(seconds);
      summary.noAnswers += silent;
      if (verbose) {
        console.log(
          `${String(seed).padStart(4)} ${String(f + 1).padStart(4)} ${(100 * test.accuracy).toFixed(2).padStart(6)} ${(100 * train.accuracy).toFixed(2).padStart(7)}` +
            ` ${seconds.toFixed(3).padStart(14)} ${String(silent).padStart(16)}`,
        );
      }
    });
  }
  const perSeed = seeds.map((_, s) => mean(summary.test.slice(s * FOLDS, (s + 1) * FOLDS)));
  console.log(
    `${label}: test ${(100 * mean(summary.test)).toFixed(2)}% (sd over folds ${(100 * standardDeviation(summary.test)).toFixed(2)}, ` +
      `per seed ${perSeed.map((a) => (100 * a).toFixed(2)).join(' / ')}, sd over seeds ${(100 * standardDeviation(perSeed)).toFixed(2)}), ` +
      `train ${(100 * mean(summary.train)).toFixed(2)}% (sd ${(100 * standardDeviation(summary.train)).toFixed(2)}), ` +
      `fold time median ${median(summary.seconds).toFixed(3)} s (min ${Math.min(...summary.seconds).toFixed(3)}, max ${Math.max(...summary.seconds).toFixed(3)}), ` +
      `no answer ${summary.noAnswers}, encoder from training rows only in ${summary.rangesFromTrainingRows}/${summary.test.length} folds`,
  );
  return summary;
}

const describe = (e: EncodingSpec) =>
  e.kind === 'gaussian' ? `gaussian, ${e.fields} fields/feature, I_max ${e.iMax} pA${e.bias ? `, bias ${e.bias} pA` : ''}` : `direct, ${e.iMin}..${e.iMax} pA${e.bias ? `, bias ${e.bias} pA` : ''}`;
const t = DEFAULT_SETTINGS.training;
const n = DEFAULT_SETTINGS.network;
console.log(
  `defaults: ${describe(DEFAULT_SETTINGS.encoding)}; window ${n.window} ms, dt ${n.dt} ms, RS cells, expConductance gbase ${n.gbase} nS tau ${n.tau} ms, ` +
    `hidden ${n.hidden}; ${t.epochs} epochs, eta ${t.learningRate} -> ${t.learningRate * t.finalRate}, targets ${t.targetCorrect}/${t.targetWrong}, ` +
    `clip ${t.errorClip}, |w| <= ${t.weightLimit}`,
);

// Warm the JIT on one fold so the first measured fold is not charged for compilation.
trainClassifier(data, stratifiedFolds(data.y, FOLDS, 99)[0].train, DEFAULT_SETTINGS);

const main = crossValidate(`population coding (${describe(DEFAULT_SETTINGS.encoding)})`, DEFAULT_SETTINGS, data, SEEDS);
crossValidate(`direct encoding (${describe(DEFAULT_DIRECT)})`, { ...DEFAULT_SETTINGS, encoding: DEFAULT_DIRECT }, data, SEEDS);
const plainDirect: EncodingSpec = { kind: 'direct', iMin: DEFAULT_DIRECT.iMin, iMax: DEFAULT_DIRECT.iMax };
crossValidate(`direct encoding as in the write-up (${describe(plainDirect)})`, { ...DEFAULT_SETTINGS, encoding: plainDirect }, data, SEEDS);

if (process.argv.includes('--hidden')) {
  const hidden: ClassifierSettings = { ...DEFAULT_SETTINGS, network: { ...DEFAULT_SETTINGS.network, hidden: 8 } };
  crossValidate('hidden layer of 8 (population coding)', hidden, data, SEEDS, false);
  crossValidate(`hidden layer of 8 (${describe(DEFAULT_DIRECT)})`, { ...hidden, encoding: DEFAULT_DIRECT }, data, SEEDS, false);
}

// Control: the same pipeline on labels shuffled once (seeded) must be near chance (33%).
const permuted = Int32Array.from(data.y);
shuffleInPlace(permuted, new Random(1, 'bench:permuted-labels'));
crossValidate('control: permuted labels', DEFAULT_SETTINGS, { ...data, y: permuted }, [1], false);

console.log(
  `\nbench:iris: cv5 test ${(100 * mean(main.test)).toFixed(2)}% sd ${(100 * standardDeviation(main.test)).toFixed(2)} ` +
    `train ${(100 * mean(main.train)).toFixed(2)}% fold-time ${median(main.seconds).toFixed(3)} s seeds ${SEEDS.length}`,
);
