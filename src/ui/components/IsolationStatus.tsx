import { autoWorkers, knownCores, MAX_WORKERS, parseWorkersChoice, type WorkersChoice } from '../../worker/protocol.ts';
import { useLabStore } from '../store.ts';

/** Whether the page may share memory between Workers (SharedArrayBuffer needs cross-origin isolation). */
export function isCrossOriginIsolated(): boolean {
  return typeof self !== 'undefined' && self.crossOriginIsolated === true;
}

/**
 * A small note in the transport bar: cross-origin isolated (the server sent the COOP and COEP headers,
 * so the simulation can be split across several Workers), or not (it runs on one Worker).
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
          ? 'This page is cross-origin isolated: Workers can share memory, so the simulation can use several of them.'
          : 'This page is not cross-origin isolated (the server does not send the COOP and COEP headers): the simulation runs on one Worker. See the README, "Hosting the build".'
      }
    >
      {isolated ? 'isolated' : 'one Worker'}
    </span>
  );
}

/** Auto, then 1 up to the machine's logical cores (at least 2, at most MAX_WORKERS). */
export function workersChoices(cores: number): { value: WorkersChoice; label: string }[] {
  const most = Math.max(2, Math.min(MAX_WORKERS, knownCores(cores)));
  return [{ value: 'auto', label: 'Auto' }, ...Array.from({ length: most }, (_, k) => ({ value: k + 1, label: String(k + 1) }))];
}

/**
 * How many Workers step the loaded network ("4 Workers", or "1 Worker" and why), and the user's
 * choice: Auto (when the page is isolated and the network big enough, all the machine's cores but one,
 * and two on two cores), or a number up to the machine's cores.
 */
export function WorkersStatus() {
  const network = useLabStore((s) => s.network);
  const choice = useLabStore((s) => s.workers);
  const setWorkers = useLabStore((s) => s.setWorkers);
  const count = network?.workers ?? 1;
  const reason = network?.workersReason ? `: ${network.workersReason}` : '';
  const text = network === null ? '' : count >= 2 ? `${count} Workers${reason}` : `1 Worker${reason}`;
  const cores = typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency;
  const choices = workersChoices(cores);
  // A choice stored on a machine with more cores still shows (and holds) here.
  if (!choices.some((c) => c.value === choice)) choices.push({ value: choice, label: String(choice) });
  return (
    <span className="workers">
      <output data-testid="workers-status" data-workers={network === null ? '' : String(count)} aria-label="Workers stepping the run">
        {text}
      </output>
      <select
        data-testid="workers"
        aria-label="Workers"
        title={`How many Workers step the run: Auto splits networks of 50,000 neurons and more across ${autoWorkers(cores)} (this machine's cores but one, and two on two cores) when the page is cross-origin isolated. Changing it mid-run builds the network for the new number of Workers and the run goes on where it is, with the same spikes.`}
        value={String(choice)}
        onChange={(e) => {
          const picked = parseWorkersChoice(e.currentTarget.value);
          if (picked !== null) setWorkers(picked);
        }}
      >
        {choices.map((c) => (
          <option key={String(c.value)} value={String(c.value)}>
            {c.label}
          </option>
        ))}
      </select>
    </span>
  );
}
