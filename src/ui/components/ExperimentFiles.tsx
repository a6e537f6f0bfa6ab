import { serializeExperiment } from '../../core/experiment/validate.ts';
import { downloadFile, kebabName } from '../files.ts';
import { useFilePicker } from '../hooks.ts';
import { RunOnNeuronButton } from '../neuron/RunOnNeuron.tsx';
import { openFiles } from '../openFiles.ts';
import { useLabStore } from '../store.ts';
import { ExportNeuroMLButton } from './ExportNeuroML.tsx';

/**
 * "Open…" reads an experiment file (JSON), or NeuroML 2 files (a network with its LEMS file), through
 * the validator and loads it; on any problem the current experiment and its run stay as they are and
 * the error banner lists what is wrong.
 * "Save" downloads the current experiment, live edits included, as `<name>.json`.
 */
export function ExperimentFiles() {
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const name = useLabStore((s) => s.experiment.name);
  const { reading, onPick } = useFilePicker(openFiles);

  const save = (): void => {
    const experiment = useLabStore.getState().experiment;
    downloadFile([serializeExperiment(experiment)], `${kebabName(experiment.name)}.json`, 'application/json');
  };

  const busy = loading || reading;
  return (
    <div className="file-actions" role="group" aria-label="Experiment file">
      <label className={`btn btn-small file-button${busy ? ' is-disabled' : ''}`} title="Open an experiment file (.json) or NeuroML 2 files (.nml, LEMS .xml); or drop them on the lab">
        Open{'\u2026'}
        <input
          type="file"
          accept=".json,application/json,.nml,.xml"
          multiple
          className="visually-hidden"
          aria-label="Open an experiment file (.json) or NeuroML 2 files (.nml, .xml)"
          data-testid="open-experiment"
          disabled={busy}
          onChange={onPick}
        />
      </label>
      <button
        type="button"
        className="btn btn-small"
        aria-label={`Save the experiment as ${kebabName(name)}.json`}
        title={`Download the current experiment, with your changes, as ${kebabName(name)}.json`}
        data-testid="save-experiment"
        disabled={loading}
        onClick={save}
      >
        Save
      </button>
      <RunOnNeuronButton short />
      <ExportNeuroMLButton />
    </div>
  );
}
