import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileKernel, kernelModule, KERNELS } from '../scripts/wasm.ts';

const root = fileURLToPath(new URL('../', import.meta.url));

describe('the committed WebAssembly kernels', () => {
  for (const { source, module, name } of KERNELS) {
    it(`${module} is what ${source} compiles to (else run npm run build:wasm)`, async () => {
      const bytes = await compileKernel(root, source);
      expect(readFileSync(root + module, 'utf8')).toBe(kernelModule(source, name, bytes));
    });
  }
});
