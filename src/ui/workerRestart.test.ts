/** The analysis and Iris Workers failing mid-job: the job fails with a message, and a new Worker takes the next one. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setAnalysisWorkerFactory, startAnalysis } from './analysisClient.ts';
import { setIrisWorkerFactory, useIrisStore } from './iris/irisStore.ts';
import { FakeWorker } from '../../test/fakeWorker.ts';

function factory(): { workers: FakeWorker[]; create: () => FakeWorker } {
  const workers: FakeWorker[] = [];
  return {
    workers,
    create: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the analysis Worker failing', () => {
  it('fails the running jobs with a message that says to retry, and runs the retry in a new Worker', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance', 'Date'] });
    const { workers, create } = factory();
    setAnalysisWorkerFactory(create);
    const errors: string[] = [];
    const done = vi.fn();
    startAnalysis({ type: 'thumbnails', ids: ['RS'], buckets: 8 }, { onError: (m) => errors.push(m), onDone: done });
    expect(workers).toHaveLength(1);
    workers[0].alive = false;
    for (let t = 0; t < 20_000; t += 500) await vi.advanceTimersByTimeAsync(500);
    expect(workers[0].terminated).toBe(true);
    expect(errors).toEqual([expect.stringMatching(/^The analysis Worker stopped answering \(nothing for 1\d s\); it was stopped, and Retry runs the job in a new one\.$/)]);
    expect(done).not.toHaveBeenCalled();

    startAnalysis({ type: 'thumbnails', ids: ['RS'], buckets: 8 }, {});
    expect(workers).toHaveLength(2);
    expect(workers[1].posted).toEqual([{ type: 'thumbnails', ids: ['RS'], buckets: 8, job: 2 }]);
    setAnalysisWorkerFactory(create);
  });
});

describe('the Iris Worker failing', () => {
  it('stops the training with a message and loads the data set again into a new Worker', () => {
    const { workers, create } = factory();
    setIrisWorkerFactory(create);
    const dataset = {
      name: 'flowers.csv', columns: ['x', 'species'], featureNames: ['x'], classNames: ['a', 'b'], classColumn: 'species', rows: 2,
      X: new Float64Array([1, 2]), y: new Int32Array([0, 1]),
    };
    useIrisStore.setState({ dataset, datasetText: 'x,species\n1,a\n2,b\n' });
    useIrisStore.getState().train();
    expect(workers).toHaveLength(1);
    expect(useIrisStore.getState().job?.kind).toBe('train');

    workers[0].throwUncaught('Uncaught RangeError: Array buffer allocation failed');
    expect(workers[0].terminated).toBe(true);
    const s = useIrisStore.getState();
    expect(s.job).toBeNull();
    expect(s.jobError).toBe('The classifier Worker ran out of memory, so it was restarted: Training was stopped. flowers.csv is loaded again; train again to continue.');
    expect(workers).toHaveLength(2);
    expect(workers[1].posted).toEqual([{ type: 'loadDataset', text: 'x,species\n1,a\n2,b\n', name: 'flowers.csv', classColumn: 'species' }]);
    setIrisWorkerFactory(create);
  });
});
