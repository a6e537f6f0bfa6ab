import { describe, expect, it } from 'vitest';
import { presentationKey } from './presentationKeys.ts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods,
});
const body = { tagName: 'BODY' };

describe('presentationKey', () => {
  it('P enters, Escape leaves', () => {
    expect(presentationKey(key('p'), false, body)).toBe('enter');
    expect(presentationKey(key('Escape'), true, body)).toBe('leave');
    // Escape outside presentation mode is the page's (dialogs, the network editor's selection).
    expect(presentationKey(key('Escape'), false, body)).toBeNull();
    expect(presentationKey(key('p'), true, body)).toBeNull();
  });
  it('leaves P typed into text and modified P (print) alone', () => {
    expect(presentationKey(key('p'), false, { tagName: 'INPUT', type: 'text' })).toBeNull();
    expect(presentationKey(key('p'), false, { tagName: 'TEXTAREA' })).toBeNull();
    expect(presentationKey(key('p', { ctrlKey: true }), false, body)).toBeNull();
    expect(presentationKey(key('P', { shiftKey: true }), false, body)).toBeNull();
    // A range slider or a checkbox does not take letters.
    expect(presentationKey(key('p'), false, { tagName: 'INPUT', type: 'range' })).toBe('enter');
  });
});
