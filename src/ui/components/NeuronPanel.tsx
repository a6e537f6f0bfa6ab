import { useId, useMemo, useRef, useState, type ChangeEvent } from 'react';
import { CELL_PRESETS, matchPreset } from '../../core/experiment/presets.ts';
import type { InputSpec, NeuronSpec } from '../../core/experiment/types.ts';
import { editableInputParams, NEURON_PARAMS, type InputParam, type LiveEdit, type NeuronParam } from '../../core/experiment/edits.ts';
import { readPickedFile, readRecordedCurrentFile, withoutInput } from '../files.ts';
import { formatValue } from '../format.ts';
import { useAnimationFrame } from '../hooks.ts';
import { countSpikesIn, liveData } from '../liveData.ts';
import { useLabStore } from '../store.ts';
import { ParameterSlider } from './ParameterSlider.tsx';

interface Range {
  min: number;
  max: number;
  step: number;
  unit?: string;
  description: string;
}

export const NEURON_RANGES: Record<NeuronParam, Range> = {
  a: { min: 0, max: 0.2, step: 0.001, description: 'a: time scale of the recovery variable u (smaller = slower recovery)' },
  b: { min: -0.2, max: 0.4, step: 0.005, description: 'b: sensitivity of u to subthreshold v' },
  c: { min: -80, max: -30, step: 0.5, unit: 'mV', description: 'c: after-spike reset value of v' },
  d: { min: -5, max: 10, step: 0.05, description: 'd: after-spike jump of u' },
};

const INPUT_RANGES: Record<InputParam, Range> = {
  amplitude: { min: -20, max: 40, step: 0.5, unit: 'pA', description: 'Current amplitude' },
  mean: { min: -20, max: 40, step: 0.5, unit: 'pA', description: 'Mean of the noise current' },
  sd: { min: 0, max: 20, step: 0.1, unit: 'pA', description: 'Standard deviation of the noise current, redrawn every step' },
  rate: { min: 0, max: 200, step: 1, unit: 'Hz', description: 'Rate of the Poisson spike train' },
  weight: { min: 0, max: 5, step: 0.05, description: 'Weight of each Poisson input spike' },
  start: { min: 0, max: 2000, step: 1, unit: 'ms', description: 'When the pulse starts' },
  duration: { min: 1, max: 2000, step: 1, unit: 'ms', description: 'How long the pulse lasts (empty: until the end)' },
  period: { min: 1, max: 2000, step: 1, unit: 'ms', description: 'Repeat the pulse every period ms (empty: once)' },
};

const INPUT_KIND_NAMES: Record<InputSpec['kind'], string> = {
  constant: 'constant current',
  pulse: 'current step / pulse',
  noise: 'noise current',
  poisson: 'Poisson spike input',
  recorded: 'recorded current',
};

function inputValue(input: InputSpec, param: InputParam): number | undefined {
  switch (param) {
    case 'amplitude':
      return input.kind === 'constant' || input.kind === 'pulse' ? input.amplitude : undefined;
    case 'start':
      return input.kind === 'pulse' ? input.start : undefined;
    case 'duration':
      return input.kind === 'pulse' ? input.duration : undefined;
    case 'period':
      return input.kind === 'pulse' ? input.period : undefined;
    case 'mean':
      return input.kind === 'noise' ? input.mean : undefined;
    case 'sd':
      return input.kind === 'noise' ? input.sd : undefined;
    case 'rate':
      return input.kind === 'poisson' ? input.rate : undefined;
    case 'weight':
      return input.kind === 'poisson' ? input.weight : undefined;
  }
}

function placeholderFor(param: InputParam): string | undefined {
  if (param === 'duration') return 'to end';
  if (param === 'period') return 'once';
  return undefined;
}

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

/** A recorded current: where it came from and how long it lasts; it has no live fields, only Remove. */
function RecordedInput({ input }: { input: InputSpec & { kind: 'recorded' } }) {
  const dt = useLabStore((s) => s.experiment.simulation.dt);
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const steps = input.values.length;
  const remove = (): void => {
    const s = useLabStore.getState();
    if (s.pendingExperiment) return;
    s.loadExperiment(withoutInput(s.experiment, input.id));
  };
  return (
    <fieldset className="input-group" data-testid={`input-${input.id}`}>
      <legend>
        Input <code>{input.id}</code> <span className="muted">({INPUT_KIND_NAMES.recorded})</span>
      </legend>
      <div className="recorded-row">
        <p className="recorded-summary" data-testid={`input-${input.id}-summary`}>
          {input.source ? (
            <>
              from <span className="file-name">{input.source}</span> {'\u00b7'}{' '}
            </>
          ) : null}
          {steps.toLocaleString('en-US')} step{steps === 1 ? '' : 's'} {'\u00b7'} {formatValue(steps * dt)} ms
        </p>
        <button
          type="button"
          className="btn btn-small"
          data-testid={`input-${input.id}-remove`}
          aria-label={`Remove recorded input ${input.id}`}
          title="Remove this recorded current (restarts the run)"
          disabled={loading}
          onClick={remove}
        >
          Remove
        </button>
      </div>
      <p className="muted note">Values are fixed; zero after the last step.</p>
    </fieldset>
  );
}

function InputControls({ input }: { input: InputSpec }) {
  const edit = useLabStore((s) => s.edit);
  if (input.kind === 'recorded') return <RecordedInput input={input} />;
  const params = editableInputParams(input);
  return (
    <fieldset className="input-group">
      <legend>
        Input <code>{input.id}</code> <span className="muted">({INPUT_KIND_NAMES[input.kind]})</span>
      </legend>
      {params.length === 0 ? <p className="muted">This input cannot be changed while running.</p> : null}
      {params.map((param) => {
        const r = INPUT_RANGES[param];
        return (
          <ParameterSlider
            key={param}
            label={param}
            unit={r.unit}
            description={r.description}
            min={r.min}
            max={r.max}
            step={r.step}
            value={inputValue(input, param)}
            placeholder={placeholderFor(param)}
            testId={`input-${input.id}-${param}`}
            onChange={(value) => edit({ kind: 'input', input: input.id, param, value })}
          />
        );
      })}
    </fieldset>
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
  const [reading, setReading] = useState(false);
  const noteId = useId();

  const onPick = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setReading(true);
    try {
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
      s.loadExperiment(result.value.experiment);
    } finally {
      setReading(false);
    }
  };

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
          onChange={(e) => void onPick(e)}
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
export function NeuronPanel() {
  const neurons = useLabStore((s) => s.experiment.neurons);
  const inputs = useLabStore((s) => s.experiment.inputs);
  const populations = useLabStore((s) => s.experiment.populations);
  const selectedId = useLabStore((s) => s.selectedNeuronId);
  const selectNeuron = useLabStore((s) => s.selectNeuron);
  const edit = useLabStore((s) => s.edit);
  const neuron = neurons.find((n) => n.id === selectedId) ?? neurons[0];

  if (!neuron) {
    return (
      <section className="panel">
        <h2 id="neuron-panel-title">Neuron</h2>
        <p className="muted">
          This experiment has no individually editable neurons
          {populations.length > 0 ? ` (its ${populations.length} population${populations.length === 1 ? '' : 's'} draw parameters per neuron)` : ''}.
        </p>
        {inputs.length > 0 ? <h3>Inputs</h3> : null}
        {inputs.map((input) => (
          <InputControls key={input.id} input={input} />
        ))}
        <RecordedCurrentLoader />
      </section>
    );
  }

  const targeting = inputs.filter((i) => i.target === neuron.id);
  return (
    <section className="panel">
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
        <CellClassSelect neuron={neuron} />
      </div>
      <NeuronRate neuronId={neuron.id} />
      <div className="params">
        {NEURON_PARAMS.map((param) => {
          const r = NEURON_RANGES[param];
          return (
            <ParameterSlider
              key={`${neuron.id}-${param}`}
              label={param}
              unit={r.unit}
              description={r.description}
              min={r.min}
              max={r.max}
              step={r.step}
              value={neuron[param]}
              testId={`param-${param}`}
              onChange={(value) => edit({ kind: 'neuron', neuron: neuron.id, param, value })}
            />
          );
        })}
      </div>
      <h3>Inputs to {neuron.id}</h3>
      {targeting.length === 0 ? <p className="muted">No input targets this neuron directly.</p> : null}
      {targeting.map((input) => (
        <InputControls key={input.id} input={input} />
      ))}
      <RecordedCurrentLoader />
    </section>
  );
}
