import { useCallback, useId, useMemo, useReducer, useRef } from 'react';
import { FIRING_CLASSES, FIRING_CLASS_LABELS, PLANE_PARAMS, sweepCellOf, type FiringMap, type MapPlane } from '../../core/analysis/sweeps.ts';
import { inputCurrentAt } from '../../core/analysis/phasePlane.ts';
import type { LiveEdit } from '../../core/experiment/edits.ts';
import type { CellModel, NeuronSpec } from '../../core/experiment/types.ts';
import { startAnalysis } from '../analysisClient.ts';
import { useLabStore } from '../store.ts';
import { FIRING_CLASS_COLORS } from './colors.ts';
import { FiringMapChart, type GridCell } from './FiringMapChart.tsx';
import { FiringMapExport } from '../export/plotExports.tsx';
import { classCounts, gridValue, percent, presetPoints } from './mapGeometry.ts';
import { MAP_ONSET_MS, mapDefaults, mapKey, mapRequest, mapRules, parseMapForm, type MapField, type PlaneField } from './mapSettings.ts';
import { FieldErrors, NumberField, SweepStatus } from './SweepControls.tsx';
import { neuronName, numericsText } from './sweepCell.ts';
import { useSweepStore } from './sweepStore.ts';
import { useSweepJob, type JobStatus } from './useSweepJob.ts';
import './sweeps.css';

/** Maps computed so far, by mapKey: undo, or a switch of plane and back, shows them at once. */
const mapCache = new Map<string, FiringMap>();
const CACHE_LIMIT = 12;

function remember(key: string, map: FiringMap): void {
  mapCache.delete(key);
  mapCache.set(key, map);
  for (const old of mapCache.keys()) {
    if (mapCache.size <= CACHE_LIMIT) break;
    mapCache.delete(old);
  }
}

/** The last map drawn, shown faded while the one for new settings is computed. */
let lastShown: FiringMap | null = null;

const RANGE_FIELDS: { field: PlaneField; title: string }[] = [
  { field: 'xFrom', title: 'The least value along the horizontal axis' },
  { field: 'xTo', title: 'The greatest value along the horizontal axis' },
  { field: 'yFrom', title: 'The least value along the vertical axis' },
  { field: 'yTo', title: 'The greatest value along the vertical axis' },
];
const OTHER_FIELDS: { field: 'resolution' | 'amplitude' | 'duration'; size: number; title: string }[] = [
  { field: 'resolution', size: 4, title: 'Grid points along each axis (points x points runs)' },
  { field: 'amplitude', size: 5, title: `The input: a step of this current from ${MAP_ONSET_MS} ms to the end of the run, pA` },
  { field: 'duration', size: 5, title: 'Length of each run, ms' },
];
const ALL_FIELDS: MapField[] = ['xFrom', 'xTo', 'yFrom', 'yTo', 'resolution', 'amplitude', 'duration'];


/** The firing map panel: what the selected cell does for a step input, over the (a, b) or (c, d) plane. */
export function FiringMapPanel() {
  const neuron = useLabStore((s) => s.experiment.neurons.find((n) => n.id === s.selectedNeuronId) ?? null);
  // Each model has its own form: a 2007 cell's a, b, d and input are in its units (1/ms, nS, pA).
  const model: CellModel = neuron?.model ?? 'izhikevich2003';
  const hasNeurons = useLabStore((s) => s.experiment.neurons.length > 0);
  const dt = useLabStore((s) => s.experiment.simulation.dt);
  const scheme = useLabStore((s) => s.experiment.simulation.scheme);
  const editAll = useLabStore((s) => s.editAll);
  // The neuron's own drive, for the map's step: its inputs' current at the end of the run (a pattern's step).
  const ownInput = useLabStore((s) => {
    if (!neuron) return null;
    const { duration, dt: step } = s.experiment.simulation;
    const I = inputCurrentAt(s.experiment, neuron.id, duration - step);
    return Number.isFinite(I) ? Number(I.toFixed(4)) : null;
  });
  const showError = useLabStore((s) => s.showError);
  const form = useSweepStore((s) => s.mapForms[model]);
  const setRange = useSweepStore((s) => s.setMapRange);
  const setField = useSweepStore((s) => s.setMapField);
  const resetMap = useSweepStore((s) => s.resetMap);
  const [, mapArrived] = useReducer((n: number) => n + 1, 0);
  const errorId = useId();

  const plane = form.plane;
  const rules = mapRules(plane, model);
  const parsed = useMemo(() => parseMapForm(form, model), [form, model]);
  const request = useMemo(
    () => (neuron && parsed.ok ? mapRequest(sweepCellOf(neuron), { dt, scheme }, parsed.value) : null),
    [neuron, parsed, dt, scheme],
  );
  const key = request ? mapKey(request) : null;
  const cached = key !== null ? mapCache.get(key) : undefined;
  if (cached) lastShown = cached;

  const job = useSweepJob(key !== null && !cached ? key : null, (handlers) => {
    if (!request || key === null) throw new Error('no map to compute');
    return startAnalysis(
      { type: 'firingMap', request },
      {
        ...handlers,
        onFiringMap(map) {
          remember(key, map);
          mapArrived();
        },
      },
    );
  });

  const shown = cached ?? (lastShown && lastShown.request.plane === plane ? lastShown : null);
  const { x: xParam, y: yParam } = PLANE_PARAMS[plane];
  const marker = useMemo(() => (neuron ? { name: neuronName(neuron), x: neuron[xParam], y: neuron[yParam] } : null), [neuron, xParam, yParam]);
  const presets = useMemo(() => presetPoints(plane, model), [plane, model]);

  const onPick = useCallback(
    (cell: GridCell) => {
      if (!neuron || !shown) return;
      const edits: LiveEdit[] = [
        { kind: 'neuron', neuron: neuron.id, param: xParam, value: gridValue(shown.request.x, cell.ix) },
        { kind: 'neuron', neuron: neuron.id, param: yParam, value: gridValue(shown.request.y, cell.iy) },
      ];
      // The store's edit path, as the sliders use it: one undo step, and the running simulation gets it at once.
      const problem = editAll(edits);
      if (problem) showError('edit', problem);
    },
    [neuron, shown, xParam, yParam, editAll, showError],
  );

  const lastAmplitude = useRef(10);
  const lastDuration = useRef(500);
  if (parsed.ok) {
    lastAmplitude.current = parsed.value.amplitude;
    lastDuration.current = parsed.value.duration;
  }
  const hint = neuron
    ? `Behaviour for a ${lastAmplitude.current} pA step, with ${fixedText(neuron, plane)}. Click a point to give ${neuronName(neuron)} its (${xParam}, ${yParam}).`
    : hasNeurons
      ? 'Select a neuron to map its behaviours.'
      : 'This experiment has no single neurons (a population\u2019s neurons differ): add one to map its behaviours.';
  const messages = parsed.ok ? [] : ALL_FIELDS.flatMap((f) => parsed.errors[f] ?? []);
  const defaults = mapDefaults(model);
  const name = neuron ? neuronName(neuron) : null;
  return (
    <section className="panel sw-panel" aria-labelledby="map-title" data-testid="map-panel">
      <div className="panel-header sw-header">
        <h2 id="map-title">Firing map{name ? `: ${name}` : ''}</h2>
        <span className="muted sw-hint" data-testid="map-hint" title={neuron ? `${hint} Each point is one run of ${lastDuration.current} ms (${numericsText(dt, scheme)}) with a step from ${MAP_ONSET_MS} ms, classified by its spikes after the step.` : hint}>
          {hint}
        </span>
        <SweepStatus job={job} what="firing map" testId="map-status" />
        <FiringMapExport />
      </div>
      <div className="sw-controls" role="group" aria-label="Firing map settings">
        <PlaneSwitch model={model} />
        {RANGE_FIELDS.map(({ field, title }) => (
          <NumberField
            key={`${plane}-${field}`}
            label={rules[field].label}
            value={form.ranges[plane][field]}
            onChange={(text) => setRange(model, field, text)}
            error={parsed.ok ? undefined : parsed.errors[field]}
            errorId={errorId}
            testId={`map-${field}`}
            size={6}
            title={title}
          />
        ))}
        {OTHER_FIELDS.map(({ field, size, title }) => (
          <NumberField
            key={field}
            label={rules[field].label}
            value={form[field]}
            onChange={(text) => setField(model, field, text)}
            error={parsed.ok ? undefined : parsed.errors[field]}
            errorId={errorId}
            testId={`map-${field}`}
            size={size}
            title={title}
          />
        ))}
        {ownInput !== null && (!parsed.ok || parsed.value.amplitude !== ownInput) ? (
          <button
            type="button"
            className="btn btn-small"
            data-testid="map-own-input"
            onClick={() => setField(model, 'amplitude', String(ownInput))}
            title={`Map the behaviour for ${name ?? 'the neuron'}'s own input: its inputs' current at the end of the run`}
          >
            Its input: {ownInput} pA
          </button>
        ) : null}
        <button
          type="button"
          className="btn btn-small sw-defaults"
          data-testid="map-defaults"
          onClick={() => resetMap(model)}
          title={`Back to the default ranges, ${defaults.resolution} points per axis, a ${defaults.amplitude} pA step and ${defaults.duration} ms runs`}
        >
          Defaults
        </button>
      </div>
      <FieldErrors id={errorId} messages={messages} testId="map-form-error" />
      <div className="sw-body">
        <div className="sw-chart-wrap">
          {shown ? (
            <FiringMapChart map={shown} stale={shown !== cached} neuron={marker} presets={presets} onPick={onPick} targetName={name} />
          ) : (
            <p className="plot-empty" data-testid="map-empty">{emptyText(neuron !== null, parsed.ok, job.status.phase)}</p>
          )}
        </div>
        <MapLegend map={shown} stale={shown !== cached} neuronName={name} plane={plane} model={model} />
      </div>
    </section>
  );
}

/** The two parameters the map keeps at the neuron's values (in the 2007 cell's units where it has them). */
function fixedText(neuron: NeuronSpec, plane: MapPlane): string {
  if (neuron.model === 'izhikevich2007') return plane === 'ab' ? `c = ${neuron.c} mV, d = ${neuron.d} pA` : `a = ${neuron.a} /ms, b = ${neuron.b} nS`;
  return plane === 'ab' ? `c = ${neuron.c} mV, d = ${neuron.d}` : `a = ${neuron.a}, b = ${neuron.b}`;
}

/** What the map's place says while there is no map to show. */
function emptyText(hasNeuron: boolean, valid: boolean, phase: JobStatus['phase']): string {
  if (!hasNeuron) return 'Select a neuron to see its map.';
  if (!valid) return 'Fix the settings above to compute the map.';
  if (phase === 'cancelled') return 'Cancelled. Press Compute to make the map.';
  if (phase === 'failed') return 'No map: see the message above.';
  return 'Computing the map\u2026';
}

const PLANES: { id: MapPlane; label: string }[] = [
  { id: 'ab', label: 'a, b' },
  { id: 'cd', label: 'c, d' },
];

/** Which plane the map covers: two buttons, one pressed. */
function PlaneSwitch({ model }: { model: CellModel }) {
  const plane = useSweepStore((s) => s.mapForms[model].plane);
  const setPlane = useSweepStore((s) => s.setMapPlane);
  return (
    <div className="sw-plane" role="radiogroup" aria-label="Plane">
      <span className="sw-plane-title">Plane</span>
      <div className="sw-segmented">
        {PLANES.map((p) => (
          <button
            key={p.id}
            type="button"
            role="radio"
            aria-checked={plane === p.id}
            className={plane === p.id ? 'is-on' : undefined}
            data-testid={`map-plane-${p.id}`}
            onClick={() => setPlane(model, p.id)}
          >
            ({p.label})
          </button>
        ))}
      </div>
    </div>
  );
}

/** Colour per firing class with its share of the map, and what the markers are. */
function MapLegend({ map, stale, neuronName, plane, model }: { map: FiringMap | null; stale: boolean; neuronName: string | null; plane: MapPlane; model: CellModel }) {
  const counts = map ? classCounts(map.classes) : FIRING_CLASSES.map(() => 0);
  const total = map ? map.classes.length : 0;
  const { x, y } = PLANE_PARAMS[plane];
  return (
    <div className="sw-legend sw-map-legend">
      <ul aria-label="Firing classes" data-testid="map-legend">
        {FIRING_CLASSES.map((cls, k) => (
          <li
            key={cls}
            data-testid="map-legend-item"
            data-class={cls}
            data-count={stale ? 0 : counts[k]}
            className={counts[k] === 0 ? 'is-absent' : undefined}
          >
            <span className="sw-class-swatch" style={{ background: FIRING_CLASS_COLORS[cls] }} aria-hidden="true" />
            <span className="sw-legend-name">{FIRING_CLASS_LABELS[cls]}</span>
            <span className="sw-legend-detail">{total > 0 && counts[k] > 0 ? percent(counts[k] / total) : ''}</span>
          </li>
        ))}
      </ul>
      <ul className="sw-marker-key" aria-label="Markers">
        {neuronName ? (
          <li>
            <svg width="18" height="18" viewBox="-9 -9 18 18" aria-hidden="true">
              <circle r="6" fill="none" stroke="#fff" strokeWidth="3.5" />
              <circle r="6" fill="none" stroke="#1d2330" strokeWidth="1.8" />
            </svg>
            {neuronName} now
          </li>
        ) : null}
        <li>
          <svg width="18" height="18" viewBox="-9 -9 18 18" aria-hidden="true">
            <circle r="3.2" fill="#1d2330" stroke="#fff" strokeWidth="1.2" />
          </svg>
          {model === 'izhikevich2007' ? `named 2007 cells (${x}, ${y} of RS, IB, CH)` : <>named cells ({x}, {y} of RS, FS, {'\u2026'})</>}
        </li>
      </ul>
    </div>
  );
}
