/// <reference lib="webworker" />
import { validateExperiment } from '../core/experiment/validate.ts';
import { exportNeuroML } from '../core/neuroml/export.ts';
import type { NeuroMLExportReply } from './neuromlExportProtocol.ts';

declare const self: DedicatedWorkerGlobalScope;

// Writing a large network takes seconds (the build, then megabytes of XML): off the page's thread.
// The message is outside input, so it goes through the validator like a file.
self.onmessage = (event: MessageEvent<unknown>) => {
  const checked = validateExperiment(event.data);
  const reply: NeuroMLExportReply = checked.ok ? { ok: true, ...exportNeuroML(checked.experiment) } : { ok: false, message: checked.errors.join('; ') };
  self.postMessage(reply);
};
