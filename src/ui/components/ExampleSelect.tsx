import { defaultExperiment, izhikevich2003Network } from '../../core/experiment/examples.ts';
import type { Experiment } from '../../core/experiment/types.ts';
import { useLabStore } from '../store.ts';

const EXAMPLES: readonly { id: string; title: string; make: () => Experiment }[] = [
  { id: 'default', title: 'Excite one, inhibit another', make: defaultExperiment },
  { id: 'izhikevich2003', title: 'Izhikevich 2003 network (1,000 neurons)', make: izhikevich2003Network },
];

/** Loads one of the built-in example experiments (replacing the current one). */
export function ExampleSelect() {
  const name = useLabStore((s) => (s.pendingExperiment ?? s.experiment).name);
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const load = useLabStore((s) => s.loadExperiment);
  const current = EXAMPLES.find((e) => e.make().name === name)?.id ?? '';
  return (
    <label className="field inline example-select">
      <span>Example</span>
      <select
        aria-label="Example experiment"
        data-testid="example"
        value={current}
        disabled={loading}
        onChange={(e) => {
          const example = EXAMPLES.find((x) => x.id === e.currentTarget.value);
          if (example) load(example.make());
        }}
      >
        {current === '' ? <option value="">{name}</option> : null}
        {EXAMPLES.map((e) => (
          <option key={e.id} value={e.id}>
            {e.title}
          </option>
        ))}
      </select>
    </label>
  );
}
