import { spawnSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { findChromium, main, NO_CHROMIUM, systemChromium } from '../scripts/chromium.mjs';

const PLAYWRIGHT = '/home/me/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';
type Install = () => { ok: true } | { ok: false; reason: string };
const onDisk = (...paths: string[]) => (path: string) => paths.includes(path);

describe('the browser lookup', () => {
  it('takes $CHROMIUM_PATH, else Debian chromium, else chromium-browser', () => {
    const all = onDisk('/opt/chrome', '/usr/bin/chromium', '/usr/bin/chromium-browser');
    expect(systemChromium({ CHROMIUM_PATH: '/opt/chrome' }, all)).toBe('/opt/chrome');
    expect(systemChromium({ CHROMIUM_PATH: '/nowhere' }, all)).toBe('/usr/bin/chromium');
    expect(systemChromium({}, onDisk('/usr/bin/chromium-browser'))).toBe('/usr/bin/chromium-browser');
    expect(systemChromium({}, onDisk())).toBeUndefined();
  });

  it('hides the system chromium under SPIKING_LAB_NO_SYSTEM_CHROMIUM=1, but not $CHROMIUM_PATH', () => {
    const all = onDisk('/opt/chrome', '/usr/bin/chromium');
    expect(systemChromium({ SPIKING_LAB_NO_SYSTEM_CHROMIUM: '1' }, all)).toBeUndefined();
    expect(systemChromium({ SPIKING_LAB_NO_SYSTEM_CHROMIUM: '1', CHROMIUM_PATH: '/opt/chrome' }, all)).toBe('/opt/chrome');
  });

  it("falls back to Playwright's own Chromium only where it is installed", () => {
    expect(findChromium({}, onDisk(PLAYWRIGHT), PLAYWRIGHT)).toEqual({ path: PLAYWRIGHT });
    expect(findChromium({}, onDisk('/usr/bin/chromium', PLAYWRIGHT), PLAYWRIGHT)).toEqual({ path: '/usr/bin/chromium' });
    expect(findChromium({}, onDisk(), PLAYWRIGHT)).toEqual({ missing: NO_CHROMIUM });
    expect(findChromium({}, onDisk(), undefined)).toEqual({ missing: NO_CHROMIUM });
  });
});

describe('node scripts/chromium.mjs', () => {
  const io = (present: string[], install = vi.fn<Install>(() => ({ ok: false, reason: 'getaddrinfo ENOTFOUND cdn.playwright.dev' }))) => {
    const lines: string[] = [];
    return { lines, install, out: (line: string) => lines.push(line), env: {}, exists: onDisk(...present), playwrightPath: () => Promise.resolve(PLAYWRIGHT) };
  };

  it('check: one line naming what to install, and a failing exit code, where there is no browser', async () => {
    const none = io([]);
    expect(await main(['check'], none)).toBe(1);
    expect(none.lines).toEqual(['No Chromium for the browser tests: apt-get install chromium, or npx playwright install chromium']);
    const some = io([PLAYWRIGHT]);
    expect(await main(['check'], some)).toBe(0);
    expect(some.lines).toEqual([]);
  });

  it("install: downloads Playwright's Chromium only where there is no browser, and never fails npm install", async () => {
    const debian = io(['/usr/bin/chromium']);
    expect(await main(['install'], debian)).toBe(0);
    expect(debian.install).not.toHaveBeenCalled();

    const blocked = io([]);
    expect(await main(['install'], blocked)).toBe(0);
    expect(blocked.install).toHaveBeenCalledTimes(1);
    expect(blocked.lines).toEqual([`Could not install Playwright's Chromium (getaddrinfo ENOTFOUND cdn.playwright.dev). ${NO_CHROMIUM}`]);

    const laptop = io([], vi.fn<Install>(() => ({ ok: true })));
    expect(await main(['install'], laptop)).toBe(0);
    expect(laptop.lines).toEqual(["Installed Playwright's Chromium for the browser tests."]);
  });

  it('check, run as npm run test:e2e runs it: exit 1 and one line on a machine without any Chromium', () => {
    const result = spawnSync(process.execPath, ['scripts/chromium.mjs', 'check'], {
      encoding: 'utf8',
      env: { ...process.env, CHROMIUM_PATH: '/nowhere', SPIKING_LAB_NO_SYSTEM_CHROMIUM: '1', PLAYWRIGHT_BROWSERS_PATH: '/nowhere' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${NO_CHROMIUM}\n`);
    expect(result.stdout).toBe('');
  });
});
