import { useEffect, useState } from 'react';
import { Modal } from '../components/Modal.tsx';
import { openOtherRun, showCompareTab } from '../compare/openOtherRun.ts';
import { downloadFile } from '../files.ts';
import { useFilePicker } from '../hooks.ts';
import { useLabStore } from '../store.ts';
import { neuronFolder, zipFolder, type NeuronFolder } from './neuronZip.ts';
import './neuron.css';

const PROCESS_CHOICES = [1, 2, 4, 8, 16, 32, 64];

type Prepared = { ok: true; folder: NeuronFolder } | { ok: false; message: string } | null;

/**
 * "Run on NEURON…": opens the dialog that downloads the experiment as a NEURON folder. In the crowded
 * page header (`short`) a window under 1366 px shows "NEURON…" (its accessible name stays the same).
 */
export function RunOnNeuronButton({ short = false }: { short?: boolean }) {
  const [open, setOpen] = useState(false);
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        data-testid="run-on-neuron"
        title="Download this experiment as a folder for NEURON (run.py, NMODL mechanisms, README), to run it across processes and machines with MPI"
        disabled={loading}
        aria-label={'Run on NEURON\u2026'}
        onClick={() => setOpen(true)}
      >
        <span className={short ? 'wide-only' : undefined}>Run on </span>NEURON{'\u2026'}
      </button>
      {open ? <RunOnNeuronDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}

/**
 * The experiment (with its live edits) as NEURON's folder: a .zip to download, the notes on what
 * NEURON does not run as the lab does, the two commands of its README, and then NEURON's spikes.csv
 * opened into the Compare tab beside the lab's run.
 */
function RunOnNeuronDialog({ onClose }: { onClose: () => void }) {
  const experiment = useLabStore((s) => s.experiment);
  const [processes, setProcesses] = useState(2);
  const [prepared, setPrepared] = useState<Prepared>(null);
  const [downloaded, setDownloaded] = useState(false);

  // Built after the dialog has painted: a big network's folder takes a moment.
  useEffect(() => {
    setPrepared(null);
    const timer = setTimeout(() => {
      try {
        setPrepared({ ok: true, folder: neuronFolder(experiment, processes) });
      } catch (error) {
        setPrepared({ ok: false, message: `Could not export ${experiment.name} for NEURON: ${error instanceof Error ? error.message : String(error)}` });
      }
    }, 0);
    return () => clearTimeout(timer);
  }, [experiment, processes]);

  const download = (): void => {
    if (!prepared?.ok) return;
    const zip = zipFolder(prepared.folder);
    downloadFile([zip.slice().buffer], `${prepared.folder.folder}.zip`, 'application/zip');
    setDownloaded(true);
  };

  const { onPick } = useFilePicker(async (files) => {
    await openOtherRun(files[0]);
    // Shown either way: the tab holds the comparison or says what is wrong with the file.
    showCompareTab();
    onClose();
  });

  const folder = prepared?.ok ? prepared.folder : null;
  return (
    <Modal title="Run on NEURON" onClose={onClose} testId="neuron-dialog" className="neuron-dialog">
      <p>
        NEURON runs {'\u201c'}{experiment.name}{'\u201d'} past what one tab holds: across processes and machines with MPI. The folder holds <code>run.py</code>, the
        NMODL mechanisms, the drawn values and a README; NEURON writes <code>spikes.csv</code> there, which the lab can set beside its own run.
      </p>
      <div className="neuron-row">
        <label>
          MPI processes{' '}
          <select value={processes} data-testid="neuron-processes" onChange={(e) => setProcesses(Number(e.currentTarget.value))}>
            {PROCESS_CHOICES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-primary" data-testid="neuron-download" data-autofocus disabled={!folder} onClick={download}>
          {folder ? `Download ${folder.folder}.zip` : 'Preparing the folder\u2026'}
        </button>
      </div>
      {prepared && !prepared.ok ? (
        <p className="compare-error" role="alert" data-testid="neuron-error">
          {prepared.message}
        </p>
      ) : null}
      {folder ? (
        <>
          <h3 className="neuron-heading">Then, in the unpacked folder</h3>
          <pre className="neuron-commands" data-testid="neuron-commands">{folder.commands.join('\n')}</pre>
          <p className="muted neuron-small">
            Its README.md says what Debian{'\u2019'}s NEURON 8.2.2 packages need (<code>LIBRARY_PATH=/usr/lib/nrn</code> for <code>nrnivmodl</code>;{' '}
            <code>--allow-run-as-root --oversubscribe</code> for <code>mpiexec</code> as root on few cores).
          </p>
          <h3 className="neuron-heading">What NEURON does not run as the lab does</h3>
          {folder.notes.length > 0 ? (
            <ul className="neuron-notes" data-testid="neuron-notes">
              {folder.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          ) : (
            <p data-testid="neuron-notes">Nothing: NEURON runs this experiment as the lab does.</p>
          )}
          <div className="neuron-row">
            <label className={`btn${downloaded ? ' btn-primary' : ''} file-button`}>
              Open NEURON{'\u2019'}s spikes.csv to compare{'\u2026'}
              <input type="file" accept=".csv,text/csv" className="visually-hidden" aria-label="Open NEURON's spikes.csv to compare with the lab's run" data-testid="neuron-open-spikes" onChange={onPick} />
            </label>
          </div>
        </>
      ) : null}
    </Modal>
  );
}
