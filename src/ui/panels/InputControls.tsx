import { PAPER_STEP_MS } from '../../core/engine/network.ts';
import { describeSpikeSource } from '../../core/engine/spikeSources.ts';
import type { InputSpec } from '../../core/experiment/types.ts';
import { editableInputParams, type InputParam } from '../../core/experiment/edits.ts';
import { removeInputs } from '../../core/experiment/structure.ts';
import { ParameterSlider, type SliderRange } from '../components/ParameterSlider.tsx';
import { formatValue } from '../format.ts';
import { useLabStore } from '../store.ts';


const INPUT_RANGES: Record<InputParam, SliderRange> = {
  amplitude: { min: -20, max: 40, step: 0.5, unit: 'pA', description: 'Current amplitude' },
  mean: { min: -20, max: 40, step: 0.5, unit: 'pA', description: 'Mean of the noise current' },
  sd: { min: 0, max: 20, step: 0.1, unit: 'pA', description: 'Standard deviation of the noise current' },
  hold: { min: 0.1, max: 20, step: 0.1, unit: 'ms', description: 'A new noise value is drawn every hold ms and held in between (1 ms: the 2003 paper)' },
  rate: { min: 0, max: 200, step: 1, unit: 'Hz', description: 'Rate of the Poisson spike train' },
  weight: { min: 0, max: 5, step: 0.05, description: 'Weight of each Poisson input spike' },
  start: { min: 0, max: 2000, step: 1, unit: 'ms', description: 'When the pulse starts' },
  duration: { min: 1, max: 2000, step: 1, unit: 'ms', description: 'How long the pulse lasts (empty: until the end)' },
  period: { min: 1, max: 2000, step: 1, unit: 'ms', description: 'Repeat the pulse every period ms (empty: once)' },
  phase: { min: 0, max: 6.28, step: 0.01, unit: 'rad', description: 'Phase of the sine at its start' },
};

/** Where a field of one kind of input means something else than in a pulse (a sine's window and period, a Poisson input's window). */
const KIND_RANGES: Partial<Record<InputSpec['kind'], Partial<Record<InputParam, Partial<SliderRange>>>>> = {
  sine: {
    start: { description: 'When the sine current starts' },
    duration: { description: 'How long the sine current lasts (empty: until the end)' },
    period: { min: 1, max: 1000, description: 'Period of the sine, ms' },
  },
  poisson: {
    start: { description: 'When the Poisson spikes start (no spikes before)' },
    duration: { description: 'How long the Poisson spikes last (empty: until the end)' },
  },
};

function rangeOf(kind: InputSpec['kind'], param: InputParam): SliderRange {
  return { ...INPUT_RANGES[param], ...KIND_RANGES[kind]?.[param] };
}

export const INPUT_KIND_NAMES: Record<InputSpec['kind'], string> = {
  constant: 'constant current',
  pulse: 'current step / pulse',
  noise: 'noise current',
  poisson: 'Poisson spike input',
  sine: 'sine current',
  recorded: 'recorded current',
  spikeSource: 'random spike source',
};

function inputValue(input: InputSpec, param: InputParam): number | undefined {
  switch (param) {
    case 'amplitude':
      return input.kind === 'constant' || input.kind === 'pulse' || input.kind === 'sine' ? input.amplitude : undefined;
    case 'start':
      return input.kind === 'pulse' || input.kind === 'sine' ? input.start : input.kind === 'poisson' ? (input.start ?? 0) : undefined;
    case 'duration':
      return input.kind === 'pulse' || input.kind === 'sine' || input.kind === 'poisson' ? input.duration : undefined;
    case 'period':
      return input.kind === 'pulse' || input.kind === 'sine' ? input.period : undefined;
    case 'phase':
      return input.kind === 'sine' ? input.phase : undefined;
    case 'mean':
      return input.kind === 'noise' ? input.mean : undefined;
    case 'sd':
      return input.kind === 'noise' ? input.sd : undefined;
    case 'hold':
      return input.kind === 'noise' ? (input.hold ?? PAPER_STEP_MS) : undefined;
    case 'rate':
      return input.kind === 'poisson' ? input.rate : undefined;
    case 'weight':
      return input.kind === 'poisson' ? input.weight : undefined;
  }
}

function unsetTextFor(param: InputParam): string | undefined {
  if (param === 'duration') return 'to end';
  if (param === 'period') return 'once';
  return undefined;
}

/**
 * Removes an input through the store's change() (validated, undoable). A recorded current restarts the
 * run (its values are indexed from t = 0); other inputs are removed while the run continues.
 */
function removeInput(id: string, restart: boolean): void {
  const s = useLabStore.getState();
  if (s.pendingExperiment) return;
  const problem = s.change(removeInputs(s.experiment, [id]), `remove input ${id}`, restart ? { restart: true } : {});
  if (problem) s.showError('edit', problem);
}

/** A recorded current: where it came from and how long it lasts; it has no live fields, only Remove. */
function RecordedInput({ input }: { input: InputSpec & { kind: 'recorded' } }) {
  const dt = useLabStore((s) => s.experiment.simulation.dt);
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const steps = input.values.length;
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
          onClick={() => removeInput(input.id, true)}
        >
          Remove
        </button>
      </div>
      <p className="muted note">Values are fixed; zero after the last step.</p>
    </fieldset>
  );
}

/** One input's live sliders (amplitude, rate, ...) and a Remove button. */
export function InputControls({ input }: { input: InputSpec }) {
  const edit = useLabStore((s) => s.edit);
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  if (input.kind === 'recorded') return <RecordedInput input={input} />;
  const params = editableInputParams(input);
  return (
    <fieldset className="input-group" data-testid={`input-${input.id}`}>
      <legend>
        Input <code>{input.id}</code>{' '}
        <span className="muted">
          ({INPUT_KIND_NAMES[input.kind]}
          {input.kind === 'poisson' ? <> via <code>{input.synapse}</code></> : null}
          {input.kind === 'spikeSource' ? <>: {describeSpikeSource(input)}</> : null})
        </span>
      </legend>
      <div className="input-group-tools">
        <button
          type="button"
          className="btn btn-small btn-quiet"
          data-testid={`input-${input.id}-remove`}
          aria-label={`Remove input ${input.id}`}
          title="Remove this input (the run continues)"
          disabled={loading}
          onClick={() => removeInput(input.id, false)}
        >
          Remove
        </button>
      </div>
      {params.map((param) => {
        const r = rangeOf(input.kind, param);
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
            unsetText={unsetTextFor(param)}
            testId={`input-${input.id}-${param}`}
            onChange={(value) => edit({ kind: 'input', input: input.id, param, value })}
          />
        );
      })}
    </fieldset>
  );
}
