/**
 * Measurements under the plots: for the selected neuron, a population or the whole network, the mean
 * rate, the coefficient of variation of the interspike intervals, the PSTH (rate over time) and the ISI
 * histogram, each chart exportable.
 *
 * Where the spikes come from: networks of up to COMPLETE_MAX_NEURONS (20,000) send the page every
 * spike, and the page keeps them since the last reset (liveData.spikeLog); the panel feeds them a piece
 * at a time to SpikeTrainStats (src/core/analysis/spikeStats.ts), so a long run costs only its new
 * spikes. Larger networks send only the raster band's spikes: there the panel gives each group's mean
 * rate from the Worker's per-group counts and says that the PSTH and ISIs need every spike.
 */
import { useEffect, useRef, useState } from 'react';
import * as d3 from 'd3';
import { SpikeTrainStats } from '../../core/analysis/spikeStats.ts';
import { formatTime } from '../../core/io/spikesCsv.ts';
import type { NetworkSummary } from '../../worker/protocol.ts';
import { COMPLETE_MAX_NEURONS } from '../../worker/rasterFeed.ts';
import { ExportMenu } from '../export/ExportMenu.tsx';
import { fillSwatch, standaloneClone, type Figure } from '../export/svgExport.ts';
import { useAnimationFrame, useElementSize } from '../hooks.ts';
import { liveData } from '../liveData.ts';
import { ROLE_COLORS } from '../plotTheme.ts';
import { useLabStore } from '../store.ts';
import Papa from 'papaparse';

const ALL = '__all';
const PSTH_BINS_MS = [1, 2, 5, 10, 20, 50, 100, 200];
const ISI_BINS_MS = [0.5, 1, 2, 5, 10, 20];
/** How often the numbers are brought up to date while running, wall ms. */
const REFRESH_MS = 250;
/** Bars drawn at most: a longer PSTH shows its latest bins; an ISI histogram its shortest intervals. */
const MAX_BARS = 2000;
const CHART_HEIGHT = 150;
const MARGIN = { left: 56, right: 14, top: 10, bottom: 34 };

interface Target {
  label: string;
  first: number;
  count: number;
  /** Index of the group in the network (for the Worker's per-group counts), or -1 for the whole network. */
  group: number;
}

function targetOf(network: NetworkSummary, id: string): Target {
  const g = network.groups.findIndex((grp) => grp.id === id);
  if (g < 0) return { label: `whole network (${network.neuronCount.toLocaleString('en-US')} neurons)`, first: 0, count: network.neuronCount, group: -1 };
  const grp = network.groups[g];
  const name = grp.label && grp.label !== grp.id ? `${grp.label} (${grp.id})` : grp.id;
  return { label: grp.size === 1 ? name : `${name}, ${grp.size.toLocaleString('en-US')} neurons`, first: grp.start, count: grp.size, group: g };
}

interface Snapshot {
  /** Time measured up to, ms. */
  end: number;
  spikes: number;
  rate: number;
  intervals: number;
  meanIsi: number;
  cv: number;
  psth: { start: number; binMs: number; rates: Float64Array; first: number };
  isi: { binMs: number; counts: Float64Array };
  /** Spikes the log could not keep (it holds the first SPIKE_LOG_CAP since the reset). */
  dropped: number;
}

const fmt = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : '\u2013');

export function MeasurementsPanel() {
  const network = useLabStore((s) => s.network);
  const selectedNeuron = useLabStore((s) => s.selectedNeuronId);
  const selectedPopulation = useLabStore((s) => s.selectedPopulationId);
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<string | null>(null);
  const [psthBin, setPsthBin] = useState(10);
  const [isiBin, setIsiBin] = useState(1);
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [groupRate, setGroupRate] = useState<number | null>(null);
  const acc = useRef<{ key: string; stats: SpikeTrainStats; processed: number; frameTime: number } | null>(null);
  const refreshedAt = useRef(Number.NEGATIVE_INFINITY);
  const seen = useRef(-1);

  const ids = network ? new Set(network.groups.map((g) => g.id)) : new Set<string>();
  const fallback = selectedNeuron && ids.has(selectedNeuron) ? selectedNeuron : selectedPopulation && ids.has(selectedPopulation) ? selectedPopulation : (network?.groups[0]?.id ?? ALL);
  const targetId = chosen !== null && (chosen === ALL || ids.has(chosen)) ? chosen : fallback;
  const target = network ? targetOf(network, targetId) : null;
  const complete = liveData.raster.complete;

  useAnimationFrame(() => {
    if (!open || !network || !target) return;
    const now = performance.now();
    const key = `${targetId}|${psthBin}|${isiBin}`;
    const a = acc.current;
    const fresh = !a || a.key !== key || liveData.frameTime < a.frameTime || liveData.spikeLog.length < a.processed;
    if (!fresh && (seen.current === liveData.version || now - refreshedAt.current < REFRESH_MS)) return;
    refreshedAt.current = now;
    seen.current = liveData.version;
    if (!liveData.raster.complete) {
      const spikes = target.group >= 0 ? (liveData.raster.groupSpikes[target.group] ?? 0) : liveData.raster.totalSpikes;
      setGroupRate(liveData.frameTime > 0 ? spikes / (target.count * (liveData.frameTime / 1000)) : 0);
      setSnapshot(null);
      return;
    }
    const state = fresh ? { key, stats: new SpikeTrainStats(target.first, target.count, psthBin, isiBin), processed: 0, frameTime: 0 } : a;
    const log = liveData.spikeLog;
    state.stats.add(log.neurons, log.times, state.processed, log.length);
    state.processed = log.length;
    state.frameTime = liveData.frameTime;
    acc.current = state;
    // A full log stops at its last kept spike: measure up to there, not to the present.
    const end = log.dropped > 0 && log.length > 0 ? log.times[log.length - 1] : liveData.frameTime;
    const isi = state.stats.isi();
    const psth = state.stats.psthRate(end);
    const firstBar = Math.max(0, psth.counts.length - MAX_BARS);
    const hist = state.stats.isiHistogram();
    setSnapshot({
      end,
      spikes: state.stats.spikes,
      rate: state.stats.meanRate(end),
      intervals: isi.intervals,
      meanIsi: isi.meanMs,
      cv: isi.cv,
      psth: { start: psth.start + firstBar * psth.binMs, binMs: psth.binMs, rates: psth.counts.subarray(firstBar), first: firstBar },
      isi: { binMs: hist.binMs, counts: hist.counts.subarray(0, MAX_BARS) },
      dropped: log.dropped,
    });
    setGroupRate(null);
  });

  // A new network starts over (its neuron numbering may differ).
  useEffect(() => {
    acc.current = null;
    setSnapshot(null);
  }, [network]);

  const color = network && target && target.count > 0 && network.roles[target.first] === 1 ? ROLE_COLORS.inhibitory : ROLE_COLORS.excitatory;

  return (
    <details className="panel measurements" data-testid="measurements" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Measurements: rate over time, ISI histogram, CV</summary>
      {open && network && target ? (
        <div className="measurements-body">
          <div className="measurements-controls">
            <label className="field inline">
              Of{' '}
              <select data-testid="measure-target" value={targetId} onChange={(e) => setChosen(e.target.value)}>
                {network.groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {targetOf(network, g.id).label}
                  </option>
                ))}
                <option value={ALL}>whole network</option>
              </select>
            </label>
            <BinChoice label="PSTH bin" testId="measure-psth-bin" value={psthBin} choices={PSTH_BINS_MS} onChange={setPsthBin} />
            <BinChoice label="ISI bin" testId="measure-isi-bin" value={isiBin} choices={ISI_BINS_MS} onChange={setIsiBin} />
            <span className="muted">since the last reset{snapshot ? `, 0\u2013${formatTime(Math.round(snapshot.end * 10) / 10)} ms` : ''}</span>
          </div>
          {!complete ? (
            <p className="muted" data-testid="measure-partial">
              Mean rate {groupRate === null ? '\u2013' : `${fmt(groupRate)} Hz`} per neuron. A network of more than {COMPLETE_MAX_NEURONS.toLocaleString('en-US')} neurons
              sends the page only the raster{'\u2019'}s spikes, so the PSTH, ISIs and CV need the command line: npm run sim -- file.json --out spikes.csv.
            </p>
          ) : snapshot ? (
            <>
              <dl className="measurements-stats">
                {[
                  { term: 'spikes', testId: 'measure-spikes', text: snapshot.spikes.toLocaleString('en-US') },
                  { term: 'mean rate', testId: 'measure-rate', value: snapshot.rate, text: `${fmt(snapshot.rate)} Hz` },
                  { term: 'ISIs', testId: 'measure-intervals', text: snapshot.intervals.toLocaleString('en-US') },
                  { term: 'mean ISI', testId: 'measure-isi-mean', value: snapshot.meanIsi, text: `${fmt(snapshot.meanIsi)} ms` },
                  {
                    term: 'CV of ISIs',
                    title: 'Coefficient of variation of the interspike intervals: their standard deviation over their mean (0 regular, about 1 Poisson)',
                    testId: 'measure-cv',
                    value: snapshot.cv,
                    text: fmt(snapshot.cv, 3),
                  },
                ].map((stat) => (
                  <div key={stat.testId}>
                    <dt title={stat.title}>{stat.term}</dt>
                    <dd data-testid={stat.testId} data-value={stat.value === undefined || Number.isNaN(stat.value) ? undefined : stat.value}>
                      {stat.text}
                    </dd>
                  </div>
                ))}
              </dl>
              {snapshot.dropped > 0 ? <p className="muted">The page keeps the first {liveData.spikeLog.length.toLocaleString('en-US')} spikes since the reset; these measure those.</p> : null}
              <div className="measurements-charts">
                <BarChart
                  kind="psth"
                  title={`Firing rate over time (PSTH, ${snapshot.psth.binMs} ms bins)`}
                  xLabel="time (ms)"
                  yLabel="rate (Hz per neuron)"
                  start={snapshot.psth.start}
                  binMs={snapshot.psth.binMs}
                  values={snapshot.psth.rates}
                  color={color}
                  target={target.label}
                  note={snapshot.psth.first > 0 ? `the latest ${MAX_BARS} bins` : ''}
                  csvHeader={['bin_start_ms', 'rate_hz_per_neuron']}
                />
                <BarChart
                  kind="isi-histogram"
                  title={`ISI histogram (${snapshot.isi.binMs} ms bins, CV ${fmt(snapshot.cv, 3)})`}
                  xLabel="interspike interval (ms)"
                  yLabel="intervals (count)"
                  start={0}
                  binMs={snapshot.isi.binMs}
                  values={snapshot.isi.counts}
                  color={color}
                  target={target.label}
                  note=""
                  csvHeader={['isi_bin_start_ms', 'count']}
                />
              </div>
            </>
          ) : (
            <p className="muted">Run the network to measure its spikes.</p>
          )}
        </div>
      ) : null}
    </details>
  );
}

interface BarChartProps {
  kind: string;
  title: string;
  xLabel: string;
  yLabel: string;
  start: number;
  binMs: number;
  values: Float64Array;
  color: string;
  target: string;
  note: string;
  csvHeader: [string, string];
}

/** Bars over [start + k * bin, start + (k + 1) * bin), as one path (thousands of bins stay light). */
function BarChart({ kind, title, xLabel, yLabel, start, binMs, values, color, target, note, csvHeader }: BarChartProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const size = useElementSize(wrapRef);
  const width = Math.max(200, size.width);

  useEffect(() => {
    const svgEl = svgRef.current;
    if (!svgEl) return;
    const svg = d3.select(svgEl);
    const n = values.length;
    const x = d3.scaleLinear().domain([start, start + Math.max(1, n) * binMs]).range([MARGIN.left, width - MARGIN.right]);
    const y = d3.scaleLinear().domain([0, Math.max(1, d3.max(values) ?? 0)]).nice().range([CHART_HEIGHT - MARGIN.bottom, MARGIN.top]);
    const layer = (name: string) => svg.selectAll<SVGGElement, null>(`g.${name}`).data([null]).join('g').attr('class', name);
    const base = y(0);
    let d = '';
    for (let k = 0; k < n; k++) {
      if (values[k] <= 0) continue;
      const x0 = x(start + k * binMs);
      const x1 = x(start + (k + 1) * binMs);
      d += `M${x0.toFixed(2)},${base.toFixed(2)}V${y(values[k]).toFixed(2)}H${x1.toFixed(2)}V${base.toFixed(2)}Z`;
    }
    layer('bars').selectAll('path').data([d]).join('path').attr('class', 'bars').attr('fill', color).attr('d', (p) => p);
    layer('x-axis').attr('transform', `translate(0,${base})`).call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 80))).tickSizeOuter(0));
    layer('y-axis').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(4).tickSizeOuter(0));
    layer('titles').selectAll('text').data([xLabel, yLabel]).join('text').attr('class', 'axis-title')
      .attr('text-anchor', 'middle')
      .attr('transform', (_, i) => (i === 0 ? `translate(${(MARGIN.left + width - MARGIN.right) / 2},${CHART_HEIGHT - 4})` : `translate(13,${(MARGIN.top + base) / 2}) rotate(-90)`))
      .text((t) => t);
    svgEl.setAttribute('data-bins', String(n));
    svgEl.setAttribute('data-total', String(values.reduce((s, v) => s + v, 0)));
  }, [values, start, binMs, width, color, xLabel, yLabel]);

  const figure = (): Figure | null => {
    const svg = svgRef.current;
    if (!svg) return null;
    const name = useLabStore.getState().experiment.name;
    return {
      plot: kind,
      title,
      notes: [`Spiking Lab \u00b7 ${name} \u00b7 ${target}${note ? ` \u00b7 ${note}` : ''}`],
      parts: [standaloneClone(svg)],
      legend: [{ label: target, swatch: fillSwatch(color) }],
    };
  };
  const csv = (): string =>
    Papa.unparse({ fields: csvHeader, data: Array.from(values, (v, k) => [formatTime(start + k * binMs), String(v)]) }, { newline: '\n' });

  return (
    <section className="measure-chart" aria-label={title}>
      <div className="measure-chart-header">
        <h3>{title}</h3>
        <ExportMenu plot={kind} what={kind === 'psth' ? 'the PSTH' : 'the ISI histogram'} figure={figure} csv={csv} />
      </div>
      <div ref={wrapRef}>
        <svg ref={svgRef} data-testid={`measure-${kind}`} width={width} height={CHART_HEIGHT} role="img" aria-label={`${title} of ${target}`} />
      </div>
    </section>
  );
}

/** A bin width chosen from a few, in ms. */
function BinChoice({ label, testId, value, choices, onChange }: { label: string; testId: string; value: number; choices: readonly number[]; onChange: (ms: number) => void }) {
  return (
    <label className="field inline">
      {label}{' '}
      <select data-testid={testId} value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {choices.map((b) => (
          <option key={b} value={b}>
            {b} ms
          </option>
        ))}
      </select>
    </label>
  );
}
