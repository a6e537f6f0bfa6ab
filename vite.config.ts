import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * Cross-origin isolation (self.crossOriginIsolated): the page may then share memory between Workers
 * (SharedArrayBuffer). The built app needs the same headers from its host: README, "Hosting the build",
 * and public/_headers.
 */
const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, headers: CROSS_ORIGIN_ISOLATION },
  preview: { headers: CROSS_ORIGIN_ISOLATION },
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
