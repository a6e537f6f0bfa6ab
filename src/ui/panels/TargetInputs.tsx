import { useLabStore } from '../store.ts';
import { InputAdder } from './InputAdder.tsx';
import { InputControls } from './InputControls.tsx';

/** The inputs that drive one neuron or population, each with its sliders and Remove, and "Add input". */
export function TargetInputs({ target, kind }: { target: string; kind: 'neuron' | 'population' }) {
  const inputs = useLabStore((s) => s.experiment.inputs);
  const targeting = inputs.filter((i) => i.target === target);
  return (
    <>
      <h3>Inputs to {target}</h3>
      {targeting.length === 0 ? <p className="muted note">No input targets this {kind} directly.</p> : null}
      {targeting.map((input) => (
        <InputControls key={input.id} input={input} />
      ))}
      <InputAdder target={target} />
    </>
  );
}
