import { useCallback, useEffect, useRef, useState, type CSSProperties, type RefObject } from 'react';
import { AutosaveNotice } from './components/AutosaveNotice.tsx';
import { ComparePanel } from './compare/ComparePanel.tsx';
import { OpeningAutosaveNotice } from './components/OpeningAutosaveNotice.tsx';
import { OpenLinkDialog } from './components/OpenLinkDialog.tsx';
import { EquationsBox } from './components/EquationsBox.tsx';
import { ErrorBanner } from './components/ErrorBanner.tsx';
import { FileDrop } from './components/FileDrop.tsx';
import { ImportNotice } from './components/ImportNotice.tsx';
import { ExperimentHeader } from './components/ExperimentHeader.tsx';
import { ResizeHandle } from './components/ResizeHandle.tsx';
import { NetworkView } from './components/NetworkView.tsx';
import { NeuronPanel } from './components/NeuronPanel.tsx';
import { PhasePlanePanel } from './components/PhasePlane.tsx';
import { RasterPanel } from './components/RasterPanel.tsx';
import { RhythmsPanel } from './components/RhythmsPanel.tsx';
import { PlasticityPanel } from './plasticity/PlasticityPanel.tsx';
import { SimulationRestartedNotice } from './components/SimulationRestartedNotice.tsx';
import { SynapsePanel } from './components/SynapsePanel.tsx';
import { TabList } from './components/TabList.tsx';
import { TracePanel } from './components/TracePanel.tsx';
import { tracesMinHeight } from './components/VoltageTraces.tsx';
import { TransportBar } from './components/TransportBar.tsx';
import { LessonPanel } from './lessons/LessonPanel.tsx';
import { useLessonStore } from './lessons/lessonStore.ts';
import { Tour } from './tour/Tour.tsx';
import { useElementSize } from './hooks.ts';
import { IrisView } from './iris/IrisView.tsx';
import { RecoverPanel } from './recover/RecoverPanel.tsx';
import { useIrisStore, type View } from './iris/irisStore.ts';
import { MeasurementsPanel } from './measurements/MeasurementsPanel.tsx';
import { DEFAULT_SHARE, MAX_SHARE, MIN_SHARE, usePanelLayout } from './network/panelLayout.ts';
import { useLabStore } from './store.ts';
import { FICurvePanel } from './sweeps/FICurvePanel.tsx';
import { FiringMapPanel } from './sweeps/FiringMapPanel.tsx';
import { useSweepStore, type TopTab } from './sweeps/sweepStore.ts';
import './sweeps/sweeps.css';

/** Least height of the open top panel, px. */
const MIN_PANEL_PX = 240;
/** With the panel open the plots may go side by side in this much, px. */
const MIN_PLOTS_BESIDE_PANEL_PX = 240;
/** The traces panel around its plot: title row, picker rows, padding and gaps, px. */
const TRACE_CHROME_PX = 110;
/** The tab strip (one row) and the gaps of the main column, px. */
const STRIP_PX = 44;
/** The tab strip's height in one row, px: a narrower column wraps it onto more (styles.css). */
const STRIP_ROW_PX = 29;
/** Below this height the traces and the raster sit side by side rather than one above the other. */
const STACK_PLOTS_PX = 440;
/** The closed Measurements bar under the plots (its own row of the column), px. */
const MEASUREMENTS_BAR_PX = 44;
const SPLITTER_PX = 8;
/** Narrower windows (tablet portrait, phone) stack everything in one scrolling column. */
const NARROW_QUERY = '(max-width: 899px)';
/**
 * A landscape laptop's window under 1280 px keeps a lesson's text in a drawer beside the lab (lessons.css):
 * the lab beside it has a tablet's width and takes the same one column.
 */
const LESSON_BESIDE_QUERY = '(min-width: 900px) and (max-width: 1279px) and (min-aspect-ratio: 1/1)';

/**
 * The traces' share of the plots' height: most of it for a few neurons (a pattern page looks like its
 * panel of the 2004 figure, a big v trace over a short raster), half of it for a large network's raster.
 * Each extra trace variable gets its own chart and a little more room.
 */
/** The raster panel's least height: its header and footer, and rows that can be told apart, px. */
export function rasterMinPx(rasterRows: number): number {
  return 96 + Math.min(160, Math.max(72, 24 * rasterRows));
}

export function tracesShare(rasterRows: number, extraCharts: number): number {
  const base = rasterRows <= 1 ? 0.72 : rasterRows <= 3 ? 0.66 : rasterRows <= 12 ? 0.6 : 0.52;
  return Math.min(0.8, base + 0.04 * extraCharts);
}

/**
 * Layout: header and transport on top; parameters on the left; on the right the plots (traces and
 * raster), under a strip of tabs (the network editor, the selected neuron's phase plane, its f-I
 * curve, its firing map, the network's rhythms) whose panel opens with one click, shares the height
 * through a separator and closes again. In a narrow window everything stacks, plots first.
 */
export function App() {
  const view = useIrisStore((s) => s.view);
  const presenting = usePanelLayout((s) => s.presenting) && view === 'lab';
  return (
    <div className={`app with-views view-${view}${presenting ? ' is-presenting' : ''}`}>
      <ViewSwitch />
      {view === 'lab' ? <LabView /> : view === 'recover' ? <RecoverPanel /> : <IrisPanel />}
      <LessonPanel />
      {view === 'lab' ? <Tour /> : null}
      {view === 'lab' ? <FileDrop /> : null}
    </div>
  );
}

const VIEWS: { id: View; label: string }[] = [
  { id: 'lab', label: 'Lab' },
  { id: 'iris', label: 'Iris classifier' },
  { id: 'recover', label: 'Recover the wiring' },
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
  { id: 'plasticity', label: 'Plasticity', title: 'The plastic (STDP) weights: their matrix and histogram, live, and one synapse followed with the spike pairs that changed it' },
  { id: 'compare', label: 'Compare', title: 'Another run\'s spikes (NEURON\'s spikes.csv, say) beside the lab\'s: both rasters, spike counts, the first spike that differs' },
];

/** The tab strip over the plots and the button that opens or closes its panel. */
function TopStrip({ stripRef }: { stripRef: RefObject<HTMLDivElement | null> }) {
  const tab = useSweepStore((s) => s.topTab);
  const setTab = useSweepStore((s) => s.setTopTab);
  const open = usePanelLayout((s) => s.open);
  const setOpen = usePanelLayout((s) => s.setOpen);
  const label = TOP_TABS.find((t) => t.id === tab)?.label ?? tab;
  const what = tab === 'network' ? 'the network editor' : `the ${label.toLowerCase()}`;
  return (
    <div className="top-strip" ref={stripRef}>
      <TabList
        tabs={TOP_TABS}
        selected={tab}
        onSelect={(id) => {
          setTab(id);
          setOpen(true);
        }}
        label="Main panel"
        idPrefix="top-tab"
        panelPrefix="top-panel"
        className="top-tabs"
        tabClassName="top-tab"
        testIdPrefix="top-tab"
      />
      <button
        type="button"
        className="btn btn-small top-toggle"
        data-testid={open ? `hide-${tab}` : `show-${tab}`}
        aria-expanded={open}
        aria-controls={`top-panel-${tab}`}
        aria-label={open ? `Hide ${what}` : `Show ${what}`}
        title={open ? 'Hide the panel: all the room to the plots' : 'Show the panel above the plots'}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide' : 'Show'}
      </button>
    </div>
  );
}

/** Matches a media query, live. */
function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => typeof window !== 'undefined' && window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const update = (): void => setMatches(list.matches);
    update();
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [query]);
  return matches;
}

function LabView() {
  const variables = useLabStore((s) => s.watch.variables);
  const extraCharts = Math.max(0, variables.length - 1);
  const rasterRows = useLabStore((s) => s.network?.neuronCount ?? s.experiment.neurons.length);
  const share = usePanelLayout((s) => s.share);
  const open = usePanelLayout((s) => s.open);
  const presenting = usePanelLayout((s) => s.presenting);
  const topTab = useSweepStore((s) => s.topTab);
  const setTopTab = useSweepStore((s) => s.setTopTab);
  const lessonOpen = useLessonStore((s) => s.lesson !== null);
  const lessonBeside = useMediaQuery(LESSON_BESIDE_QUERY) && lessonOpen;
  const narrow = useMediaQuery(NARROW_QUERY) || lessonBeside;
  const columnRef = useRef<HTMLDivElement>(null);
  const column = useElementSize(columnRef);
  const stripRef = useRef<HTMLDivElement>(null);
  // The wrapped strip's further rows, for the workspace's least height.
  const stripExtra = Math.max(0, useElementSize(stripRef).height - STRIP_ROW_PX);

  const showPanel = open && !presenting;
  const available = column.height - SPLITTER_PX;
  // In the stacked (narrow) layout the page scrolls: the panel has a height of its own (CSS).
  // Beside an open panel the plots keep at least the traces' least readable height.
  const besidePanelMin = Math.max(MIN_PLOTS_BESIDE_PANEL_PX, tracesMinHeight(variables) + TRACE_CHROME_PX);
  const panelPx = !showPanel || narrow || available <= 0 ? 0 : Math.round(Math.max(MIN_PANEL_PX, Math.min(share * available, available - besidePanelMin)));
  const plotsPx = showPanel && !narrow ? available - panelPx : column.height;
  const sideBySide = showPanel && !narrow && plotsPx > 0 && plotsPx < STACK_PLOTS_PX;
  const traces = tracesShare(rasterRows, extraCharts);
  // Least heights: below them (a banner, a short window) the page scrolls rather than squeeze the plots.
  const tracesMin = tracesMinHeight(variables) + TRACE_CHROME_PX;
  const rasterMin = rasterMinPx(rasterRows);
  const plotsMin = tracesMin + rasterMin + 10;
  const plotsStyle = sideBySide
    ? { gridTemplateColumns: `minmax(0, ${1.15 + 0.2 * extraCharts}fr) minmax(0, 1fr)`, gridTemplateRows: 'minmax(0, 1fr)' }
    : narrow
      ? ({ '--traces-min': `${tracesMin}px`, '--raster-min': `${rasterMin}px` } as CSSProperties)
      : // Shares as whole fr: flex factors summing below 1 would leave part of the height unused.
        { gridTemplateRows: `minmax(${tracesMin}px, ${Math.round(traces * 100)}fr) minmax(${rasterMin}px, ${Math.round((1 - traces) * 100)}fr)` };
  const columnRows = presenting
    ? 'minmax(0, 1fr)'
    : narrow
      ? 'auto'
      : showPanel
        ? `${panelPx}px ${SPLITTER_PX}px minmax(${besidePanelMin}px, 1fr) auto`
        : `auto minmax(${plotsMin}px, 1fr) auto`;

  const setShare = usePanelLayout((s) => s.setShare);
  // The panel's share is of the column's height less the separator's, from the column's top.
  const startDrag = useCallback(() => {
    const el = columnRef.current;
    if (!el) return null;
    const r = el.getBoundingClientRect();
    const height = r.height - SPLITTER_PX;
    return height > 0 ? (clientY: number) => (clientY - r.top) / height : null;
  }, []);

  return (
    <div className={`view-panel lab-panel${presenting ? ' presenting' : ''}${narrow ? ' is-narrow' : ''}`} role="tabpanel" id="view-panel-lab" aria-labelledby="view-tab-lab">
      {presenting ? null : <ExperimentHeader />}
      <TransportBar />
      <ErrorBanner />
      <ImportNotice />
      <SimulationRestartedNotice />
      {presenting ? null : (
        <>
          <AutosaveNotice />
          <OpeningAutosaveNotice />
          <OpenLinkDialog />
        </>
      )}
      <main className="workspace" style={narrow || presenting ? undefined : { minHeight: (showPanel ? MIN_PANEL_PX + SPLITTER_PX + besidePanelMin : plotsMin) + STRIP_PX + stripExtra + MEASUREMENTS_BAR_PX }}>
        {presenting ? null : (
          <aside className="sidebar" aria-label="Parameters">
            <NeuronPanel />
            <SynapsePanel />
            <EquationsBox />
          </aside>
        )}
        <div className={`main-column${showPanel ? ' panel-open' : ''}`} ref={columnRef} style={{ gridTemplateRows: columnRows }}>
          {presenting ? null : (
            <div className="top-slot">
              <TopStrip stripRef={stripRef} />
              <div className="top-slot-panel" role="tabpanel" id={`top-panel-${topTab}`} aria-labelledby={`top-tab-${topTab}`} hidden={!showPanel}>
                {!showPanel ? null : topTab === 'phase' ? (
                  <PhasePlanePanel onShowNetwork={() => setTopTab('network')} />
                ) : topTab === 'fi' ? (
                  <FICurvePanel />
                ) : topTab === 'map' ? (
                  <FiringMapPanel />
                ) : topTab === 'rhythms' ? (
                  <RhythmsPanel />
                ) : topTab === 'plasticity' ? (
                  <PlasticityPanel />
                ) : topTab === 'compare' ? (
                  <ComparePanel />
                ) : (
                  <NetworkView />
                )}
              </div>
            </div>
          )}
          {showPanel && !narrow ? (
            <ResizeHandle
              value={share}
              onResize={setShare}
              startDrag={startDrag}
              min={MIN_SHARE}
              max={MAX_SHARE}
              grows="down"
              reset={DEFAULT_SHARE}
              label="Resize the panel above the plots and the plots"
              valueText={`Panel ${Math.round(share * 100)}% of the height`}
              title="Drag to resize (or use the arrow keys); Enter resets"
              testId="network-splitter"
            />
          ) : null}
          <div className={`plots${sideBySide ? ' plots-side' : ''}`} style={plotsStyle} data-testid="plots">
            <TracePanel />
            <RasterPanel />
          </div>
          {presenting ? null : <MeasurementsPanel />}
        </div>
      </main>
    </div>
  );
}
