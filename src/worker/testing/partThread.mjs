// A Node worker thread running the second Worker's PartHost, for tests of split runs (tsx compiles the
// TypeScript: worker threads do not take vitest's transform).
import { register } from 'tsx/esm/api';

register();
await import('./partThread.ts');
