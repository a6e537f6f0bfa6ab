import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { izhikevich2003Network } from '../src/core/experiment/examples.ts';
import type { Experiment } from '../src/core/experiment/types.ts';
import { spikesToCsv } from '../src/core/io/spikesCsv.ts';
import { open2003Network, openLab, simTime, stepHundreds } from './lab.ts';

// The 2003 network is chaotic: a draw one bit off in Chromium (as Math.exp and Math.log of Chromium 159
// and Node 20 differ) changes its spikes within about a second, so 3 s of equal spikes check the draws.
/** Node's spikes of `experiment` over `ms` as the lab's CSV. */
function nodeSpikesCsv(experiment: Experiment, ms: number): { csv: string; count: number } {
  const sim = new Simulation(compileExperiment(experiment));
  sim.run(Math.round(ms / sim.net.dt));
  const { neurons, times } = sim.spikes.drain();
  return { csv: spikesToCsv(neurons, times, sim.net.ids), count: neurons.length };
}

/** The first line where the page's spikes CSV and Node's differ, or -1. */
function firstDifference(pageCsv: string, nodeCsv: string) {
  const pageLines = pageCsv.split('\n');
  const nodeLines = nodeCsv.split('\n');
  const first = nodeLines.findIndex((line, k) => line !== pageLines[k]);
  return { first, line: pageLines[first] ?? null, lengths: pageLines.length === nodeLines.length };
}

async function downloadSpikes(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download spikes CSV' }).click()]);
  return readFile(await download.path(), 'utf8');
}

test('the 2003 network fires the same spikes in the Worker as in Node, bit for bit, for 3 s (counter-ziggurat draws)', async ({ page }) => {
  await open2003Network(page);
  await stepHundreds(page, 30);
  expect(await simTime(page)).toBe(3000);
  const text = await downloadSpikes(page);

  const experiment = izhikevich2003Network();
  expect(experiment.simulation.randomDraws).toBe('counter-ziggurat');
  const expected = nodeSpikesCsv(experiment, 3000);
  expect(expected.count).toBeGreaterThan(20_000);
  // The first line that differs, rather than two 600 kB texts.
  expect(firstDifference(text, expected.csv)).toEqual({ first: -1, line: null, lengths: true });
});

// Chromium's Math.exp(-1/6) is one bit off Node's: the decay of a 6 ms conductance at dt 1 must come from
// the exp both evaluate alike, or this network's spikes part (at 1.7 s here: most such networks absorb the bit for longer).
test('a conductance network (tau 6 ms) fires the same spikes in the Worker as in Node for 3 s', async ({ page }) => {
  const experiment = izhikevich2003Network();
  experiment.synapseTypes = [
    { id: 'ampa', label: 'AMPA-like', kind: 'expConductance', gbase: 1, tau: 6, erev: 0 },
    { id: 'gaba', label: 'GABA-like', kind: 'expConductance', gbase: 1, tau: 6, erev: -80 },
  ];
  for (const projection of experiment.projections) {
    const inhibitory = projection.pre === 'I';
    projection.synapse = inhibitory ? 'gaba' : 'ampa';
    projection.weight = { dist: 'uniform', min: 0, max: inhibitory ? 0.03 : 0.007 };
  }
  const expected = nodeSpikesCsv(experiment, 3000);
  expect(expected.count).toBeGreaterThan(5_000);

  await openLab(page);
  await page.getByTestId('open-experiment').setInputFiles({
    name: 'conductance.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(experiment)),
  });
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 1000 neurons');
  await stepHundreds(page, 30);
  expect(await simTime(page)).toBe(3000);
  expect(firstDifference(await downloadSpikes(page), expected.csv)).toEqual({ first: -1, line: null, lengths: true });
});
