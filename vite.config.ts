import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * Cross-origin isolation (self.crossOriginIsolated): the page may then share memory between Workers
 * (SharedArrayBuffer). The built app needs the same headers from its host: README, "Hosting the build",
 * and public/_headers.
 */
const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The built app's Content-Security-Policy (public/_headers, README "Hosting the build"): scripts,
 * Workers and styles from the lab's own origin only, no eval and nothing inline. WebAssembly may be
 * compiled (the noise kernel, src/core/wasm/normalKernel.ts). Inline style attributes need no
 * allowance: React and d3 set styles through the DOM's style object, which the policy does not govern.
 * Images: data: for the Iris decision map (a canvas turned into a data URL); downloads are blob: links,
 * which the policy does not govern either.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * The dev server puts two things inline: React refresh's preamble script and the <style> elements
 * that carry CSS with hot updates. Vite marks both with this nonce (html.cspNonce, dev only), which the
 * dev server's policy allows; otherwise dev runs under the built app's policy. A fixed nonce protects
 * nothing, so it is never used for the build, whose policy has none.
 */
export const DEV_NONCE = 'spiking-lab-dev';
export const DEV_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .map((directive) => (/^(script|style)-src /.test(directive) ? `${directive} 'nonce-${DEV_NONCE}'` : directive))
  .join('; ');

/** Sets html.cspNonce for the dev server only: the build's index.html (and so vite preview's) carries none. */
const devNonce: Plugin = {
  name: 'dev-csp-nonce',
  apply: (_, env) => env.command === 'serve' && env.isPreview !== true,
  config: () => ({ html: { cspNonce: DEV_NONCE } }),
};

export default defineConfig({
  plugins: [react(), devNonce],
  server: { port: 5173, headers: { ...CROSS_ORIGIN_ISOLATION, 'Content-Security-Policy': DEV_CONTENT_SECURITY_POLICY } },
  preview: { headers: { ...CROSS_ORIGIN_ISOLATION, 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // The slowest unit tests (the 2003 network, its step-size convergence, Iris training) take up to
    // 2 s alone and several times that in a full run on a busy 2-core machine; 5 s (the default)
    // failed there.
    testTimeout: 30_000,
  },
});
