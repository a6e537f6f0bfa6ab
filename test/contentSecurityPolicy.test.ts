import { readFileSync } from 'node:fs';
import { resolveConfig } from 'vite';
import { describe, expect, it } from 'vitest';
import config, { CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY, DEV_NONCE } from '../vite.config.ts';

/** A policy as directive name -> its sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
}

describe('the Content-Security-Policy', () => {
  const policy = directives(CONTENT_SECURITY_POLICY);

  it('allows no eval and nothing inline, but WebAssembly, and only the lab’s own origin', () => {
    expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    for (const sources of policy.values()) {
      expect(sources).not.toContain("'unsafe-eval'");
      expect(sources).not.toContain("'unsafe-inline'");
      expect(sources).not.toContain('*');
    }
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('worker-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'self'"]);
  });

  it('is sent by vite preview as it is, and by the dev server with only its nonce added', () => {
    expect(config.preview?.headers?.['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(config.server?.headers?.['Content-Security-Policy']).toBe(DEV_CONTENT_SECURITY_POLICY);
    const dev = directives(DEV_CONTENT_SECURITY_POLICY);
    const nonce = `'nonce-${DEV_NONCE}'`;
    expect(dev.get('script-src')).toEqual([...(policy.get('script-src') ?? []), nonce]);
    expect(dev.get('style-src')).toEqual([...(policy.get('style-src') ?? []), nonce]);
    for (const [name, sources] of policy) if (name !== 'script-src' && name !== 'style-src') expect(dev.get(name)).toEqual(sources);
    expect([...dev.keys()]).toEqual([...policy.keys()]);
  });

  it('marks inline code with the nonce in the dev server only, never in the build', async () => {
    const dev = await resolveConfig({ logLevel: 'silent' }, 'serve');
    const build = await resolveConfig({ logLevel: 'silent' }, 'build');
    const preview = await resolveConfig({ logLevel: 'silent' }, 'serve', 'production', 'production', true);
    expect(dev.html?.cspNonce).toBe(DEV_NONCE);
    expect(build.html?.cspNonce).toBeUndefined();
    expect(preview.html?.cspNonce).toBeUndefined();
  });

  it('ships with the build for static hosts that read a _headers file', () => {
    const lines = readFileSync(new URL('../public/_headers', import.meta.url), 'utf8').split('\n').map((line) => line.trim());
    expect(lines[0]).toBe('/*');
    expect(lines).toContain(`Content-Security-Policy: ${CONTENT_SECURITY_POLICY}`);
  });

  it('is the one README gives for nginx, Apache and Caddy', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const lines = readme.split('\n').map((line) => line.trim());
    expect(lines).toContain(`Content-Security-Policy: ${CONTENT_SECURITY_POLICY}`);
    expect(lines).toContain(`add_header Content-Security-Policy "${CONTENT_SECURITY_POLICY}" always;`);
    expect(lines).toContain(`Header always set Content-Security-Policy "${CONTENT_SECURITY_POLICY}"`);
    expect(lines).toContain(`header Content-Security-Policy "${CONTENT_SECURITY_POLICY}"`);
    // No other (stale) policy anywhere in it.
    const stated = lines.filter((line) => line.includes('Content-Security-Policy') && line.includes('default-src'));
    expect(stated).toHaveLength(4);
  });
});
