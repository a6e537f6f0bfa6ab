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
