// What the type checker cannot see: floating and misused promises, deprecated APIs, the rules of
// hooks and stale hook dependencies. Type-aware, through tsconfig.json.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // AssemblyScript sources are checked by their compiler (npm run build:wasm), not by TypeScript's.
  { ignores: ['dist/', 'test-results/', 'playwright-report/', 'src/**/*.as.ts'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-deprecated': 'error',
      // tsc's noUnusedLocals and noUnusedParameters check this already, with the same conventions.
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },
  {
    // The classic hooks rules. The plugin's React Compiler rules (refs, purity, ...) judge code for
    // the compiler, which the lab does not use.
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Components take zustand actions out of the store (useStore((s) => s.select)); the stores declare
    // them as methods, but they are closures that never use `this`.
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // Vitest's asymmetric matchers (expect.stringMatching, expect.any) are typed `any`.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // Plain JavaScript that tsc checks (checkJs), Node globals included.
    files: ['**/*.{js,mjs}'],
    rules: { 'no-undef': 'off' },
  },
);
