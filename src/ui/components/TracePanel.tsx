import { TraceLegend, VoltageTraces } from './VoltageTraces.tsx';
import { TimeWindowSelect, WatchPicker } from './WatchPicker.tsx';
import { TracesExport } from '../export/plotExports.tsx';

/** The traces panel: what to plot, the colour legend, the time window and the charts. */
export function TracePanel() {
  return (
    <section className="panel trace-panel" aria-labelledby="traces-title">
      <div className="panel-header">
        <h2 id="traces-title">Traces</h2>
        <TraceLegend />
        <TimeWindowSelect />
        <TracesExport />
      </div>
      <WatchPicker />
      <VoltageTraces />
    </section>
  );
}
