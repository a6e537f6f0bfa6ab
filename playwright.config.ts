import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, systemChromium } from './scripts/chromium.mjs';

const port = Number(process.env.E2E_PORT ?? 5183);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  // Generous: CI runs on a busy 2-core machine, and a slow machine must not fail a test.
  timeout: 150_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL,
    // The first-run tour counts as seen (src/ui/tour/tourStore.ts) so it does not cover what the tests
    // click; e2e/teaching.spec.ts starts without it to test the tour itself.
    storageState: { cookies: [], origins: [{ origin: baseURL, localStorage: [{ name: 'spiking-lab/tour', value: 'seen' }] }] },
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 860 },
    // Playwright's own Chromium in the same (new) headless mode as a system one, and the binary that
    // scripts/chromium.mjs checks for (the default would launch a separate headless shell).
    channel: 'chromium',
    launchOptions: {
      // No system Chromium: Playwright's own (installed by `npm install`).
      executablePath: systemChromium(),
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: `npx vite --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
