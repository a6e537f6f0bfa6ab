import { expect, test, type Locator, type Page } from '@playwright/test';
import { openLab, simTime, spikeCount } from './lab.ts';

/** Centre of an element on the page. */
async function centre(el: Locator): Promise<{ x: number; y: number }> {
  const box = await el.boundingBox();
  if (!box) throw new Error('not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

const driverSpikes = async (page: Page) => Number(await page.getByTestId('neuron-rate').getAttribute('data-spikes'));

test('the phase plane of the driver: fixed points, a live trajectory, and a click that sets its state', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('neuron-select').selectOption('driver');
  await page.getByTestId('top-tab-phase').click();
  const plane = page.getByTestId('phase-plane');
  await expect(plane).toBeVisible();
  await expect(page.getByTestId('phase-current')).toHaveText('I = 0 pA');

  // Before the step (I = 0): a stable rest at -70 mV and a saddle at -50 mV.
  const points = page.getByTestId('phase-fixed-point');
  await expect(points).toHaveCount(2);
  const stable = page.locator('[data-testid="phase-fixed-point"][data-kind="stable"]');
  const saddle = page.locator('[data-testid="phase-fixed-point"][data-kind="saddle"]');
  expect(Number(await stable.getAttribute('data-v'))).toBeCloseTo(-70, 1);
  expect(Number(await saddle.getAttribute('data-v'))).toBeCloseTo(-50, 1);
  expect(Number(await stable.getAttribute('data-u'))).toBeCloseTo(-14, 1);
  expect(Number(await saddle.getAttribute('data-u'))).toBeCloseTo(-10, 1);
  // Showing the plane records u for the neuron (the trace panel gets a u chart).
  await expect(page.getByTestId('phase-record-u')).toHaveCount(0);

  // The markers give the plane's scales: click at v = 0 mV, u = -12.
  const a = await centre(stable);
  const b = await centre(saddle);
  const xOf = (v: number) => a.x + ((v + 70) / 20) * (b.x - a.x);
  const yOf = (u: number) => a.y + ((u + 14) / 4) * (b.y - a.y);
  expect(await driverSpikes(page)).toBe(0);
  const before = await spikeCount(page);
  await page.mouse.click(xOf(0), yOf(-12));
  // Silent on its own before 100 ms, the driver now spikes within a few ms.
  for (let k = 1; k <= 5; k++) {
    await page.getByTestId('step-1').click();
    await expect.poll(() => simTime(page)).toBe(k);
  }
  await expect.poll(() => driverSpikes(page)).toBeGreaterThanOrEqual(1);
  expect(await spikeCount(page)).toBeGreaterThan(before);

  // Past the step at 100 ms the input is 10 pA: no fixed points, and the driver fires tonically.
  await page.getByTestId('play').click();
  await expect.poll(() => simTime(page), { timeout: 20_000 }).toBeGreaterThan(650);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  await expect(page.getByTestId('phase-current')).toHaveText('I = 10 pA');
  await expect(points).toHaveCount(0);
  const length = await page.getByTestId('phase-trajectory').evaluate((p) => (p as SVGPathElement).getTotalLength());
  expect(length).toBeGreaterThan(300);
  await page.screenshot({ path: 'test-results/phase-plane.png' });

  // Back to the network editor.
  await page.getByTestId('show-network-editor').click();
  await expect(page.getByTestId('network-view')).toBeVisible();
});

test("a neuron reached by synapses: the plane's I adds its recorded synaptic current", async ({ page }) => {
  await openLab(page);
  await page.getByTestId('neuron-select').selectOption('follower');
  await page.getByTestId('top-tab-phase').click();
  await expect(page.getByTestId('phase-plane')).toBeVisible();
  // The follower's only input is zero-mean noise; its drive comes through the AMPA synapse from the driver.
  await expect(page.getByTestId('phase-current')).toHaveText(/^I = 0 pA \(input 0 \+ synaptic 0\.00\)$/);
  // Showing the plane records I_syn of the follower along with u.
  await expect(page.locator('g[data-variable="isyn"]')).toHaveCount(1);
  await page.getByTestId('play').click();
  await expect.poll(() => simTime(page), { timeout: 20_000 }).toBeGreaterThan(400);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  // Past 100 ms the driver fires at about 20 Hz, so the follower's synaptic current is not zero at every step; sample until it is.
  const label = page.getByTestId('phase-current');
  let synaptic = 0;
  for (let k = 0; k < 40 && synaptic === 0; k++) {
    const text = (await label.textContent()) ?? '';
    // The page writes negative numbers with a true minus sign (U+2212).
    const match = /^I = ([-\u2212]?[\d.]+) pA \(input 0 \+ synaptic ([-\u2212]?[\d.]+)\)$/.exec(text);
    expect(match, text).not.toBeNull();
    const number = (written: string | undefined) => Number((written ?? '').replace('\u2212', '-'));
    synaptic = number(match?.[2]);
    if (match) expect(number(match[1])).toBeCloseTo(synaptic, 1);
    if (synaptic === 0) await page.getByTestId('step-1').click();
  }
  expect(Math.abs(synaptic)).toBeGreaterThan(0);
});
