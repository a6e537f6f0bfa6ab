import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { PATTERNS } from '../src/core/experiment/patterns.ts';
import { spikesToCsv } from '../src/core/io/spikesCsv.ts';
import { openLab, simTime, stepHundreds } from './lab.ts';

/** What `npm run sim -- public/patterns/<id>.json --duration <ms>` writes (same engine and file). */
function commandLineSpikes(id: string, ms: number): string {
  const pattern = PATTERNS.find((p) => p.id === id);
  if (!pattern) throw new Error(`no pattern ${id}`);
  const experiment = pattern.make();
  const sim = new Simulation(compileExperiment(experiment));
  sim.run(Math.round(ms / experiment.simulation.dt));
  const { neurons, times } = sim.spikes.drain();
  return spikesToCsv(neurons, times, sim.net.ids);
}

// Three patterns whose names are checkable from spikes alone: regular spikes, one spike, one burst.
for (const { id, check } of [
  { id: 'tonic-spiking', check: (times: number[]) => expect(times.length).toBeGreaterThanOrEqual(4) },
  { id: 'phasic-spiking', check: (times: number[]) => expect(times).toHaveLength(1) },
  { id: 'rebound-burst', check: (times: number[]) => expect(times.length).toBeGreaterThanOrEqual(4) },
]) {
  test(`pattern ${id}: opens from the gallery, shows its behaviour, and gives the command line's spikes`, async ({ page }) => {
    await openLab(page);
    await page.getByTestId('examples').click();
    await page.getByTestId(`pattern-open-${id}`).click();
    const title = PATTERNS.find((p) => p.id === id)?.make().name ?? '';
    await expect(page.getByTestId('experiment-name')).toHaveText(title);
    await expect(page.getByTestId('run-state')).toHaveText('paused');
    await stepHundreds(page, 2);
    expect(await simTime(page)).toBe(200);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-spikes').click()]);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv).toBe(commandLineSpikes(id, 200));
    check(csv.trim().split('\n').slice(1).map((line) => Number(line.split(',')[0])));
  });
}
