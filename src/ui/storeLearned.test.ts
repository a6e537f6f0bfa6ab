import { beforeEach, describe, expect, it } from 'vitest';
import { plasticNetwork } from '../../test/plasticNetwork.ts';
import type { Command } from '../worker/protocol.ts';
import { connectCommandSink, useLabStore } from './store.ts';

let sent: Command[] = [];

beforeEach(() => {
  sent = [];
  connectCommandSink((c) => sent.push(c));
  useLabStore.setState({ experiment: plasticNetwork(), pendingExperiment: null, lastError: null, past: [], future: [] });
});

const LEARNED = { connections: [{ index: 1, weight: 0.75 }], projections: [{ id: 'learn', weights: Array.from({ length: 12 }, (_, k) => k / 8) }] };

describe('Keep learned weights', () => {
  it('pauses, asks the Worker for the weights, and writes them into the experiment as one change with undo', () => {
    const before = useLabStore.getState().experiment;
    useLabStore.getState().keepLearnedWeights();
    expect(sent.map((c) => c.type)).toEqual(['pause', 'learnedWeights']);
    useLabStore.getState().handleWorkerEvent({ type: 'learnedWeights', weights: LEARNED });
    const kept = useLabStore.getState().experiment;
    expect(kept.connections.map((c) => c.weight)).toEqual([1, 0.75]);
    expect(kept.projections[0].weights).toEqual(LEARNED.projections[0].weights);
    // The rebuild continues the run with them (and the Worker carries its weights through it).
    expect(sent.filter((c) => c.type === 'load').pop()).toEqual({ type: 'load', experiment: kept, continueRun: true });
    expect(useLabStore.getState().past.pop()).toMatchObject({ label: 'keep learned weights', experiment: before });
  });

  it('writes nothing when the weights arrive unasked', () => {
    const before = useLabStore.getState().experiment;
    useLabStore.getState().handleWorkerEvent({ type: 'learnedWeights', weights: LEARNED });
    expect(useLabStore.getState().experiment).toBe(before);
  });

  it('says why, and keeps the experiment, when the weights no longer fit it', () => {
    const before = useLabStore.getState().experiment;
    useLabStore.getState().keepLearnedWeights();
    useLabStore.getState().handleWorkerEvent({ type: 'learnedWeights', weights: { connections: [], projections: [{ id: 'learn', weights: [0.5] }] } });
    expect(useLabStore.getState().experiment).toBe(before);
    expect(useLabStore.getState().lastError?.message).toBe('The learned weights could not be kept: projections[0].weights: has 1 weights but the projection makes 12 synapses (delete "weights" to draw them again)');
  });

  it('Reset weights posts resetWeights and changes nothing in the experiment', () => {
    const before = useLabStore.getState().experiment;
    useLabStore.getState().resetWeights();
    expect(sent).toEqual([{ type: 'resetWeights' }]);
    expect(useLabStore.getState().experiment).toBe(before);
  });
});
