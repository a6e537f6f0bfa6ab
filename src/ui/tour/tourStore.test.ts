import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../../test/memoryStorage.ts';
import { closeTour, isFirstVisit, openTour, startTour, TOUR_KEY, useTourStore } from './tourStore.ts';

describe('the tour state', () => {
  it('opens on a first visit only, and closing remembers it', () => {
    const storage = new MemoryStorage();
    expect(isFirstVisit(storage)).toBe(true);
    startTour(storage, { firstRun: isFirstVisit(storage) });
    expect(useTourStore.getState().step).toBe(0);
    closeTour();
    expect(useTourStore.getState().step).toBeNull();
    expect(storage.getItem(TOUR_KEY)).toBe('seen');
    expect(isFirstVisit(storage)).toBe(false);
    startTour(storage, { firstRun: true });
    expect(useTourStore.getState().step).toBeNull();
    openTour();
    expect(useTourStore.getState().step).toBe(0);
  });

  it('counts autosaved work as an earlier visit, and other sites\u2019 keys not', () => {
    const storage = new MemoryStorage();
    storage.setItem('other-app/x', '1');
    expect(isFirstVisit(storage)).toBe(true);
    storage.setItem('spiking-lab/autosave/v1/1000', '{}');
    expect(isFirstVisit(storage)).toBe(false);
    expect(isFirstVisit(null)).toBe(false);
  });
});
