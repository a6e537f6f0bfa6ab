/**
 * The built app under its Content-Security-Policy: built and served by `vite preview` (the headers of
 * public/_headers), taken through the lab's main flows, and failed on any violation in the page or in
 * a Worker.
 *
 * Violations are watched three ways: the page's securitypolicyviolation events, console messages
 * (page and Workers), and the reports the browser posts to a report-uri added to the served policy
 * for this test. The reports are what see a Worker's violations from its first line (a listener can
 * only be put into a Worker once it runs); Chromium logs a Worker's violations nowhere Playwright sees.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test as base, type Page, type Worker } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { PATTERNS } from '../src/core/experiment/patterns.ts';
import { CONTENT_SECURITY_POLICY } from '../vite.config.ts';
import { openLab, simTime, stepHundreds } from './lab.ts';

const REPORT_PATH = '/__csp-report';
/** Where the end-of-test probes try to connect: refused by connect-src, never reached. */
const PROBE_HOST = 'csp-probe.invalid';

interface Violation {
  /** The page or the Worker script it happened in. */
  where: string;
  directive: string;
  blocked: string;
}

interface PreviewLab {
  url: string;
  /** Reports posted since the server started, in arrival order. */
  reports: Violation[];
  /** Serves `policy` (plus the report-uri) from the next request on. */
  setPolicy(policy: string): void;
}

interface Watch {
  /** securitypolicyviolation events in the page, and console messages about the policy, page and Workers. */
  seen(): Promise<string[]>;
  workers: Worker[];
}

const withReports = (policy: string) => `${policy}; report-uri ${REPORT_PATH}`;

function readReport(body: string): Violation | null {
  try {
    const report: unknown = (JSON.parse(body) as Record<string, unknown>)['csp-report'];
    if (typeof report !== 'object' || report === null) return null;
    const text = (key: string) => {
      const value = (report as Record<string, unknown>)[key];
      return typeof value === 'string' ? value : '';
    };
    return { where: text('document-uri'), directive: text('effective-directive'), blocked: text('blocked-uri') };
  } catch {
    return null;
  }
}

const test = base.extend<{ watch: Watch }, { lab: PreviewLab }>({
  lab: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture names from the first argument
    async ({}, use) => {
      const root = fileURLToPath(new URL('..', import.meta.url));
      const outDir = await mkdtemp(join(tmpdir(), 'spiking-lab-csp-'));
      await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true } });
      const reports: Violation[] = [];
      let headers: Record<string, string> | undefined;
      const server: PreviewServer = await preview({
        root,
        logLevel: 'error',
        build: { outDir },
        // Port 0: a free port, so this server never meets another test run's.
        preview: { host: '127.0.0.1', port: 0, strictPort: false, headers: { 'Content-Security-Policy': withReports(CONTENT_SECURITY_POLICY) } },
        plugins: [
          {
            name: 'csp-reports',
            configurePreviewServer(previewServer) {
              headers = previewServer.config.preview.headers as Record<string, string>;
              previewServer.middlewares.use(REPORT_PATH, (request, response) => {
                let body = '';
                request.setEncoding('utf8');
                request.on('data', (chunk: string) => (body += chunk));
                request.on('end', () => {
                  const report = readReport(body);
                  if (report) reports.push(report);
                  response.statusCode = 204;
                  response.end();
                });
              });
            },
          },
        ],
      });
      const url = server.resolvedUrls?.local[0];
      if (!url || !headers) throw new Error('vite preview did not start');
      const served = headers;
      await use({ url, reports, setPolicy: (policy) => (served['Content-Security-Policy'] = withReports(policy)) });
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  baseURL: async ({ lab }, use) => use(lab.url),
  watch: async ({ page }, use) => {
    const messages: string[] = [];
    const workers: Worker[] = [];
    const fromConsole = (origin: string) => (message: { text(): string }) => {
      if (/content security policy/i.test(message.text())) messages.push(`${origin} console: ${message.text()}`);
    };
    page.on('console', fromConsole('page'));
    page.on('worker', (worker) => {
      workers.push(worker);
      worker.on('console', fromConsole(worker.url()));
      // From here on, this Worker's violations reach its console too (the reports have those before).
      worker
        .evaluate(() => {
          self.addEventListener('securitypolicyviolation', (e) =>
            console.error(`Content Security Policy violation: ${e.effectiveDirective} ${e.blockedURI}`),
          );
        })
        .catch(() => undefined); // a Worker that has already ended
    });
    await page.addInitScript(() => {
      const log: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = log;
      document.addEventListener('securitypolicyviolation', (e) => log.push(`page event: ${e.effectiveDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
    });
    const seen = async () => [...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)), ...messages];
    await use({ seen, workers });
  },
});

const isProbe = (text: string) => text.includes(PROBE_HOST);

/** The page's sim Worker (each page has one from the start). */
function simWorker(watch: Watch): Worker {
  const worker = watch.workers.filter((w) => /\/sim\.worker[^/]*\.js/.test(w.url())).pop();
  if (!worker) throw new Error(`no sim Worker among ${watch.workers.map((w) => w.url()).join(', ')}`);
  return worker;
}

/**
 * No violation so far, in the page or its Workers. Before looking, a connection the policy refuses is
 * tried from the page and from the sim Worker, and their reports and the page's event awaited: that
 * shows each channel is alive, and that reports posted earlier have arrived.
 */
async function expectNoViolations(page: Page, lab: PreviewLab, watch: Watch): Promise<void> {
  const pageProbe = `https://${PROBE_HOST}/page`;
  const workerProbe = `https://${PROBE_HOST}/worker`;
  const refused = async (url: string) => fetch(url).then(() => 'fetched', () => 'refused');
  expect(await page.evaluate(refused, pageProbe)).toBe('refused');
  expect(await simWorker(watch).evaluate(refused, workerProbe)).toBe('refused');
  await expect.poll(() => lab.reports.filter((r) => r.blocked === pageProbe || r.blocked === workerProbe).length).toBe(2);
  expect(lab.reports.find((r) => r.blocked === workerProbe)?.where).toMatch(/\/assets\/sim\.worker-[^/]+\.js$/);
  await expect.poll(async () => (await watch.seen()).filter((s) => s.startsWith('page event') && isProbe(s)).length).toBe(1);

  expect(lab.reports.filter((r) => !isProbe(r.blocked))).toEqual([]);
  expect((await watch.seen()).filter((s) => !isProbe(s))).toEqual([]);
  lab.reports.length = 0;
}

test('the lab is served with the shipped policy, on the page and on the Worker scripts', async ({ page, lab, watch }) => {
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toBe(withReports(CONTENT_SECURITY_POLICY));
  await expect(page.getByTestId('play')).toBeEnabled();
  const worker = simWorker(watch);
  const script = await page.request.get(worker.url());
  expect(script.headers()['content-security-policy']).toBe(withReports(CONTENT_SECURITY_POLICY));
  // The Worker runs under it, and may compile WebAssembly (an empty module: the 8-byte header).
  const compiles = await worker.evaluate(() => {
    try {
      return new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])) instanceof WebAssembly.Module;
    } catch {
      return false;
    }
  });
  expect(compiles).toBe(true);
  await expectNoViolations(page, lab, watch);
});

test('no violation: play, save, export spikes and plots, share link, the gallery, a pattern, the 2003 network on two Workers', async ({ page, lab, watch }) => {
  await openLab(page);
  // The default experiment's noise is drawn by the WebAssembly kernel.
  await page.getByTestId('play').click();
  await expect.poll(() => simTime(page)).toBeGreaterThan(200);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');

  const saved = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Save the experiment/ }).click()]);
  expect(saved[0].suggestedFilename()).toBe('excite-one-inhibit-another.json');
  const spikes = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-spikes').click()]);
  expect(spikes[0].suggestedFilename()).toBe('excite-one-inhibit-another-spikes.csv');
  // Plot exports: the PNG draws the figure's SVG from a data: URL (img-src), files leave as blob: links.
  for (const [plot, format] of [['traces', 'png'], ['traces', 'svg'], ['raster', 'png']] as const) {
    await page.getByTestId(`export-${plot}`).locator('summary').click();
    const file = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${plot}-${format}`).click()]);
    expect(file[0].suggestedFilename()).toBe(`excite-one-inhibit-another-${plot}.${format}`);
  }

  await page.getByTestId('share-link').click();
  const link = await page.getByTestId('share-url').inputValue();
  expect(link).toMatch(/#experiment=[A-Za-z0-9_-]+$/);
  await page.keyboard.press('Escape');

  await page.getByTestId('examples').click();
  const grid = page.getByTestId('gallery-dialog').getByTestId('pattern-grid');
  await expect(grid.locator('[data-thumbnail="ready"]')).toHaveCount(PATTERNS.length, { timeout: 30_000 });
  await page.getByTestId('pattern-open-tonic-bursting').click();
  await expect(page.getByTestId('experiment-name')).toHaveText('(C) Tonic bursting');
  // The Worker has the pattern once its clock is back at 0 (the name shows first).
  await expect.poll(() => simTime(page)).toBe(0);
  await stepHundreds(page, 1);

  await page.getByTestId('workers').selectOption('2');
  await page.getByTestId('examples').click();
  await page.getByTestId('gallery-open-izhikevich-2003-network').click();
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 1000 neurons', { timeout: 60_000 });
  await expect(page.getByTestId('workers-status')).toHaveText('2 Workers', { timeout: 60_000 });
  await stepHundreds(page, 1);
  expect(watch.workers.some((w) => /\/part\.worker-[^/]+\.js$/.test(w.url()))).toBe(true);

  // The share link opens in a fresh page of the lab (a load, not a jump within the page).
  await page.goto('about:blank');
  await page.goto(link);
  // The link would replace the autosaved 2003 network: the lab asks first.
  await page.getByTestId('open-link-open').click();
  await expect(page.getByTestId('play')).toBeEnabled();
  await expect(page.getByTestId('experiment-name')).toHaveText('Excite one, inhibit another');
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
  await expectNoViolations(page, lab, watch);
});

test('no violation: the f-I curve and the firing map (analysis Worker)', async ({ page, lab, watch }) => {
  await openLab(page);
  await page.getByTestId('top-tab-fi').click();
  await expect(page.locator('[data-testid="fi-curve"][data-curve="this"][data-stale="false"]')).toHaveCount(1, { timeout: 30_000 });
  await page.getByTestId('top-tab-map').click();
  await expect(page.getByTestId('firing-map')).toHaveAttribute('data-stale', 'false', { timeout: 60_000 });
  await expectNoViolations(page, lab, watch);
});

test('no violation: Iris, trained, its decision map drawn (a data: image), shown in the lab', async ({ page, lab, watch }) => {
  await openLab(page);
  await page.getByTestId('view-iris').click();
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-rows', '150');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-progress')).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 });
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-map', 'drawn', { timeout: 30_000 });
  // The scatter's PNG: an SVG image holding the decision map's own data: image.
  await page.getByTestId('export-scatter').locator('summary').click();
  const png = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-scatter-png').click()]);
  expect(png[0].suggestedFilename()).toBe('iris-scatter.png');
  await page.getByTestId('sample-0').click();
  await expect(page.getByTestId('prediction')).toHaveText('setosa');
  await page.getByTestId('show-in-lab').click();
  await expect(page.getByTestId('experiment-name')).toHaveText('Iris classifier');
  await expectNoViolations(page, lab, watch);
});

test('the watch sees violations: the kernel’s compile in the Worker when WebAssembly is forbidden, an inline script in the page', async ({ page, lab, watch }) => {
  lab.setPolicy(CONTENT_SECURITY_POLICY.replace(" 'wasm-unsafe-eval'", ''));
  try {
    await openLab(page);
    // The lab still runs: the kernel falls back to JS.
    await stepHundreds(page, 1);
    await expect.poll(() => lab.reports.filter((r) => r.blocked === 'wasm-eval').map((r) => r.where)).toContainEqual(expect.stringMatching(/\/assets\/sim\.worker-[^/]+\.js$/));
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.head.append(script);
    });
    expect(await page.evaluate(() => 'inlineRan' in window)).toBe(false);
    await expect.poll(() => lab.reports.filter((r) => r.blocked === 'inline').length).toBe(1);
    await expect.poll(async () => (await watch.seen()).filter((s) => s.includes('script-src-elem inline')).length).toBe(1);
    lab.reports.length = 0;
  } finally {
    lab.setPolicy(CONTENT_SECURITY_POLICY);
  }
});
