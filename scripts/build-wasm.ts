/** Writes the WebAssembly kernels' modules (see scripts/wasm.ts): `npm run build:wasm`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileKernel, kernelModule, KERNELS } from './wasm.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
for (const { source, module, name } of KERNELS) {
  const bytes = await compileKernel(root, source);
  writeFileSync(root + module, kernelModule(source, name, bytes));
  console.log(`${module}: ${bytes.length} bytes`);
}
