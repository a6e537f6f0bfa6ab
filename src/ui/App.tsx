import { useCallback, useRef, type KeyboardEvent } from 'react';
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
import { FICurvePanel } from './sweeps/FICurvePanel.tsx';
import { FiringMapPanel } from './sweeps/FiringMapPanel.tsx';
import { useSweepStore, type TopTab } from './sweeps/sweepStore.ts';
import './sweeps/sweeps.css';

/** Least height of the network panel and of the plots, px. */
const MIN_NETWORK_PX = 260;
const MIN_PLOTS_PX = 220;
/** Below this height the traces and the raster sit side by side rather than one above the other. */
const STACK_PLOTS_PX = 440;
const SPLITTER_PX = 8;

/**
 * Layout: header and transport on top; parameters on the left; on the right a tabbed slot (the network
 * editor, the selected neuron's phase plane, its f-I curve or its firing map) above the plots (traces
 * and raster), with a separator to share the height and a button to hide the slot.
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

const TOP_TABS: { id: TopTab; label: string; title: string }[] = [
  { id: 'network', label: 'Network', title: 'The circuit: add, connect and select neurons' },
  { id: 'phase', label: 'Phase plane', title: 'The selected neuron\'s v-u plane: nullclines, fixed points and its trajectory' },
  { id: 'fi', label: 'f\u2013I curve', title: 'The selected neuron\'s firing rate against a constant input current, with its rheobase' },
  { id: 'map', label: 'Firing map', title: 'Where the behaviours live: the firing class over the (a, b) or (c, d) plane' },
];

/** What the top of the main column shows, as accessible tabs (arrow keys, Home and End move between them). */
function TopTabs() {
  const tab = useSweepStore((s) => s.topTab);
  const setTab = useSweepStore((s) => s.setTopTab);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const k = TOP_TABS.findIndex((t) => t.id === tab);
    const n = TOP_TABS.length;
    const to = e.key === 'ArrowRight' ? (k + 1) % n : e.key === 'ArrowLeft' ? (k + n - 1) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    const next = TOP_TABS[to].id;
    setTab(next);
    document.getElementById(`top-tab-${next}`)?.focus();
  };
  return (
    <div className="top-tabs" role="tablist" aria-label="Main panel" onKeyDown={onKey}>
      {TOP_TABS.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`top-tab-${t.id}`}
          aria-selected={tab === t.id}
          aria-controls={tab === t.id ? `top-panel-${t.id}` : undefined}
          tabIndex={tab === t.id ? 0 : -1}
          className={`top-tab${tab === t.id ? ' is-active' : ''}`}
          data-testid={`top-tab-${t.id}`}
          title={t.title}
          onClick={() => setTab(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

function LabView() {
  // Each extra trace variable gets its own small chart: give the traces more room.
  const extraCharts = useLabStore((s) => Math.max(0, s.watch.variables.length - 1));
  const share = usePanelLayout((s) => s.share);
  const hidden = usePanelLayout((s) => s.hidden);
  const setHidden = usePanelLayout((s) => s.setHidden);
  const topTab = useSweepStore((s) => s.topTab);
  const setTopTab = useSweepStore((s) => s.setTopTab);
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
              <div className="top-slot">
                <TopTabs />
                <div className="top-slot-panel" role="tabpanel" id={`top-panel-${topTab}`} aria-labelledby={`top-tab-${topTab}`}>
                  {topTab === 'phase' ? (
                    <PhasePlanePanel onShowNetwork={() => setTopTab('network')} />
                  ) : topTab === 'fi' ? (
                    <FICurvePanel />
                  ) : topTab === 'map' ? (
                    <FiringMapPanel />
                  ) : (
                    <NetworkView onHide={() => setHidden(true)} />
                  )}
                </div>
              </div>
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
