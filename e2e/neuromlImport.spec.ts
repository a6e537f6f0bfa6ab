import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { dropFiles, openLab, showNetwork, stepHundreds } from './lab.ts';
import { importedSpikesCsv } from './nodeSpikes.ts';

const FIXTURES = 'test/fixtures/neuroml';

test('a NeuroML file dropped on the lab opens, says what it changed, and runs with the spikes of the command line', async ({ page }) => {
  await openLab(page);
  const name = 'LEMS_NML2_Ex2_Izh.xml';
  const text = await readFile(`${FIXTURES}/${name}`, 'utf8');
  await dropFiles(page, [{ name, text }]);

  await expect(page.getByTestId('file-drop')).toHaveCount(0);
  await expect(page.getByTestId('experiment-name')).toHaveText('net1');
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 4 neurons');
  const notice = page.getByTestId('import-notice');
  await expect(notice).toContainText(`Opened ${name}. One thing in it was not imported as written:`);
  await expect(page.getByTestId('import-skipped')).toContainText('<Simulation id="sim1"> (line 50): the step 0.005 ms is not one the lab runs');
  await expect(page.getByTestId('error-banner')).toHaveCount(0);

  await showNetwork(page);
  await expect(page.getByTestId('network-view')).toContainText('izpopBurst');

  await stepHundreds(page, 2);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download spikes CSV' }).click()]);
  const csv = await readFile(await download.path(), 'utf8');
  const expected = importedSpikesCsv(text, name, 200);
  // The four cells of the file: 29 + 9 + 8 + 7 spikes in 200 ms (test/fixtures/neuroml/reference.py).
  expect(expected.trim().split('\n').length - 1).toBe(53);
  expect(csv).toBe(expected);

  // Undo brings back the experiment that was open before.
  await page.getByTestId('import-notice-dismiss').click();
  await expect(notice).toHaveCount(0);
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('experiment-name')).toHaveText('Excite one, inhibit another');
});

test('a broken NeuroML file is refused with its line, and the open experiment stays', async ({ page }) => {
  await openLab(page);
  await dropFiles(page, [{ name: 'broken.nml', text: '<neuroml>\n<network id="n">\n</neuroml>' }]);
  const banner = page.getByTestId('error-banner');
  await expect(banner).toContainText('Could not open broken.nml: broken.nml, line 2: not well-formed XML');
  await expect(page.getByTestId('experiment-name')).toHaveText('Excite one, inhibit another');
});

test('Open… picks NeuroML files too: the network opens and runs', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('open-experiment').setInputFiles(`${FIXTURES}/LEMS_NML2_Ex2_Izh.xml`);
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 4 neurons');
  await expect(page.getByTestId('import-notice')).toContainText('Opened LEMS_NML2_Ex2_Izh.xml.');
  await stepHundreds(page, 1);
  await expect.poll(async () => Number(await page.getByTestId('raster').getAttribute('data-spike-count'))).toBeGreaterThan(10);
});

/** Where the screenshots go when set (NEUROML_SHOTS=dir), to look at the import at two sizes. */
const SHOTS = process.env.NEUROML_SHOTS;

test('screenshots of the drop and the import notice', async ({ browser }) => {
  test.skip(!SHOTS, 'NEUROML_SHOTS is not set');
  const name = 'LEMS_NML2_Ex2_Izh.xml';
  const text = await readFile(`${FIXTURES}/${name}`, 'utf8');
  for (const [width, height] of [[1440, 900], [390, 844]]) {
    // A fresh context each: the lab reopens its autosave, which is the import once it has happened.
    const context = await browser.newContext({ viewport: { width, height }, storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.addInitScript(() => localStorage.setItem('spiking-lab/tour', 'seen'));
    await openLab(page);
    const transfer = await page.evaluateHandle((f) => {
      const dt = new DataTransfer();
      dt.items.add(new File([f.text], f.name, { type: 'application/xml' }));
      return dt;
    }, { name, text });
    await page.getByTestId('raster').dispatchEvent('dragenter', { dataTransfer: transfer });
    await expect(page.getByTestId('file-drop')).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/nmlimport-dragging-${width}x${height}.png` });
    await page.getByTestId('raster').dispatchEvent('drop', { dataTransfer: transfer });
    await expect(page.getByTestId('import-notice')).toBeVisible();
    await stepHundreds(page, 2);
    await page.screenshot({ path: `${SHOTS}/nmlimport-opened-${width}x${height}.png` });
    await context.close();
  }
});
