import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import config from '../vite.config.ts';

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

describe('cross-origin isolation headers', () => {
  // The e2e tests see the dev server's headers; `vite preview` (the built app) is checked here.
  it('are sent by the dev server and by vite preview', () => {
    expect(config.server?.headers).toMatchObject(ISOLATION);
    expect(config.preview?.headers).toMatchObject(ISOLATION);
  });

  it('ship with the build for static hosts that read a _headers file', () => {
    const text = readFileSync(new URL('../public/_headers', import.meta.url), 'utf8');
    const lines = text.split('\n').map((line) => line.trim());
    expect(lines[0]).toBe('/*');
    for (const [name, value] of Object.entries(ISOLATION)) expect(lines).toContain(`${name}: ${value}`);
  });
});
