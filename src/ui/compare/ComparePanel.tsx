import { useRef, useState } from 'react';
import { compareSpikes, type LabSpikes, type SpikeComparison } from '../../core/analysis/compareSpikes.ts';
import { formatTime } from '../../core/io/spikesCsv.ts';
import { useAnimationFrame, useFilePicker } from '../hooks.ts';
import { liveData } from '../liveData.ts';
import { useLabStore } from '../store.ts';
import { RunOnNeuronButton } from '../neuron/RunOnNeuron.tsx';
import { COMPARE_COLORS } from './colors.ts';
import { CompareRaster } from './CompareRaster.tsx';
import { CountScatter } from './CountScatter.tsx';
import { TOLERANCE_STEPS, useCompareStore, type OtherRun, type ToleranceSteps } from './compareStore.ts';
import { openOtherRun } from './openOtherRun.ts';
import { comparedSpan, otherRunSpan, type ComparedSpan } from './span.ts';
import './compare.css';

/** While the lab runs, the comparison is made again at most this often, wall ms (less often when it takes long). */
const REFRESH_MS = 500;
/** Differing neurons listed in the table; the rest are counted. */
const LISTED_NEURONS = 100;

interface Snapshot {
  key: string;
  lab: LabSpikes;
  other: OtherRun;
  otherSpan: number;
  span: ComparedSpan;
  result: SpikeComparison;
}

type LabProblem = 'loading' | 'too-busy' | null;

const ms = (t: number): string => `${Number(formatTime(t)).toLocaleString('en-US')} ms`;
const count = (n: number): string => n.toLocaleString('en-US');

/** How spikes pair: "at the same time", "within 1 step (0.1 ms)". */
function toleranceText(steps: ToleranceSteps, dt: number): string {
  return steps === 0 ? 'at the same time' : `within ${steps} step${steps > 1 ? 's' : ''} (${formatTime(steps * dt)} ms)`;
}

/**
 * "Compare": another run's spikes (a spikes CSV: NEURON's spikes.csv from "Run on NEURON", Brian2's,
 * an earlier lab export) beside the lab's own run from 0 over the other run's span: both rasters on
 * one time axis, spike counts per neuron, the first spike that differs. Made again as the lab runs.
 */
export function ComparePanel() {
  const other = useCompareStore((s) => s.other);
  const error = useCompareStore((s) => s.error);
  const toleranceSteps = useCompareStore((s) => s.toleranceSteps);
  const setToleranceSteps = useCompareStore((s) => s.setToleranceSteps);
  const clear = useCompareStore((s) => s.clear);
  const dt = useLabStore((s) => s.network?.dt ?? s.experiment.simulation.dt);
  const duration = useLabStore((s) => s.experiment.simulation.duration);
  const running = useLabStore((s) => (s.playIntent ?? s.status.state) === 'running');
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [problem, setProblem] = useState<LabProblem>(null);
  const { reading, onPick } = useFilePicker((files) => openOtherRun(files[0]));
  const nextAt = useRef(Number.NEGATIVE_INFINITY);

  useAnimationFrame(() => {
    const network = useLabStore.getState().network;
    const nextProblem: LabProblem = !network ? 'loading' : !liveData.raster.complete ? 'too-busy' : null;
    if (nextProblem !== problem) setProblem(nextProblem);
    if (!other || !network || nextProblem) {
      if (snapshot) setSnapshot(null);
      return;
    }
    const log = liveData.spikeLog;
    const otherSpan = otherRunSpan(other.lastSpike, duration);
    const keptUntil = log.dropped > 0 && log.length > 0 ? log.times[log.length - 1] : Infinity;
    const span = comparedSpan(otherSpan, liveData.frameTime, keptUntil);
    const tolerance = toleranceSteps * dt;
    const key = `${log.length}|${span.until}|${tolerance}|${otherSpan}`;
    const same = snapshot && snapshot.key === key && snapshot.other === other && snapshot.lab.ids === network.ids && snapshot.lab.times === log.times;
    if (same) return;
    // A new file, tolerance or network shows at once; a running lab's new spikes a few times a second.
    const fresh = !snapshot || snapshot.other !== other || snapshot.result.tolerance !== tolerance || snapshot.lab.ids !== network.ids;
    const now = performance.now();
    if (!fresh && now < nextAt.current) return;
    const lab: LabSpikes = { times: log.times, neurons: log.neurons, length: log.length, ids: network.ids };
    const result = compareSpikes(lab, other.spikes, { until: span.until, tolerance });
    // Millions of spikes take a while to compare: the page then spends at most a tenth of its time on it.
    nextAt.current = now + Math.max(REFRESH_MS, 10 * (performance.now() - now));
    setSnapshot({ key, lab, other, otherSpan, span, result });
  });


  const runTo = (until: number): void => {
    const remaining = until - liveData.clockTime;
    if (remaining > 0) useLabStore.getState().step(remaining);
  };

  return (
    <section className="panel sw-panel compare-panel" aria-labelledby="compare-title" data-testid="compare-panel">
      <div className="panel-header sw-header compare-header">
        <h2 id="compare-title">Compare runs</h2>
        <label className={`btn btn-small file-button${reading ? ' is-disabled' : ''}`} title="Open the spikes of another run of this experiment (time_ms,neuron), e.g. NEURON's spikes.csv">
          Open spikes CSV{'\u2026'}
          <input type="file" accept=".csv,text/csv" className="visually-hidden" aria-label="Open another run's spikes CSV (time_ms,neuron)" data-testid="compare-open" disabled={reading} onChange={onPick} />
        </label>
        <RunOnNeuronButton />
        <label className="compare-tolerance">
          Spikes pair
          <select value={toleranceSteps} data-testid="compare-tolerance" onChange={(e) => setToleranceSteps(TOLERANCE_STEPS.find((s) => String(s) === e.currentTarget.value) ?? 0)}>
            {TOLERANCE_STEPS.map((s) => (
              <option key={s} value={s}>
                {toleranceText(s, dt)}
              </option>
            ))}
          </select>
        </label>
        {other ? (
          <button type="button" className="btn btn-small" data-testid="compare-clear" title="Put the other run away" onClick={clear}>
            Clear
          </button>
        ) : null}
      </div>
      {/* Focusable so the keyboard can scroll it (it may hold no control). */}
      <div className="compare-body" tabIndex={0} role="region" aria-label="Comparison">
        {error ? (
          <p className="compare-error" role="alert" data-testid="compare-error">
            {error}
          </p>
        ) : null}
        {!other ? (
          <p className="muted compare-empty">
            Open the spikes of another run of this experiment as CSV (<code>time_ms,neuron</code>, the lab{'\u2019'}s neuron names): NEURON{'\u2019'}s{' '}
            <code>spikes.csv</code> from {'\u201c'}Run on NEURON{'\u201d'}, Brian2{'\u2019'}s, or a Spikes CSV the lab wrote. The lab{'\u2019'}s own run, from 0, is set
            beside it: both rasters on one time axis, spike counts per neuron, and the first spike that differs.
          </p>
        ) : problem === 'loading' ? (
          <p className="muted">Loading the network{'\u2026'}</p>
        ) : problem === 'too-busy' ? (
          <p className="compare-note" data-testid="compare-verdict">
            This network fires more spikes than the page keeps (it gets only what the raster draws), so its run cannot be compared here. The command line writes every
            spike: <code>npm run sim -- experiment.json --out spikes.csv</code>.
          </p>
        ) : snapshot ? (
          <Comparison snapshot={snapshot} fileName={other.fileName} tolerance={toleranceText(toleranceSteps, dt)} running={running} onRunTo={runTo} />
        ) : null}
      </div>
    </section>
  );
}

interface ComparisonProps {
  snapshot: Snapshot;
  fileName: string;
  tolerance: string;
  running: boolean;
  onRunTo: (until: number) => void;
}

function Comparison({ snapshot, fileName, tolerance, running, onRunTo }: ComparisonProps) {
  const { result, span, otherSpan, lab, other } = snapshot;
  const neurons = result.counts.length;
  const spanText = `0\u2013${ms(span.until)}`;
  const verdict = result.identical
    ? `Identical over ${spanText}: all ${count(result.labSpikes)} spikes of the ${count(neurons)} neurons pair up ${tolerance}.`
    : `Differs over ${spanText}: ${count(result.matched)} spikes pair up ${tolerance}, of the lab's ${count(result.labSpikes)} and the file's ${count(result.otherSpikes)}; ` +
      `${count(result.differing.length)} of ${count(neurons)} neurons differ${result.unknown.length > 0 ? `, and ${count(result.unknown.length)} names are not lab neurons` : ''}.`;
  return (
    <>
      <p className={`compare-verdict${result.identical ? ' is-identical' : ' is-different'}`} role="status" data-testid="compare-verdict">
        {verdict}
      </p>
      {result.first ? <FirstDifferenceText result={result} /> : null}
      {span.short ? (
        <p className="compare-note" data-testid="compare-short">
          {span.short === 'not-run'
            ? span.until > 0
              ? `The lab has run ${ms(span.until)} of the file's ${ms(otherSpan)}: compared over what it has run.`
              : `The lab has not run yet; the file's run lasts ${ms(otherSpan)}.`
            : `The page kept the lab's spikes up to ${ms(span.until)} only (its cap): compared over those.`}{' '}
          {span.short === 'not-run' ? (
            <button type="button" className="btn btn-small" data-testid="compare-run-to" disabled={running} title="Run the lab on from where it is to the end of the file's run, then pause" onClick={() => onRunTo(otherSpan)}>
              {running ? 'Running\u2026' : `Run the lab to ${ms(otherSpan)}`}
            </button>
          ) : null}
        </p>
      ) : null}
      {result.unknown.length > 0 ? (
        <p className="compare-note" data-testid="compare-unknown">
          Not neurons of this network (is the file from another experiment?):{' '}
          {result.unknown.slice(0, 8).map((u) => `${u.neuron} (${count(u.spikes)} spikes)`).join(', ')}
          {result.unknown.length > 8 ? `, and ${count(result.unknown.length - 8)} more` : ''}.
        </p>
      ) : null}
      <div className="compare-legend" aria-hidden="true">
        <span><span className="swatch dot" style={{ background: COMPARE_COLORS.lab }} />lab</span>
        <span><span className="swatch dot" style={{ background: COMPARE_COLORS.other }} />{fileName}</span>
        <span><span className="swatch dot" style={{ background: COMPARE_COLORS.differs }} />no partner in the other run</span>
      </div>
      <div className="compare-plots">
        <CompareRaster lab={lab} other={other.spikes} otherName={fileName} result={result} />
        <div className="compare-counts">
          <CountScatter counts={result.counts} otherName={fileName} />
          <CountTable result={result} />
        </div>
      </div>
    </>
  );
}

function FirstDifferenceText({ result }: { result: SpikeComparison }) {
  const first = result.first;
  if (!first) return null;
  const known = result.counts.some((c) => c.neuron === first.neuron);
  const text = !known
    ? `${first.neuron}, which is not a neuron of this network, spikes at ${ms(first.time)} in the file.`
    : `neuron ${first.neuron}: the lab ${first.lab === null ? 'has no spike there' : `spikes at ${ms(first.lab)}`}, the file ${first.other === null ? 'has no spike there' : `at ${ms(first.other)}`}.`;
  return (
    <p className="compare-first" data-testid="compare-first" data-time={first.time} data-neuron={first.neuron}>
      <strong>First difference at {ms(first.time)}</strong>, {text}
    </p>
  );
}

function CountTable({ result }: { result: SpikeComparison }) {
  const rows = result.differing.length > 0 ? result.differing : result.counts;
  const shown = rows.slice(0, LISTED_NEURONS);
  return (
    <div className="compare-table-wrap" tabIndex={0} role="region" aria-label="Spike counts per neuron">
      <table className="compare-table" data-testid="compare-counts">
        <caption>{result.differing.length > 0 ? `Neurons that differ (${count(result.differing.length)})` : 'Spikes per neuron'}</caption>
        <thead>
          <tr>
            <th scope="col">neuron</th>
            <th scope="col">lab</th>
            <th scope="col">file</th>
            <th scope="col">paired</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.neuron}>
              <th scope="row">{c.neuron}</th>
              <td>{count(c.lab)}</td>
              <td className={c.other !== c.lab ? 'differs' : undefined}>{count(c.other)}</td>
              <td>{count(c.matched)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > shown.length ? <p className="muted">{'\u2026'} and {count(rows.length - shown.length)} more</p> : null}
    </div>
  );
}
