import { describe, expect, it } from 'vitest';
import { globalShortcut, isTextEntry, shortcutList, spaceAction } from './shortcutKeys.ts';
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

  it('gives Space to play/pause except where the focused control keeps it', () => {
    const at = (tagName: string, more: { type?: string; role?: string; byKeyboard?: boolean; isContentEditable?: boolean } = {}) =>
      spaceAction({ tagName, byKeyboard: false, ...more });
    expect(spaceAction(null)).toBe('play-pause');
    expect(at('CANVAS', { role: 'img' })).toBe('play-pause');
    expect(at('svg', { role: 'application' })).toBe('play-pause');
    // Clicked with the pointer: Space would press it again; it plays or pauses instead.
    expect(at('BUTTON')).toBe('play-pause');
    expect(at('INPUT', { type: 'checkbox' })).toBe('play-pause');
    expect(at('BUTTON', { role: 'tab' })).toBe('play-pause');
    // Reached with Tab (focus ring shown): pressed by Space as usual.
    expect(at('BUTTON', { byKeyboard: true })).toBe('native');
    expect(at('INPUT', { type: 'checkbox', byKeyboard: true })).toBe('native');
    expect(at('A', { byKeyboard: true })).toBe('native');
    // Sliders, lists and text keep their keys however they got focus.
    expect(at('INPUT', { type: 'range' })).toBe('native');
    expect(at('DIV', { role: 'slider' })).toBe('native');
    expect(at('SELECT')).toBe('native');
    expect(at('INPUT', { type: 'text' })).toBe('native');
    expect(at('INPUT', { type: 'number' })).toBe('native');
    expect(at('TEXTAREA')).toBe('native');
    expect(at('DIV', { isContentEditable: true })).toBe('native');
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
