import { describe, expect, it } from 'vitest';
import { globalShortcut, isTextEntry, shortcutList } from './shortcutKeys.ts';
import { shareLinkProblem, shareUrl } from './shareUrl.ts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean; code: string }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('global shortcuts', () => {
  it('maps undo, redo and help', () => {
    expect(globalShortcut(key('z', { ctrlKey: true }))).toBe('undo');
    expect(globalShortcut(key('z', { metaKey: true }))).toBe('undo');
    expect(globalShortcut(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(globalShortcut(key('z', { metaKey: true, shiftKey: true }))).toBe('redo');
    expect(globalShortcut(key('y', { ctrlKey: true }))).toBe('redo');
    expect(globalShortcut(key('?', { shiftKey: true }))).toBe('help');
    expect(globalShortcut(key('z'))).toBeNull();
    expect(globalShortcut(key('z', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(globalShortcut(key('d', { ctrlKey: true }))).toBeNull();
  });

  it('leaves text entry to the browser', () => {
    expect(isTextEntry({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTextEntry({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTextEntry({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTextEntry({ tagName: 'INPUT', type: 'range' })).toBe(false);
    expect(isTextEntry({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTextEntry({ tagName: 'SELECT' })).toBe(false);
    expect(isTextEntry(null)).toBe(false);
  });

  it('lists every shortcut', () => {
    const actions = shortcutList(false).map((s) => s.keys.map((k) => k.join('+')).join(' / '));
    expect(actions).toEqual(['Space', 'Ctrl+Z', 'Shift+Ctrl+Z / Ctrl+Y', 'Delete / Backspace', '\u2190 / \u2191 / \u2192 / \u2193', 'N', 'C', 'Ctrl+D', 'F2', 'Ctrl+A', '+ / \u2212 / F', 'P', 'Escape', '?']);
  });
});

describe('share URL', () => {
  it('puts the code in the fragment and refuses long links', () => {
    expect(shareUrl('http://x', '/lab/', 'abc')).toBe('http://x/lab/#experiment=abc');
    expect(shareLinkProblem('x'.repeat(10), 10)).toBeNull();
    expect(shareLinkProblem('x'.repeat(12000), 8000)).toBe('This experiment is too large for a link (12,000 characters); save it as a file instead.');
  });
});
