import { useId, useMemo, useRef } from 'react';
import { CELL_PRESETS, matchPreset } from '../../core/experiment/presets.ts';
import type { NeuronSpec } from '../../core/experiment/types.ts';
import { NEURON_PARAMS, type LiveEdit, type NeuronParam } from '../../core/experiment/edits.ts';
import { readPickedFile, readRecordedCurrentFile } from '../files.ts';
import { formatValue } from '../format.ts';
import { useAnimationFrame, useFilePicker } from '../hooks.ts';
import { countSpikesIn, liveData } from '../liveData.ts';
import { useLabStore } from '../store.ts';
import { ParameterSliders, type SliderRange } from './ParameterSlider.tsx';
import { Cell2007Controls, CellModelSelect } from './CellModelControls.tsx';
import { InputControls } from '../panels/InputControls.tsx';
import { PopulationsSection } from '../panels/PopulationsSection.tsx';
import { TargetInputs } from '../panels/TargetInputs.tsx';


export const NEURON_RANGES: Record<NeuronParam, SliderRange> = {
  a: { min: 0, max: 0.2, step: 0.001, description: 'a: time scale of the recovery variable u (smaller = slower recovery)' },
  b: { min: -0.2, max: 0.4, step: 0.005, description: 'b: sensitivity of u to subthreshold v' },
  c: { min: -80, max: -30, step: 0.5, unit: 'mV', description: 'c: after-spike reset value of v' },
  d: { min: -5, max: 10, step: 0.05, description: 'd: after-spike jump of u' },
};

/** Picks a named cell class, sending a, b, c and d; shows "custom" when the values match none. */
function CellClassSelect({ neuron }: { neuron: NeuronSpec }) {
  const editAll = useLabStore((s) => s.editAll);
  const showError = useLabStore((s) => s.showError);
  const match = matchPreset(neuron);
  return (
    <label className="field">
      <span>Cell class</span>
      <select
        data-testid="preset"
        aria-label="Cell class preset"
        value={match?.name ?? 'custom'}
        onChange={(e) => {
          const preset = CELL_PRESETS.find((p) => p.name === e.currentTarget.value);
          if (!preset) return;
          const edits: LiveEdit[] = NEURON_PARAMS.map((param) => ({
            kind: 'neuron',
            neuron: neuron.id,
            param,
            value: preset.params[param],
          }));
          const problem = editAll(edits);
          if (problem) showError('edit', problem);
        }}
      >
        {match ? null : (
          <option value="custom" disabled>
            custom
          </option>
        )}
        {CELL_PRESETS.map((p) => (
          <option key={p.name} value={p.name}>
            {p.name} {'\u2014'} {p.title}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * "Drive from CSV…": a recorded current (header row of neuron ids, optional time_ms column, one row per
 * step of dt) added to a copy of the experiment, which is then loaded (restarting the run). Any problem
 * is listed in the error banner and nothing changes.
 */
function RecordedCurrentLoader() {
  const network = useLabStore((s) => s.network);
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const dt = useLabStore((s) => s.experiment.simulation.dt);
  const noteId = useId();

  const { reading, onPick } = useFilePicker(async ([file]) => {
    const bytes = await readPickedFile(file);
    const s = useLabStore.getState();
    if (!s.network || s.pendingExperiment) {
      s.showError('csv', `Could not load ${file.name}: the experiment is still loading; try again in a moment.`);
      return;
    }
    const result = bytes.ok ? readRecordedCurrentFile(bytes.value, file.name, s.experiment, s.network.ids) : bytes;
    if (!result.ok) {
      s.showError('csv', result.message);
      return;
    }
    if (s.lastError?.context === 'csv') s.dismissError();
    // Show a driven neuron's inputs, unless the selected one is driven already.
    const targets = result.value.inputs.map((i) => i.target);
    if (!targets.includes(s.selectedNeuronId ?? '')) {
      const shown = targets.find((t) => s.experiment.neurons.some((n) => n.id === t));
      if (shown) s.selectNeuron(shown);
    }
    s.loadExperiment(result.value.experiment, `drive from ${file.name}`);
  });

  const disabled = !network || loading || reading;
  return (
    <div className="drive-csv">
      <label className={`btn btn-small file-button${disabled ? ' is-disabled' : ''}`} title={`CSV: a header row of neuron ids (optionally a time_ms column), then one row of currents (pA) per ${dt} ms step`}>
        Drive from CSV{'\u2026'}
        <input
          type="file"
          accept=".csv,text/csv,text/plain"
          className="visually-hidden"
          aria-label="Drive from CSV: open a recorded current file"
          aria-describedby={noteId}
          data-testid="drive-csv"
          disabled={disabled}
          onChange={onPick}
        />
      </label>
      <span id={noteId} className="muted note">Loading a recorded current restarts the run.</span>
    </div>
  );
}

/**
 * The selected neuron's spikes since reset and its rate over the last 1000 ms of simulated time, written
 * to the DOM on animation frames (no React render per spike).
 */
function NeuronRate({ neuronId }: { neuronId: string }) {
  const network = useLabStore((s) => s.network);
  const index = useMemo(() => (network ? network.ids.indexOf(neuronId) : -1), [network, neuronId]);
  const ref = useRef<HTMLParagraphElement>(null);
  const drawn = useRef({ version: -1, index: -2 });

  useAnimationFrame(() => {
    const el = ref.current;
    if (!el) return;
    if (drawn.current.version === liveData.version && drawn.current.index === index) return;
    drawn.current = { version: liveData.version, index };
    if (index < 0) {
      el.textContent = 'Fired \u2013 spikes';
      el.dataset.rate = '0';
      el.dataset.spikes = '0';
      return;
    }
    const t1 = liveData.frameTime;
    const span = Math.min(1000, t1);
    const total = liveData.spikeCounts.of(index);
    const recent = span > 0 ? countSpikesIn(index, t1 - span, t1) : { count: 0, complete: true };
    const rate = span > 0 ? Number(((recent.count * 1000) / span).toFixed(3)) : 0;
    const over = span >= 1000 ? 'over the last second' : span > 0 ? `over the first ${formatValue(span)} ms` : 'so far';
    el.textContent =
      `Fired ${total.toLocaleString('en-US')} spike${total === 1 ? '' : 's'} \u00b7 ${rate.toFixed(1)} Hz ${over}` +
      (recent.complete ? '' : ' (at least; older spikes were dropped)');
    el.dataset.rate = String(rate);
    el.dataset.spikes = String(total);
  });

  return (
    <p ref={ref} className="neuron-rate" data-testid="neuron-rate" data-rate="0" data-spikes="0" aria-live="off">
      Fired 0 spikes
    </p>
  );
}

/** The selected neuron: its cell class, a, b, c, d and the inputs that drive it. */
function NeuronSection() {
  const neurons = useLabStore((s) => s.experiment.neurons);
  const inputs = useLabStore((s) => s.experiment.inputs);
  const populations = useLabStore((s) => s.experiment.populations);
  const selectedId = useLabStore((s) => s.selectedNeuronId);
  const selectNeuron = useLabStore((s) => s.selectNeuron);
  const edit = useLabStore((s) => s.edit);
  const neuron = neurons.find((n) => n.id === selectedId) ?? neurons[0];

  if (!neuron) {
    // Inputs into single neurons of populations ("E[3]") are listed here; whole-population inputs are
    // in the population's editor.
    const groupIds = new Set(populations.map((p) => p.id));
    const other = inputs.filter((i) => !groupIds.has(i.target));
    return (
      <section className="panel" aria-labelledby="neuron-panel-title" data-testid="neuron-panel">
        <h2 id="neuron-panel-title">Neuron</h2>
        <p className="muted">
          This experiment has no individually editable neurons
          {populations.length > 0 ? ` (its ${populations.length} population${populations.length === 1 ? '' : 's'} draw parameters per neuron; their inputs are in the Populations section)` : ''}.
        </p>
        {other.length > 0 ? <h3>Inputs</h3> : null}
        {other.map((input) => (
          <InputControls key={input.id} input={input} />
        ))}
        <RecordedCurrentLoader />
      </section>
    );
  }

  return (
    <section className="panel" aria-labelledby="neuron-panel-title" data-testid="neuron-panel">
      <h2 id="neuron-panel-title">Neuron</h2>
      <div className="field-row">
        <label className="field">
          <span>Neuron</span>
          <select
            data-testid="neuron-select"
            aria-label="Selected neuron"
            value={neuron.id}
            onChange={(e) => selectNeuron(e.currentTarget.value)}
          >
            {neurons.map((n) => (
              <option key={n.id} value={n.id}>
                {n.label && n.label !== n.id ? `${n.label} (${n.id})` : n.id}
                {n.role === 'inhibitory' ? ' \u2013 inhibitory' : ''}
              </option>
            ))}
          </select>
        </label>
        <CellModelSelect neuron={neuron} />
        {neuron.model === 'izhikevich2003' ? <CellClassSelect neuron={neuron} /> : null}
      </div>
      <NeuronRate neuronId={neuron.id} />
      {neuron.model === 'izhikevich2007' ? <Cell2007Controls neuron={neuron} /> : null}
      {neuron.model !== 'izhikevich2003' ? null : (
        <ParameterSliders ranges={NEURON_RANGES} values={neuron} keyPrefix={neuron.id} onChange={(param, value) => edit({ kind: 'neuron', neuron: neuron.id, param, value })} />
      )}
      <TargetInputs target={neuron.id} kind="neuron" />
      <RecordedCurrentLoader />
    </section>
  );
}

/** The sidebar's node panels: the selected neuron, then the populations. */
export function NeuronPanel() {
  return (
    <>
      <NeuronSection />
      <PopulationsSection />
    </>
  );
}
