import { useEffect, useState } from 'react';
import type { NeuroMLExport } from '../../core/neuroml/export.ts';
import { readNeuroMLExportReply } from '../../worker/neuromlExportProtocol.ts';
import { downloadFile } from '../files.ts';
import { useLabStore } from '../store.ts';
import { Modal } from './Modal.tsx';
import './exportNeuroML.css';

const sizeText = (text: string) => {
  const bytes = new Blob([text]).size;
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
};

/**
 * "Export NeuroML…": writes the current experiment (live edits included) as a NeuroML 2 network and a
 * LEMS file that runs it, and lists what NeuroML cannot express before anything is downloaded.
 */
export function ExportNeuroMLButton() {
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const [exporting, setExporting] = useState<{ name: string; result: NeuroMLExport | 'writing' | { failed: string } } | null>(null);
  const open = (): void => {
    const experiment = useLabStore.getState().experiment;
    setExporting({ name: experiment.name, result: 'writing' });
  };
  // A large network takes seconds to write: a Worker writes it while the dialog says so.
  const writing = exporting?.result === 'writing';
  useEffect(() => {
    if (!writing) return;
    const worker = new Worker(new URL('../../worker/neuromlExport.worker.ts', import.meta.url), { type: 'module' });
    const finish = (result: NeuroMLExport | { failed: string }) => setExporting((e) => (e ? { ...e, result } : e));
    worker.onmessage = (event: MessageEvent<unknown>) => {
      const reply = readNeuroMLExportReply(event.data);
      if (reply === null) finish({ failed: 'the export Worker answered with something unexpected' });
      else if (!reply.ok) finish({ failed: reply.message });
      else finish({ files: reply.files, notes: reply.notes });
      worker.terminate();
    };
    worker.onerror = (event) => {
      finish({ failed: event.message || 'the export Worker stopped' });
      worker.terminate();
    };
    worker.postMessage(useLabStore.getState().experiment);
    return () => worker.terminate();
  }, [writing]);
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        title="Write the experiment as NeuroML 2 (a .net.nml network and a LEMS simulation file) for NEURON, NetPyNE, jNeuroML and other simulators"
        data-testid="export-neuroml"
        disabled={loading}
        aria-label={'Export NeuroML\u2026'}
        onClick={open}
      >
        <span className="wide-only">Export </span>NeuroML{'\u2026'}
      </button>
      {exporting && <ExportNeuroMLDialog name={exporting.name} result={exporting.result} onClose={() => setExporting(null)} />}
    </>
  );
}

function ExportNeuroMLDialog({ name, result, onClose }: { name: string; result: NeuroMLExport | 'writing' | { failed: string }; onClose: () => void }) {
  if (result === 'writing' || 'failed' in result) {
    return (
      <Modal title="Export as NeuroML 2" onClose={onClose} testId="export-neuroml-dialog" className="export-neuroml-dialog">
        <p role="status" data-testid="export-neuroml-status">
          {result === 'writing' ? `Writing \u201c${name}\u201d as NeuroML 2\u2026` : `Could not write \u201c${name}\u201d as NeuroML 2: ${result.failed}`}
        </p>
      </Modal>
    );
  }
  const { files, notes } = result;
  const download = (file: { path: string; text: string }) => downloadFile([file.text], file.path, 'application/xml');
  return (
    <Modal title="Export as NeuroML 2" onClose={onClose} testId="export-neuroml-dialog" className="export-neuroml-dialog">
      {files.length > 0 ? (
        <p>
          {`\u201c${name}\u201d as a NeuroML 2 network and a LEMS file that runs it with the same duration, step and seed, recording the watched neurons' v and every spike. Run it with, for example, `}
          <code className="export-neuroml-command">jnml {files[1]?.path} -neuron</code>.
        </p>
      ) : (
        <p>{`\u201c${name}\u201d cannot be written as NeuroML 2.`}</p>
      )}
      <h3 className="export-neuroml-heading">{notes.length > 0 ? 'What NeuroML cannot express, or expresses differently' : 'Everything in the experiment is written.'}</h3>
      {notes.length > 0 && (
        <ul className="export-neuroml-notes" data-testid="export-neuroml-notes">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {files.length > 0 && (
        <ul className="export-neuroml-files">
          {files.map((file) => (
            <li key={file.path}>
              <button type="button" className="btn btn-small" data-testid={`export-neuroml-file-${file.path.endsWith('.net.nml') ? 'network' : 'lems'}`} onClick={() => download(file)}>
                Download {file.path}
              </button>{' '}
              <span className="export-neuroml-size">{sizeText(file.text)}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="confirm-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        {files.length > 0 && (
          <button type="button" className="btn btn-primary" data-testid="export-neuroml-download" data-autofocus onClick={() => files.forEach(download)}>
            Download both files
          </button>
        )}
      </div>
    </Modal>
  );
}
