import { EquationsBox } from './components/EquationsBox.tsx';
import { ErrorBanner } from './components/ErrorBanner.tsx';
import { ExperimentHeader } from './components/ExperimentHeader.tsx';
import { NeuronPanel } from './components/NeuronPanel.tsx';
import { RasterPanel } from './components/RasterPanel.tsx';
import { SynapsePanel } from './components/SynapsePanel.tsx';
import { TracePanel } from './components/TracePanel.tsx';
import { TransportBar } from './components/TransportBar.tsx';
import { useLabStore } from './store.ts';

/** Layout: header and transport on top; parameters on the left; traces above the raster on the right. */
export function App() {
  // Each extra trace variable gets its own small chart: give the traces more room.
  const extraCharts = useLabStore((s) => Math.max(0, s.watch.variables.length - 1));
  return (
    <div className="app">
      <ExperimentHeader />
      <TransportBar />
      <ErrorBanner />
      <main className="workspace">
        <aside className="sidebar" aria-label="Parameters">
          <NeuronPanel />
          <SynapsePanel />
          <EquationsBox />
        </aside>
        <div className="plots" style={{ gridTemplateRows: `minmax(0, ${1.15 + 0.4 * extraCharts}fr) minmax(0, 1fr)` }}>
          <TracePanel />
          <RasterPanel />
        </div>
      </main>
    </div>
  );
}
