/** What the end-to-end tests read off the lab page and do to it, in one place. */
import { expect, type Page } from '@playwright/test';

/** Spikes the raster has drawn since the last reset. */
export const spikeCount = async (page: Page) => Number(await page.getByTestId('raster').getAttribute('data-spike-count'));

/** Trace samples the traces plot holds. */
export const sampleCount = async (page: Page) => Number(await page.getByTestId('traces').getAttribute('data-sample-count'));

/** The simulated time shown in the transport bar, ms. */
export const simTime = async (page: Page) => {
  const text = (await page.getByTestId('sim-time').textContent()) ?? '';
  const match = /([\d,.]+)\s*ms/.exec(text);
  if (!match) throw new Error(`no time in "${text}"`);
  return Number(match[1].replace(/,/g, ''));
};

/** Opens the page and waits until the Worker has loaded the default experiment. */
export async function openLab(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('play')).toBeEnabled();
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 3 neurons');
}

/** Steps 100 ms `times` times, waiting for each step to finish (a step replaces one still running). */
export async function stepHundreds(page: Page, times: number): Promise<void> {
  const start = await simTime(page);
  for (let k = 1; k <= times; k++) {
    await page.getByTestId('step-100').click();
    await expect.poll(() => simTime(page)).toBe(start + 100 * k);
    await expect(page.getByTestId('run-state')).toHaveText('paused');
  }
}

export const AUTOSAVE_PREFIX = 'spiking-lab/autosave/v1/';

/** Every stored autosave's text, newest first. */
export const storedAutosaves = (page: Page) =>
  page.evaluate((prefix) => Object.keys(localStorage).filter((k) => k.startsWith(prefix))
    .sort((x, y) => Number(y.slice(prefix.length)) - Number(x.slice(prefix.length)))
    .map((k) => localStorage.getItem(k) ?? ''), AUTOSAVE_PREFIX);

/**
 * Opens the network diagram above the plots (the lab starts with the plots only, the diagram one click
 * away under the "Network" tab) and waits until it is drawn.
 */
/** Opens the Song, Miller & Abbott STDP example from the gallery (1,002 neurons) at 1440x900. */
export async function openSongExample(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLab(page);
  await page.getByTestId('examples').click();
  await page.getByTestId('gallery-open-stdp-song-miller-abbott').click();
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 1002 neurons');
}

export async function showNetwork(page: Page): Promise<void> {
  await page.getByTestId('top-tab-network').click();
  await expect(page.getByTestId('top-tab-network')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('network-view')).toBeVisible();
}

/** Drops files on the lab as a file manager does: a drop event carrying them in a DataTransfer. */
export async function dropFiles(page: Page, files: { name: string; text: string }[]): Promise<void> {
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'application/xml' }));
    return dt;
  }, files);
  const target = page.getByTestId('raster');
  await target.dispatchEvent('dragenter', { dataTransfer: transfer });
  await expect(page.getByTestId('file-drop')).toBeVisible();
  await target.dispatchEvent('dragover', { dataTransfer: transfer });
  await target.dispatchEvent('drop', { dataTransfer: transfer });
}

/** The raster's accessible name for a network of n neurons ("1 neuron", "3 neurons"). */
export function rasterLabel(n: number): string {
  return `Spike raster of ${n} neuron${n === 1 ? '' : 's'}`;
}

/** Opens the lab with the gallery's 2003 network (1,000 neurons) loaded. */
export async function open2003Network(page: Page): Promise<void> {
  await openLab(page);
  await page.getByTestId('examples').click();
  await page.getByTestId('gallery-open-izhikevich-2003-network').click();
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', rasterLabel(1000));
}

/**
 * Opens the lab, plays it with the pacer selected, and presses the mouse on the pacer's amplitude slider
 * at `fraction` of its width: a drag begins. Returns the slider's box and the row the pointer moves along.
 */
export async function startPacerDrag(page: Page, fraction: number): Promise<{ box: { x: number; width: number }; y: number }> {
  await openLab(page);
  await page.getByTestId('neuron-select').selectOption('pacer');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveText('running');
  const slider = page.getByTestId('input-pacer-drive-amplitude-slider');
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  if (!box) throw new Error('the amplitude slider is not visible');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * fraction, y);
  await page.mouse.down();
  return { box, y };
}
