/**
 * The Song, Miller & Abbott (2000) example run in Node: every `--every` simulated seconds, the output
 * rate, the share of plastic weights in the outer 20% of [0, wMax] and the mean weights of the
 * correlated and independent inputs; at the end one line `song: ...`.
 * `npm run bench:song -- --seconds 300 [--seed 1] [--every 10] [--a-plus 0.005] [--inputs 250 --correlated 25]`
 */
import { parseArgs } from 'node:util';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { measureSong, songMillerAbbott, SONG_DEFAULTS } from '../src/core/experiment/songMillerAbbott.ts';
import { validateExperiment } from '../src/core/experiment/validate.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '300' },
    seed: { type: 'string', default: '1' },
    every: { type: 'string', default: '10' },
    'a-plus': { type: 'string', default: String(SONG_DEFAULTS.aPlus) },
    inputs: { type: 'string', default: String(SONG_DEFAULTS.inputs) },
    correlated: { type: 'string', default: String(SONG_DEFAULTS.correlated) },
  },
});
const seconds = Number(values.seconds);
const every = Number(values.every);
const checked = validateExperiment(songMillerAbbott({
  seed: Number(values.seed), aPlus: Number(values['a-plus']), inputs: Number(values.inputs), correlated: Number(values.correlated), duration: seconds * 1000,
}));
if (!checked.ok) throw new Error(checked.errors.join('\n'));
const started = performance.now();
const sim = new Simulation(compileExperiment(checked.experiment));
const net = sim.net;
const plastic = net.plasticity;
if (!plastic) throw new Error('no plastic synapses');
const out = net.indexOf.get('out') ?? -1;
const inputStart = net.indexOf.get('corr[0]') ?? -1;
const correlated = checked.experiment.populations[0].size;
const stepsPerBlock = Math.round((every * 1000) / net.dt);
let bimodalAt: number | null = null;
let inputSpikes = 0;
let lastRate = 0;
for (let block = 1; block * every <= seconds; block++) {
  sim.run(stepsPerBlock);
  const spikes = sim.spikes.drain();
  let outSpikes = 0;
  for (let k = 0; k < spikes.neurons.length; k++) {
    if (spikes.neurons[k] === out) outSpikes++;
    else if (spikes.neurons[k] >= inputStart) inputSpikes++;
  }
  lastRate = outSpikes / every;
  const m = measureSong(Array.from(plastic.synapse, (s) => net.synapses.weight[s]), correlated);
  if (bimodalAt === null && m.outer > 0.8) bimodalAt = block * every;
  console.log(`t ${block * every} s  out ${lastRate.toFixed(1)} Hz  outer20% ${(100 * m.outer).toFixed(1)}%  corr mean ${m.correlatedMean.toFixed(3)}  ind mean ${m.independentMean.toFixed(3)}`);
}
const m = measureSong(Array.from(plastic.synapse, (s) => net.synapses.weight[s]), correlated);
const wall = (performance.now() - started) / 1000;
console.log(`input rate ${(inputSpikes / seconds / plastic.synapse.length).toFixed(2)} Hz per input`);
console.log(`song: outer20% ${(100 * m.outer).toFixed(1)}% bimodal-at ${bimodalAt ?? 'never'} s output ${lastRate.toFixed(1)} Hz corr ${m.correlatedMean.toFixed(3)} ind ${m.independentMean.toFixed(3)} time ${wall.toFixed(1)} s`);
