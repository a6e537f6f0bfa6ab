import { useState, type ChangeEvent } from 'react';
import { serializeExperiment } from '../../core/experiment/validate.ts';
import { downloadFile, kebabName, readExperimentFile, readPickedFile } from '../files.ts';
import { RunOnNeuronButton } from '../neuron/RunOnNeuron.tsx';
import { useLabStore } from '../store.ts';
import { ExportNeuroMLButton } from './ExportNeuroML.tsx';

/**
 * "Open…" reads an experiment file (JSON) through the validator and loads it; on any problem the
 * current experiment and its run stay as they are and the error banner lists what is wrong.
 * "Save" downloads the current experiment, live edits included, as `<name>.json`.
 */
export function ExperimentFiles() {
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const name = useLabStore((s) => s.experiment.name);
  const [reading, setReading] = useState(false);

  const onPick = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    // Cleared so that picking the same file again (after fixing it) fires a change.
    input.value = '';
    if (!file) return;
    const store = useLabStore.getState();
    setReading(true);
    try {
      const bytes = await readPickedFile(file);
      const result = bytes.ok ? readExperimentFile(bytes.value, file.name) : bytes;
      if (!result.ok) {
        store.showError('open', result.message);
        return;
      }
      if (useLabStore.getState().pendingExperiment) {
        store.showError('open', `Could not open ${file.name}: another experiment is still loading; try again in a moment.`);
        return;
      }
      const current = useLabStore.getState().lastError;
      if (current && (current.context === 'open' || current.context === 'load')) store.dismissError();
      store.loadExperiment(result.value);
    } finally {
      setReading(false);
    }
  };

  const save = (): void => {
    const experiment = useLabStore.getState().experiment;
    downloadFile([serializeExperiment(experiment)], `${kebabName(experiment.name)}.json`, 'application/json');
  };

  const busy = loading || reading;
  return (
    <div className="file-actions" role="group" aria-label="Experiment file">
      <label className={`btn btn-small file-button${busy ? ' is-disabled' : ''}`} title="Open an experiment file (.json)">
        Open{'\u2026'}
        <input
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          aria-label="Open an experiment file (.json)"
          data-testid="open-experiment"
          disabled={busy}
          onChange={(e) => void onPick(e)}
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
