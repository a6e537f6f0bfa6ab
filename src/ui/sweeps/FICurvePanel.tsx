import { useId, useMemo, useReducer, useRef, useState } from 'react';
import * as d3 from 'd3';
import { sweepCellOf, type FICurve } from '../../core/analysis/sweeps.ts';
import { inputCurrentAt } from '../../core/analysis/phasePlane.ts';
import { rateQuantisation } from '../../core/analysis/rateQuantisation.ts';
import type { CellModel, NeuronSpec } from '../../core/experiment/types.ts';
import { startAnalysis } from '../analysisClient.ts';
import { useAnimationFrame } from '../hooks.ts';
import { liveData } from '../liveData.ts';
import { useLabStore } from '../store.ts';
import { curveColor } from './colors.ts';
import { FICurveChart, type ShownCurve } from './FICurveChart.tsx';
import { FICurveExport } from '../export/plotExports.tsx';
import { curveKey, curveSpecs, fiDefaults, fiRules, overlaysFor, OWN_CURVE, parseFIForm, type CurveSpec, type FIField } from './fiSettings.ts';
import { FieldErrors, NumberField, SweepStatus } from './SweepControls.tsx';
import { neuronName, numericsText } from './sweepCell.ts';
import { useSweepStore } from './sweepStore.ts';
import { useSweepJob } from './useSweepJob.ts';
import './sweeps.css';

/**
 * Curves computed so far, by what they depend on (curveKey): toggling an overlay computes that one
 * curve only, and coming back to the tab or undoing an edit shows the earlier curves at once.
 */
const curveCache = new Map<string, FICurve>();
const CACHE_LIMIT = 300;

function remember(key: string, curve: FICurve): void {
  curveCache.delete(key);
  curveCache.set(key, curve);
  // Map keeps insertion order: the first keys are the least recently stored.
  for (const old of curveCache.keys()) {
    if (curveCache.size <= CACHE_LIMIT) break;
    curveCache.delete(old);
  }
}

/** The last curve drawn for each curve id, shown faded while the one for new settings is computed. */
const lastShown = new Map<string, FICurve>();

const FI_FIELDS: { field: FIField; size: number; title: string }[] = [
  { field: 'from', size: 5, title: 'The least constant current of the curve, pA' },
  { field: 'to', size: 5, title: 'The greatest constant current of the curve, pA' },
  { field: 'points', size: 4, title: 'How many currents, equally spaced from From to To' },
  { field: 'duration', size: 6, title: 'Each current is applied from t = 0 for this long, ms' },
  { field: 'settle', size: 5, title: 'Spikes before this time (the onset transient) do not count towards the rate, ms' },
];

/** Currents to 0.01 pA, the precision the Worker finds the rheobase to. */
const fmtI = d3.format('.2~f');

/** The f-I panel: the selected neuron's firing rate against constant current, with overlays of named cells. */
export function FICurvePanel() {
  const neuron = useLabStore((s) => s.experiment.neurons.find((n) => n.id === s.selectedNeuronId) ?? null);
  // Each model has its own form and overlays (a 2007 cell's currents are hundreds of pA); no neuron: the 2003 ones.
  const model: CellModel = neuron?.model ?? 'izhikevich2003';
  const hasNeurons = useLabStore((s) => s.experiment.neurons.length > 0);
  const dt = useLabStore((s) => s.experiment.simulation.dt);
  const scheme = useLabStore((s) => s.experiment.simulation.scheme);
  const form = useSweepStore((s) => s.fiForms[model]);
  const overlays = useSweepStore((s) => s.overlays);
  const showOnset = useSweepStore((s) => s.showOnset);
  const setField = useSweepStore((s) => s.setFIField);
  const resetFI = useSweepStore((s) => s.resetFI);
  const [, curveArrived] = useReducer((n: number) => n + 1, 0);
  const errorId = useId();
  const input = useInputNow(neuron);
  // No input (the driver before its step): nothing to point at, and a marker at 0 would sit on the axis.
  const inputNow = input !== null && input !== 0 ? input : null;

  const parsed = useMemo(() => parseFIForm(form, model), [form, model]);
  const own = useMemo(() => (neuron ? { name: neuronName(neuron), cell: sweepCellOf(neuron) } : null), [neuron]);
  const validSpecs = useMemo(
    () => (parsed.ok ? curveSpecs(own, overlays, { dt, scheme }, parsed.value, model) : null),
    [parsed, own, overlays, dt, scheme, model],
  );
  // While the form has a mistake the chart keeps the last curves, faded, rather than going blank.
  const lastSpecs = useRef<CurveSpec[]>([]);
  if (validSpecs) lastSpecs.current = validSpecs;
  const specs = validSpecs ?? lastSpecs.current;
  const keys = specs.map((s) => curveKey(s.request));
  const complete = keys.every((k) => curveCache.has(k));
  const jobKey = validSpecs && specs.length > 0 && !complete ? keys.join('\n') : null;

  const job = useSweepJob(jobKey, (handlers) => {
    const missing = specs.filter((_, k) => !curveCache.has(keys[k]));
    const missingKeys = missing.map((s) => curveKey(s.request));
    return startAnalysis(
      { type: 'fiCurves', curves: missing.map((s) => s.request) },
      {
        ...handlers,
        onFiCurve(index, curve) {
          const key = missingKeys[index];
          if (key === undefined) return;
          remember(key, curve);
          curveArrived();
        },
      },
    );
  });

  // The domain follows the form while it is valid and holds still while it is not.
  const domainRef = useRef<[number, number]>([0, 25]);
  if (parsed.ok && (domainRef.current[0] !== parsed.value.from || domainRef.current[1] !== parsed.value.to)) {
    domainRef.current = [parsed.value.from, parsed.value.to];
  }
  const domain = domainRef.current;

  const valid = validSpecs !== null;
  const shownKey = `${valid}|` + specs.map((s, k) => `${s.id}:${s.name}:${curveCache.has(keys[k]) ? keys[k] : 'stale'}`).join('|');
  const shown = useMemo(() => {
    const out: ShownCurve[] = [];
    specs.forEach((spec, k) => {
      const fresh = curveCache.get(keys[k]);
      if (fresh) lastShown.set(spec.id, fresh);
      const curve = fresh ?? lastShown.get(spec.id);
      if (curve) out.push({ id: spec.id, name: spec.name, color: curveColor(spec.id), own: spec.id === OWN_CURVE, curve, stale: !fresh || !valid });
    });
    return out;
    // shownKey names every curve, its name and whether it is cached: the list changes exactly when it
    // does, so the chart redraws when a curve arrives and not on every render. (specs and keys are new
    // arrays on every render; shownKey is their content.)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- shownKey stands for specs, keys and valid
  }, [shownKey]);

  const messages = parsed.ok ? [] : FI_FIELDS.flatMap(({ field }) => parsed.errors[field] ?? []);
  const lastSettle = useRef(0);
  if (parsed.ok) lastSettle.current = parsed.value.settle;
  const name = neuron ? neuronName(neuron) : null;
  const hint = neuron
    ? `Firing rate under a constant current from t = 0, counting spikes after ${lastSettle.current} ms (${numericsText(dt, scheme)}${neuron.model === 'izhikevich2007' ? `; izhikevich2007Cell, C = ${neuron.C} pF` : ''}).`
    : hasNeurons
      ? 'Select a neuron to see its curve; the cells ticked below show anyway.'
      : 'This experiment has no single neurons (a population\u2019s neurons differ); the cells ticked below show anyway.';
  const defaults = fiDefaults(model);
  const rules = fiRules(model);

  return (
    <section className="panel sw-panel" aria-labelledby="fi-title" data-testid="fi-panel">
      <div className="panel-header sw-header">
        <h2 id="fi-title">f{'\u2013'}I curve{name ? `: ${name}` : ''}</h2>
        <span className="muted sw-hint" data-testid="fi-hint" title={hint}>
          {hint}
        </span>
        <SweepStatus job={job} what={'f\u2013I curves'} testId="fi-status" />
        <FICurveExport />
      </div>
      <div className="sw-controls" role="group" aria-label="f-I curve settings">
        {FI_FIELDS.map(({ field, size, title }) => (
          <NumberField
            key={field}
            label={rules[field].label}
            value={form[field]}
            onChange={(text) => setField(model, field, text)}
            error={parsed.ok ? undefined : parsed.errors[field]}
            errorId={errorId}
            testId={`fi-${field}`}
            size={size}
            title={title}
          />
        ))}
        <button
          type="button"
          className="btn btn-small sw-defaults"
          data-testid="fi-defaults"
          onClick={() => resetFI(model)}
          title={`Back to ${defaults.from}-${defaults.to} pA, ${defaults.points} points, ${defaults.duration} ms runs counted after ${defaults.settle} ms`}
        >
          Defaults
        </button>
      </div>
      <OverlayChoice model={model} />
      <FieldErrors id={errorId} messages={messages} testId="fi-form-error" />
      {parsed.ok ? <StepWarning curves={shown} dt={dt} windowMs={parsed.value.duration - parsed.value.settle} /> : null}
      <div className="sw-body">
        <div className="sw-chart-wrap">
          <FICurveChart
            curves={shown}
            domain={domain}
            showOnset={showOnset}
            inputNow={inputNow}
            label={`f-I curves: firing rate against input current from ${fmtI(domain[0])} to ${fmtI(domain[1])} pA for ${shown.map((c) => c.name).join(', ') || 'no cell'}`}
          />
          {shown.length === 0 ? (
            <p className="plot-empty" data-testid="fi-empty">
              {specs.length === 0
                ? 'Select a neuron, or tick a cell to compare.'
                : job.status.phase === 'cancelled'
                  ? 'Cancelled. Press Compute to draw the curves.'
                  : job.status.phase === 'failed'
                    ? 'No curves: see the message above.'
                    : 'Computing the curves\u2026'}
            </p>
          ) : null}
        </div>
        <FILegend curves={shown} from={domain[0]} to={domain[1]} showOnset={showOnset} inputNow={inputNow} />
      </div>
    </section>
  );
}

/**
 * Says when a curve climbs in the step's stairs (rates locked at 1000 / (k dt) Hz for a few steps k) and
 * offers the step that resolves it; the change restarts the run, as the transport bar's step does.
 */
function StepWarning({ curves, dt, windowMs }: { curves: ShownCurve[]; dt: number; windowMs: number }) {
  const experiment = useLabStore((s) => s.experiment);
  const change = useLabStore((s) => s.change);
  const showError = useLabStore((s) => s.showError);
  const found = curves.flatMap((c) => {
    if (c.stale) return [];
    const q = rateQuantisation(c.curve.currents, c.curve.rates, dt, windowMs);
    return q ? [{ name: c.name, q }] : [];
  });
  if (found.length === 0) return null;
  const finerDt = Math.min(...found.map((f) => f.q.finerDt ?? dt));
  const list = found.map((f) => `${f.name} at ${d3.format('.0f')(f.q.rate)} Hz (${f.q.steps} step${f.q.steps === 1 ? '' : 's'} per spike)`).join(', ');
  const useFinerStep = (): void => {
    const problem = change({ ...experiment, simulation: { ...experiment.simulation, dt: finerDt } }, `step ${finerDt} ms`, { restart: true });
    if (problem) showError('edit', problem);
  };
  return (
    <div className="sw-step-warning" role="status" data-testid="fi-step-warning">
      <p>
        Stair-steps from the step: at dt = {dt} ms an interspike interval is a whole number of steps, so fast rates can only be
        1000/(k{'·'}dt) Hz. Locked: {list}.
      </p>
      {finerDt < dt ? (
        <button type="button" className="btn btn-small" data-testid="fi-finer-step" onClick={useFinerStep} title="Sets the experiment's step; the run restarts from t = 0">
          Use dt = {finerDt} ms
        </button>
      ) : null}
    </div>
  );
}

/**
 * The neuron's input at the simulation's present time (constant and pulse inputs, noise means; not the
 * synaptic input), read on animation frames and re-rendered only when it changes: the chart marks where
 * on its curve the neuron is now.
 */
function useInputNow(neuron: NeuronSpec | null): number | null {
  const experiment = useLabStore((s) => s.experiment);
  const [now, setNow] = useState<number | null>(null);
  useAnimationFrame(() => {
    const next = neuron && experiment.inputs.some((i) => i.target === neuron.id) ? inputCurrentAt(experiment, neuron.id, liveData.frameTime) : null;
    if (next !== now) setNow(next);
  });
  return now;
}

/** "Compare with": a checkbox per named cell of the model, and the onset-rate switch. */
function OverlayChoice({ model }: { model: CellModel }) {
  const overlays = useSweepStore((s) => s.overlays);
  const setOverlay = useSweepStore((s) => s.setOverlay);
  const showOnset = useSweepStore((s) => s.showOnset);
  const setShowOnset = useSweepStore((s) => s.setShowOnset);
  return (
    <div className="sw-overlays" role="group" aria-label="Compare with named cells">
      <span className="sw-overlays-title">Compare with</span>
      {overlaysFor(model).map((o) => (
        <label key={o.id} className="sw-check" title={o.title}>
          <input type="checkbox" checked={overlays.includes(o.id)} data-testid={`fi-overlay-${o.id}`} onChange={(e) => setOverlay(o.id, e.currentTarget.checked)} />
          <span className="sw-check-swatch" style={{ background: curveColor(o.id) }} aria-hidden="true" />
          {o.name}
        </label>
      ))}
      <label className="sw-check sw-onset" title="Also draw the rate from the first interspike interval (1000 / ISI1): far above the steady rate in a cell that adapts">
        <input type="checkbox" checked={showOnset} data-testid="fi-show-onset" onChange={(e) => setShowOnset(e.currentTarget.checked)} />
        Onset rate (1st ISI)
      </label>
    </div>
  );
}

/** Each curve's name, colour and rheobase. */
function FILegend({ curves, from, to, showOnset, inputNow }: { curves: ShownCurve[]; from: number; to: number; showOnset: boolean; inputNow: number | null }) {
  const own = curves.find((c) => c.own);
  return (
    <ul className="sw-legend" aria-label="f-I curves and their rheobase" data-testid="fi-legend">
      {curves.map((c) => {
        const r = c.curve.rheobase;
        const max = d3.max(c.curve.rates) ?? 0;
        return (
          <li key={c.id} data-testid="fi-legend-item" data-curve={c.id} className={c.stale ? 'is-stale' : undefined}>
            <svg width="18" height="10" aria-hidden="true">
              <line x1="0" x2="18" y1="5" y2="5" stroke={c.color} strokeWidth={c.own ? 3 : 2} />
            </svg>
            <span className="sw-legend-name">
              {c.name}
              {c.own ? <span className="muted"> (this neuron)</span> : null}
            </span>
            <span className="sw-legend-detail">
              {r === null ? `silent up to ${fmtI(to)} pA` : r <= from ? `fires already at ${fmtI(from)} pA` : `rheobase ${fmtI(r)} pA`}
              {r !== null ? `, max ${d3.format('.0f')(max)} Hz` : ''}
            </span>
          </li>
        );
      })}
      {own && showOnset ? (
        <li data-testid="fi-legend-onset">
          <svg width="18" height="10" aria-hidden="true">
            <line x1="0" x2="18" y1="5" y2="5" stroke={own.color} strokeWidth="1.4" strokeDasharray="2 3" />
          </svg>
          <span className="sw-legend-name">Onset rate of {own.name}</span>
          <span className="sw-legend-detail">1000 / first interspike interval</span>
        </li>
      ) : null}
      {own && inputNow !== null ? (
        <li data-testid="fi-legend-now" title="The neuron's constant and pulse inputs (and noise means) at the simulation's present time; synaptic input is not included">
          <svg width="18" height="10" aria-hidden="true">
            <circle cx="9" cy="5" r="4" fill="#7a3fb0" />
          </svg>
          <span className="sw-legend-name">{own.name} now</span>
          <span className="sw-legend-detail">input {fmtI(inputNow)} pA at the present time</span>
        </li>
      ) : null}
      {curves.length > 0 ? (
        <li className="sw-legend-note muted">Dashed line: the rheobase, the least constant current that keeps the cell firing.</li>
      ) : null}
    </ul>
  );
}
