import { describe, expect, it } from 'vitest';
import { neuronOptions } from './WatchPicker.tsx';

const ids = Array.from({ length: 300 }, (_, k) => (k < 240 ? `E[${k}]` : `I[${k - 240}]`));
const none = new Map<string, string>();

describe('neuronOptions', () => {
  it('offers the selected neuron first, then named ones, then the rest, without the traced ones', () => {
    const labels = new Map([['driver', 'Driver'], ['pacer', 'Pacer']]);
    expect(neuronOptions(['driver', 'follower', 'pacer', 'x'], labels, ['driver'], 'x', '')).toEqual(['x', 'pacer', 'follower']);
  });
  it('finds neurons of a 300-neuron network by id, starts first, and caps the list', () => {
    expect(neuronOptions(ids, none, [], null, 'i[2')).toEqual(['I[2]', 'I[20]', 'I[21]', 'I[22]', 'I[23]', 'I[24]', 'I[25]', 'I[26]', 'I[27]', 'I[28]', 'I[29]']);
    expect(neuronOptions(ids, none, [], null, '')).toHaveLength(30);
    expect(neuronOptions(ids, none, [], null, 'E', 5)).toEqual(['E[0]', 'E[1]', 'E[2]', 'E[3]', 'E[4]']);
    // A match inside the id comes after the ones that start with the query.
    expect(neuronOptions(['xa', 'ax', 'b'], none, [], null, 'a')).toEqual(['ax', 'xa']);
  });
  it('matches labels as well as ids', () => {
    const labels = new Map([['n7', 'Pacemaker']]);
    expect(neuronOptions(['n1', 'n7'], labels, [], null, 'pace')).toEqual(['n7']);
    expect(neuronOptions(['n1', 'n7'], labels, ['n7'], null, 'pace')).toEqual([]);
  });
});
