/**
 * The one place that finds the Chromium for the browser tests and the page benchmark. Asked by
 * playwright.config.ts, bench/page.ts, `npm install` (postinstall: installs Playwright's own Chromium
 * where there is no system one) and `npm run test:e2e` (checks first, so a machine without a browser
 * gets one line saying what to install instead of a launch failure per test).
 *
 * Plain JavaScript (type-checked through JSDoc) because `npm install` runs it with bare Node, before
 * anything could compile TypeScript.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** Where Debian and Ubuntu put their chromium. */
export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const NO_CHROMIUM = 'No Chromium for the browser tests: apt-get install chromium, or npx playwright install chromium';

/** The flags every launch uses: no sandbox (containers, CI) and none of Chromium's background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * A system Chromium: $CHROMIUM_PATH if that file exists, else Debian's. SPIKING_LAB_NO_SYSTEM_CHROMIUM=1
 * hides Debian's, to try the no-browser path on a machine that has one.
 * @param {Record<string, string | undefined>} env
 * @param {(path: string) => boolean} exists
 * @returns {string | undefined} undefined: none, so Playwright launches its own download
 */
export function systemChromium(env = process.env, exists = existsSync) {
  const candidates = [env.CHROMIUM_PATH, ...(env.SPIKING_LAB_NO_SYSTEM_CHROMIUM === '1' ? [] : SYSTEM_CHROMIUM_PATHS)];
  return candidates.find((path) => typeof path === 'string' && path !== '' && exists(path));
}

/**
 * The browser the tests will launch, or the line saying what to install.
 * @param {Record<string, string | undefined>} env
 * @param {(path: string) => boolean} exists
 * @param {string | undefined} playwrightPath where Playwright's own Chromium lives once installed
 *   (undefined: Playwright itself is not installed)
 * @returns {{ path: string } | { missing: string }}
 */
export function findChromium(env, exists, playwrightPath) {
  const path = systemChromium(env, exists) ?? (playwrightPath !== undefined && exists(playwrightPath) ? playwrightPath : undefined);
  return path === undefined ? { missing: NO_CHROMIUM } : { path };
}

/** @returns {Promise<string | undefined>} */
async function playwrightChromiumPath() {
  try {
    const { chromium } = await import('@playwright/test');
    return chromium.executablePath();
  } catch {
    return undefined; // installed without dev dependencies
  }
}

/**
 * Runs `playwright install chromium`, its output kept back: on failure (no network, a blocked
 * download) it prints dozens of lines, the person needs one.
 * @returns {{ ok: true } | { ok: false, reason: string }}
 */
function installPlaywrightChromium() {
  let cli;
  try {
    cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  } catch {
    return { ok: false, reason: '@playwright/test is not installed' };
  }
  const result = spawnSync(process.execPath, [cli, 'install', 'chromium'], { encoding: 'utf8' });
  if (result.status === 0) return { ok: true };
  const output = `${result.stderr ?? ''}\n${result.stdout ?? ''}`;
  const reason = /^Error: (.+)$/m.exec(output)?.[1] ?? result.error?.message ?? `exit code ${result.status}`;
  return { ok: false, reason };
}

/**
 * `check`: exit 1 with one line if there is no browser. `install` (the postinstall): install
 * Playwright's own Chromium where there is none; never fails, since the rest of the lab works without it.
 * @param {string[]} args
 * @param {{ out: (line: string) => void, env: Record<string, string | undefined>, exists: (path: string) => boolean,
 *   playwrightPath: () => Promise<string | undefined>, install: () => ({ ok: true } | { ok: false, reason: string }) }} io
 * @returns {Promise<number>} the exit code
 */
export async function main(args, io) {
  const command = args[0];
  if (command !== 'check' && command !== 'install') {
    io.out('usage: node scripts/chromium.mjs check|install');
    return 2;
  }
  const found = findChromium(io.env, io.exists, await io.playwrightPath());
  if ('path' in found) return 0;
  if (command === 'check') {
    io.out(found.missing);
    return 1;
  }
  const installed = io.install();
  io.out(
    installed.ok
      ? "Installed Playwright's Chromium for the browser tests."
      : `Could not install Playwright's Chromium (${installed.reason}). ${found.missing}`,
  );
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2), {
    out: (line) => console.error(line),
    env: process.env,
    exists: existsSync,
    playwrightPath: playwrightChromiumPath,
    install: installPlaywrightChromium,
  });
}
