import { CELL_PRESETS, matchPreset } from '../../core/experiment/presets.ts';
import type { InputSpec, NeuronSpec } from '../../core/experiment/types.ts';
import { editableInputParams, NEURON_PARAMS, type InputParam, type LiveEdit, type NeuronParam } from '../../core/experiment/edits.ts';
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

function InputControls({ input }: { input: InputSpec }) {
  const edit = useLabStore((s) => s.edit);
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
    </section>
  );
}
