import { useLabStore } from '../store.ts';
import './plasticity.css';

/**
 * Reset weights and Keep learned weights, and what the last rebuild did with the learned weights: the
 * learning a run did is never dropped without the person seeing it.
 */
export function LearnedWeightsActions() {
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const carry = useLabStore((s) => s.learnedCarry);
  const resetWeights = useLabStore((s) => s.resetWeights);
  const keepLearnedWeights = useLabStore((s) => s.keepLearnedWeights);
  const fresh = carry ? carry.total - carry.kept : 0;
  return (
    <div className="learned-weights">
      <div className="learned-weights-buttons">
        {[
          {
            testId: 'keep-learned-weights',
            title: 'Pause and write the learned weights into the experiment (undo takes them back), so Save and Share keep them and a rebuild or Reset starts from them',
            onClick: keepLearnedWeights,
            text: 'Keep learned weights',
          },
          { testId: 'reset-weights', title: 'Every plastic weight back to the experiment\u2019s; the run goes on', onClick: resetWeights, text: 'Reset weights' },
        ].map((action) => (
          <button key={action.testId} type="button" className="btn btn-small" data-testid={action.testId} disabled={loading} title={action.title} onClick={action.onClick}>
            {action.text}
          </button>
        ))}
      </div>
      <p className="muted note" data-testid="learned-weights-note">
        {carry && carry.total > 0
          ? fresh === 0
            ? `The last change kept the learned weights of all ${carry.total.toLocaleString('en-US')} plastic synapses.`
            : `The last change kept the learned weights of ${carry.kept.toLocaleString('en-US')} of ${carry.total.toLocaleString('en-US')} plastic synapses; ${fresh.toLocaleString('en-US')} (rewired, or given a new weight) start from the experiment's.`
          : 'Learned weights carry through edits that leave the synapses as they are; Reset (t = 0) starts from the experiment\u2019s.'}
      </p>
    </div>
  );
}
