import { useCallback, useRef } from 'react';
import { AutosaveNotice } from './components/AutosaveNotice.tsx';
import { OpeningAutosaveNotice } from './components/OpeningAutosaveNotice.tsx';
import { OpenLinkDialog } from './components/OpenLinkDialog.tsx';
import { EquationsBox } from './components/EquationsBox.tsx';
import { ErrorBanner } from './components/ErrorBanner.tsx';
import { ExperimentHeader } from './components/ExperimentHeader.tsx';
import { NetworkView } from './components/NetworkView.tsx';
import { NeuronPanel } from './components/NeuronPanel.tsx';
import { PhasePlanePanel } from './components/PhasePlane.tsx';
import { RasterPanel } from './components/RasterPanel.tsx';
import { RhythmsPanel } from './components/RhythmsPanel.tsx';
import { SimulationRestartedNotice } from './components/SimulationRestartedNotice.tsx';
import { SynapsePanel } from './components/SynapsePanel.tsx';
import { TabList } from './components/TabList.tsx';
import { TracePanel } from './components/TracePanel.tsx';
import { TransportBar } from './components/TransportBar.tsx';
import { LessonPanel } from './lessons/LessonPanel.tsx';
import { Tour } from './tour/Tour.tsx';
import { useElementSize } from './hooks.ts';
import { IrisView } from './iris/IrisView.tsx';
import { useIrisStore, type View } from './iris/irisStore.ts';
import { MeasurementsPanel } from './measurements/MeasurementsPanel.tsx';
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
 * editor, the selected neuron's phase plane, its f-I curve, its firing map, or the network's rhythms) above the plots (traces
 * and raster), with a separator to share the height and a button to hide the slot.
 */
export function App() {
  const view = useIrisStore((s) => s.view);
  return (
    <div className="app with-views">
      <ViewSwitch />
      {view === 'lab' ? <LabView /> : <IrisPanel />}
      <LessonPanel />
      {view === 'lab' ? <Tour /> : null}
    </div>
  );
}

const VIEWS: { id: View; label: string }[] = [
  { id: 'lab', label: 'Lab' },
  { id: 'iris', label: 'Iris classifier' },
];

/** "Lab" | "Iris classifier". */
function ViewSwitch() {
  const view = useIrisStore((s) => s.view);
  const setView = useIrisStore((s) => s.setView);
  return (
    <nav className="view-switch" aria-label="Views">
      <TabList tabs={VIEWS} selected={view} onSelect={setView} label="View" idPrefix="view-tab" panelPrefix="view-panel" className="view-tabs" tabClassName="view-tab" testIdPrefix="view" />
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
      <SimulationRestartedNotice />
      <IrisView />
    </div>
  );
}

const TOP_TABS: { id: TopTab; label: string; title: string }[] = [
  { id: 'network', label: 'Network', title: 'The circuit: add, connect and select neurons' },
  { id: 'phase', label: 'Phase plane', title: 'The selected neuron\'s v-u plane: nullclines, fixed points and its trajectory' },
  { id: 'fi', label: 'f\u2013I curve', title: 'The selected neuron\'s firing rate against a constant input current, with its rheobase' },
  { id: 'map', label: 'Firing map', title: 'Where the behaviours live: the firing class over the (a, b) or (c, d) plane' },
  { id: 'rhythms', label: 'Rhythms', title: 'The whole network\'s firing rate and its power spectrum: alpha and gamma rhythms, with the peak frequency' },
];

/** What the top of the main column shows. */
function TopTabs() {
  const tab = useSweepStore((s) => s.topTab);
  const setTab = useSweepStore((s) => s.setTopTab);
  return (
    <TabList tabs={TOP_TABS} selected={tab} onSelect={setTab} label="Main panel" idPrefix="top-tab" panelPrefix="top-panel" className="top-tabs" tabClassName="top-tab" testIdPrefix="top-tab" />
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
      <SimulationRestartedNotice />
      <AutosaveNotice />
      <OpeningAutosaveNotice />
      <OpenLinkDialog />
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
                  ) : topTab === 'rhythms' ? (
                    <RhythmsPanel />
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
          <MeasurementsPanel />
        </div>
      </main>
    </div>
  );
}
