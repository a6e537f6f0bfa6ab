import type { WorkersChoice } from '../../worker/protocol.ts';
import { useLabStore } from '../store.ts';

/** Whether the page may share memory between Workers (SharedArrayBuffer needs cross-origin isolation). */
export function isCrossOriginIsolated(): boolean {
  return typeof self !== 'undefined' && self.crossOriginIsolated === true;
}

/**
 * A small note in the transport bar: cross-origin isolated (the server sent the COOP and COEP headers,
 * so the simulation can be split across two Workers), or not (it runs on one Worker).
 */
export function IsolationStatus() {
  const isolated = isCrossOriginIsolated();
  return (
    <span
      className={`isolation${isolated ? ' is-isolated' : ''}`}
      data-testid="isolation"
      data-isolated={String(isolated)}
      title={
        isolated
          ? 'This page is cross-origin isolated: Workers can share memory, so the simulation can use two of them.'
          : 'This page is not cross-origin isolated (the server does not send the COOP and COEP headers): the simulation runs on one Worker. See the README, "Hosting the build".'
      }
    >
      {isolated ? 'isolated' : 'one Worker'}
    </span>
  );
}

const CHOICES: { value: WorkersChoice; label: string }[] = [
  { value: 'auto', label: 'Auto' },
  { value: 1, label: '1' },
  { value: 2, label: '2' },
];

function parseChoice(value: string): WorkersChoice {
  return value === '1' ? 1 : value === '2' ? 2 : 'auto';
}

/**
 * How many Workers step the loaded network ("2 Workers", or "1 Worker" and why), and the user's
 * choice: Auto (two when the page is isolated and the network big enough), 1, or 2 when possible.
 */
export function WorkersStatus() {
  const network = useLabStore((s) => s.network);
  const choice = useLabStore((s) => s.workers);
  const setWorkers = useLabStore((s) => s.setWorkers);
  const count = network?.workers ?? 1;
  const text = network === null ? '' : count === 2 ? '2 Workers' : `1 Worker: ${network.workersReason}`;
  return (
    <span className="workers">
      <output data-testid="workers-status" data-workers={network === null ? '' : String(count)} aria-label="Workers stepping the run">
        {text}
      </output>
      <select
        data-testid="workers"
        aria-label="Workers"
        title="How many Workers step the run: Auto splits networks of 50,000 neurons and more across two when the page is cross-origin isolated. Changing it mid-run builds the network for the new number of Workers and the run goes on where it is, with the same spikes."
        value={String(choice)}
        onChange={(e) => setWorkers(parseChoice(e.currentTarget.value))}
      >
        {CHOICES.map((c) => (
          <option key={String(c.value)} value={String(c.value)}>
            {c.label}
          </option>
        ))}
      </select>
    </span>
  );
}
