import { describe, expect, it } from 'vitest';
import { keyedShare, type ResizeLimits } from './ResizeHandle.tsx';

const panel: ResizeLimits = { min: 0.2, max: 0.85, grows: 'down', reset: 0.6 };
const sheet: ResizeLimits = { min: 0.2, max: 0.8, grows: 'up' };

describe('keyedShare', () => {
  it('moves the edge with the arrows, whichever way the value grows', () => {
    // The panel above the edge shrinks as the edge goes up; the sheet under it grows.
    expect(keyedShare('ArrowUp', false, 0.5, panel)).toBeCloseTo(0.45);
    expect(keyedShare('ArrowDown', false, 0.5, panel)).toBeCloseTo(0.55);
    expect(keyedShare('ArrowUp', false, 0.5, sheet)).toBeCloseTo(0.55);
    expect(keyedShare('ArrowDown', false, 0.5, sheet)).toBeCloseTo(0.45);
    expect(keyedShare('ArrowUp', true, 0.5, sheet)).toBeCloseTo(0.51);
  });

  it('Home and End take the edge to its highest and lowest place; Enter resets where there is a default', () => {
    expect(keyedShare('Home', false, 0.5, panel)).toBe(0.2);
    expect(keyedShare('End', false, 0.5, panel)).toBe(0.85);
    expect(keyedShare('Home', false, 0.5, sheet)).toBe(0.8);
    expect(keyedShare('End', false, 0.5, sheet)).toBe(0.2);
    expect(keyedShare('Enter', false, 0.3, panel)).toBe(0.6);
    expect(keyedShare('Enter', false, 0.3, sheet)).toBeNull();
  });

  it('stays within its limits and ignores other keys', () => {
    expect(keyedShare('ArrowUp', false, 0.22, panel)).toBe(0.2);
    expect(keyedShare('ArrowUp', false, 0.78, sheet)).toBe(0.8);
    expect(keyedShare('a', false, 0.5, panel)).toBeNull();
    expect(keyedShare('ArrowLeft', false, 0.5, panel)).toBeNull();
  });
});
