import { useLabStore } from '../store.ts';
import { declineSharedExperiment, openSharedExperiment, useSharedLinkOffer } from '../sharedLink.ts';
import { Modal } from './Modal.tsx';

/** Asks before a share link replaces the experiment open now; Escape and Close keep the work. */
export function OpenLinkDialog() {
  const linked = useSharedLinkOffer((s) => s.linked);
  const current = useLabStore((s) => (s.pendingExperiment ?? s.experiment).name);
  if (!linked) return null;
  return (
    <Modal title="Open the shared experiment?" onClose={declineSharedExperiment} testId="open-link-dialog" className="confirm-dialog">
      <p>
        The link holds {'\u201c'}{linked.name}{'\u201d'}. Opening it replaces {'\u201c'}{current}{'\u201d'}, the experiment open
        now. Undo brings it back; Save keeps it as a file first.
      </p>
      <div className="confirm-actions">
        <button type="button" className="btn" data-testid="open-link-keep" data-autofocus onClick={declineSharedExperiment}>
          Keep {'\u201c'}{current}{'\u201d'}
        </button>
        <button type="button" className="btn btn-primary" data-testid="open-link-open" onClick={() => openSharedExperiment(linked)}>
          Open {'\u201c'}{linked.name}{'\u201d'}
        </button>
      </div>
    </Modal>
  );
}
