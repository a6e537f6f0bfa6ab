import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import { EquationsBox } from './components/EquationsBox.tsx';
import { ErrorBanner } from './components/ErrorBanner.tsx';
import { ExperimentHeader } from './components/ExperimentHeader.tsx';
import { NetworkView } from './components/NetworkView.tsx';
import { NeuronPanel } from './components/NeuronPanel.tsx';
import { PhasePlanePanel } from './components/PhasePlane.tsx';
import { RasterPanel } from './components/RasterPanel.tsx';
import { SynapsePanel } from './components/SynapsePanel.tsx';
import { TracePanel } from './components/TracePanel.tsx';
import { TransportBar } from './components/TransportBar.tsx';
import { useElementSize } from './hooks.ts';
import { IrisView } from './iris/IrisView.tsx';
import { useIrisStore, type View } from './iris/irisStore.ts';
import { usePanelLayout } from './network/panelLayout.ts';
import { Splitter } from './network/Splitter.tsx';
import { useLabStore } from './store.ts';

/** Least height of the network panel and of the plots, px. */
const MIN_NETWORK_PX = 260;
const MIN_PLOTS_PX = 220;
/** Below this height the traces and the raster sit side by side rather than one above the other. */
const STACK_PLOTS_PX = 440;
const SPLITTER_PX = 8;

/**
 * Layout: header and transport on top; parameters on the left; on the right the network editor above
 * the plots (traces and raster), with a separator to share the height and a button to hide the editor.
 */
export function App() {
  const view = useIrisStore((s) => s.view);
  return (
    <div className="app with-views">
      <ViewSwitch />
      {view === 'lab' ? <LabView /> : <IrisPanel />}
    </div>
  );
}

const VIEWS: { id: View; label: string }[] = [
  { id: 'lab', label: 'Lab' },
  { id: 'iris', label: 'Iris classifier' },
];

/** "Lab" | "Iris classifier": accessible tabs (arrow keys move between them). */
function ViewSwitch() {
  const view = useIrisStore((s) => s.view);
  const setView = useIrisStore((s) => s.setView);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const k = VIEWS.findIndex((v) => v.id === view);
    const next = VIEWS[(k + (e.key === 'ArrowRight' ? 1 : VIEWS.length - 1)) % VIEWS.length].id;
    setView(next);
    document.getElementById(`view-tab-${next}`)?.focus();
  };
  return (
    <nav className="view-switch" aria-label="Views">
      <div className="view-tabs" role="tablist" aria-label="View" onKeyDown={onKey}>
        {VIEWS.map((v) => (
          <button
            key={v.id}
            type="button"
            role="tab"
            id={`view-tab-${v.id}`}
            aria-selected={view === v.id}
            aria-controls={`view-panel-${v.id}`}
            tabIndex={view === v.id ? 0 : -1}
            className={`view-tab${view === v.id ? ' is-active' : ''}`}
            data-testid={`view-${v.id}`}
            onClick={() => setView(v.id)}
          >
            {v.label}
          </button>
        ))}
      </div>
    </nav>
  );
}

function IrisPanel() {
  return (
    <div className="view-panel iris-panel" role="tabpanel" id="view-panel-iris" aria-labelledby="view-tab-iris">
      <header className="topbar iris-header">
        <h1>Spiking Lab</h1>
        <span className="muted">Classify Iris flowers with spikes: train a spiking network in a Worker, then click a flower to watch it answer.</span>
      </header>
      <ErrorBanner />
      <IrisView />
    </div>
  );
}

function LabView() {
  // Each extra trace variable gets its own small chart: give the traces more room.
  const extraCharts = useLabStore((s) => Math.max(0, s.watch.variables.length - 1));
  const share = usePanelLayout((s) => s.share);
  const hidden = usePanelLayout((s) => s.hidden);
  const setHidden = usePanelLayout((s) => s.setHidden);
  /** What the top slot shows: the network editor or the selected neuron's phase plane. */
  const [topView, setTopView] = useState<'network' | 'phase'>('network');
  const columnRef = useRef<HTMLDivElement>(null);
  const column = useElementSize(columnRef);

  const available = column.height - SPLITTER_PX;
  const networkPx = hidden || available <= 0 ? 0 : Math.round(Math.min(Math.max(share * available, MIN_NETWORK_PX), available - MIN_PLOTS_PX));
  const plotsPx = hidden ? column.height : available - networkPx;
  const sideBySide = !hidden && plotsPx > 0 && plotsPx < STACK_PLOTS_PX;
  const plotsStyle = sideBySide
    ? { gridTemplateColumns: `minmax(0, ${1.15 + 0.2 * extraCharts}fr) minmax(0, 1fr)`, gridTemplateRows: 'minmax(0, 1fr)' }
    : { gridTemplateRows: `minmax(0, ${1.15 + 0.4 * extraCharts}fr) minmax(0, 1fr)` };

  const measure = useCallback(() => {
    const el = columnRef.current;
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { top: r.top, height: r.height - SPLITTER_PX };
  }, []);

  return (
    <div className="view-panel lab-panel" role="tabpanel" id="view-panel-lab" aria-labelledby="view-tab-lab">
      <ExperimentHeader />
      <TransportBar />
      <ErrorBanner />
      <main className="workspace">
        <aside className="sidebar" aria-label="Parameters">
          <NeuronPanel />
          <SynapsePanel />
          <EquationsBox />
        </aside>
        <div
          className={`main-column${hidden ? ' network-hidden' : ''}`}
          ref={columnRef}
          style={{ gridTemplateRows: hidden ? 'auto minmax(0, 1fr)' : `${networkPx}px ${SPLITTER_PX}px minmax(0, 1fr)` }}
        >
          {hidden ? (
            <div className="network-collapsed panel">
              <h2>Network</h2>
              <button type="button" className="btn btn-small" data-testid="show-network" aria-expanded="false" onClick={() => setHidden(false)}>
                Show the network editor
              </button>
            </div>
          ) : (
            <>
              {topView === 'phase' ? (
                <PhasePlanePanel onShowNetwork={() => setTopView('network')} />
              ) : (
                <NetworkView onHide={() => setHidden(true)} onShowPhasePlane={() => setTopView('phase')} />
              )}
              <Splitter measure={measure} />
            </>
          )}
          <div className={`plots${sideBySide ? ' plots-side' : ''}`} style={plotsStyle}>
            <TracePanel />
            <RasterPanel />
          </div>
        </div>
      </main>
    </div>
  );
}
