import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  server: { port: 5173 },
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
