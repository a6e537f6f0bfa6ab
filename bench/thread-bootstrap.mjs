// Worker threads do not take tsx's loader from --import in every Node version: register it here, then
// run the TypeScript worker (bench/thread-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./thread-worker.ts');
