import { izhikevich2003To2007 } from '../../core/experiment/cellMapping.ts';
import { CELL_2007_PRESETS } from '../../core/experiment/cellModels.ts';
import { CELL_PRESETS } from '../../core/experiment/presets.ts';
import type { Experiment, Izhikevich2007NeuronSpec, Izhikevich2007Params, NeuronSpec } from '../../core/experiment/types.ts';
import { useLabStore } from '../store.ts';
import { ParameterSliders, type SliderRange } from './ParameterSlider.tsx';

const RANGES_2007: Record<keyof Omit<Izhikevich2007Params, 'v0'>, SliderRange> = {
  C: { min: 1, max: 300, step: 1, unit: 'pF', description: 'C: membrane capacitance' },
  k: { min: 0.01, max: 3, step: 0.01, unit: 'nS/mV', description: 'k: gain of the quadratic k (v - vr)(v - vt)' },
  vr: { min: -90, max: -40, step: 0.5, unit: 'mV', description: 'vr: resting potential' },
  vt: { min: -70, max: -20, step: 0.5, unit: 'mV', description: 'vt: threshold potential' },
  vpeak: { min: 0, max: 60, step: 1, unit: 'mV', description: 'vpeak: spike cut-off' },
  a: { min: 0, max: 0.3, step: 0.001, unit: '1/ms', description: 'a: recovery rate of u' },
  b: { min: -5, max: 10, step: 0.1, unit: 'nS', description: 'b: sensitivity of u to v - vr' },
  c: { min: -80, max: -30, step: 0.5, unit: 'mV', description: 'c: after-spike reset of v' },
  d: { min: 0, max: 300, step: 1, unit: 'pA', description: 'd: after-spike jump of u' },
};
const PARAMS_2007 = Object.keys(RANGES_2007) as (keyof typeof RANGES_2007)[];

/** The experiment with neuron `id` replaced by `next` (a change of model or of a 2007 parameter rebuilds the network; the run goes on). */
function withNeuron(experiment: Experiment, id: string, next: NeuronSpec): Experiment {
  return { ...experiment, neurons: experiment.neurons.map((n) => (n.id === id ? next : n)) };
}

function change(next: NeuronSpec, label: string, coalesce?: string): string | null {
  const s = useLabStore.getState();
  return s.change(withNeuron(s.experiment, next.id, next), label, coalesce !== undefined ? { coalesce } : undefined);
}

/**
 * The neuron's model: the 2003 cell or NeuroML's izhikevich2007Cell. A 2003 cell becomes its exact 2007
 * cell (cellMapping.ts) where one exists, else the 2007 RS cell; a 2007 cell becomes the 2003 RS cell.
 */
export function CellModelSelect({ neuron }: { neuron: NeuronSpec }) {
  const showError = useLabStore((s) => s.showError);
  const decor = { id: neuron.id, ...(neuron.label !== undefined && { label: neuron.label }), ...(neuron.role !== undefined && { role: neuron.role }), ...(neuron.position !== undefined && { position: neuron.position }) };
  const toModel = (model: string): void => {
    if (model === neuron.model) return;
    let next: NeuronSpec;
    if (neuron.model === 'izhikevich2003') {
      const mapped = izhikevich2003To2007(neuron);
      const preset = CELL_2007_PRESETS[0];
      next = { ...decor, model: 'izhikevich2007', ...(mapped.ok ? mapped.cell : { ...preset.params, v0: preset.v0 }) };
      if (!mapped.ok) showError('edit', `No exact 2007 cell for this neuron (${mapped.reason}); it gets the 2007 RS cell instead.`);
    } else {
      const rs = CELL_PRESETS[0].params;
      next = { ...decor, model: 'izhikevich2003', ...rs, v0: -70 };
    }
    const problem = change(next, `model of ${neuron.id}`);
    if (problem) showError('edit', problem);
  };
  return (
    <label className="field">
      <span>Model</span>
      <select data-testid="neuron-model" aria-label="Neuron model" value={neuron.model} onChange={(e) => toModel(e.currentTarget.value)}>
        <option value="izhikevich2003">Izhikevich 2003</option>
        <option value="izhikevich2007">izhikevich2007Cell (NeuroML)</option>
      </select>
    </label>
  );
}

/** A 2007 cell's preset (RS, IB, CH of the 2007 book) and its parameters as sliders. */
export function Cell2007Controls({ neuron }: { neuron: Izhikevich2007NeuronSpec }) {
  const showError = useLabStore((s) => s.showError);
  const match = CELL_2007_PRESETS.find((p) => PARAMS_2007.every((k) => p.params[k] === neuron[k]));
  const set = (patch: Partial<Izhikevich2007Params>, label: string, coalesce?: string): string | null => change({ ...neuron, ...patch }, label, coalesce);
  return (
    <>
      <label className="field">
        <span>Cell class (2007)</span>
        <select
          data-testid="preset-2007"
          aria-label="izhikevich2007 cell preset"
          value={match?.name ?? 'custom'}
          onChange={(e) => {
            const preset = CELL_2007_PRESETS.find((p) => p.name === e.currentTarget.value);
            if (!preset) return;
            const problem = set({ ...preset.params, v0: preset.v0 }, `${preset.name} cell for ${neuron.id}`);
            if (problem) showError('edit', problem);
          }}
        >
          {match ? null : (
            <option value="custom" disabled>
              custom
            </option>
          )}
          {CELL_2007_PRESETS.map((p) => (
            <option key={p.name} value={p.name} title={p.source}>
              {p.name} {'\u2014'} {p.title}
            </option>
          ))}
        </select>
      </label>
      <ParameterSliders
        ranges={RANGES_2007}
        values={neuron}
        keyPrefix={neuron.id}
        onChange={(param, value) => set({ [param]: value }, `${param} of ${neuron.id}`, `${param}:${neuron.id}`)}
      />
      <p className="muted note">
        C dv/dt = k (v {'\u2212'} vr)(v {'\u2212'} vt) {'\u2212'} u + I, du/dt = a (b (v {'\u2212'} vr) {'\u2212'} u); u starts at 0. The phase plane, the f-I curve and the
        firing map take this cell in its units (u, I and d in pA, C in pF, b in nS).
      </p>
    </>
  );
}
