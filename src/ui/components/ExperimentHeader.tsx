import { useLabStore } from '../store.ts';
import { ExampleSelect } from './ExampleSelect.tsx';
import { ExperimentFiles } from './ExperimentFiles.tsx';

/** The app title, the experiment's name, a one-line summary of the compiled network and Open / Save. */
export function ExperimentHeader() {
  const description = useLabStore((s) => s.experiment.description);
  const network = useLabStore((s) => s.network);
  const dt = useLabStore((s) => s.experiment.simulation.dt);
  return (
    <header className="topbar">
      <h1>Spiking Lab</h1>
      <div className="experiment-title" title={description}>
        <ExampleSelect />
        <span className="muted">
          {network ? `${network.neuronCount.toLocaleString('en-US')} neuron${network.neuronCount === 1 ? '' : 's'} \u00b7 ` : ''}
          dt = {dt} ms
        </span>
      </div>
      <ExperimentFiles />
      {description ? <p className="experiment-description">{description}</p> : null}
    </header>
  );
}
