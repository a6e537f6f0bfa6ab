/**
 * The page-wide keyboard shortcuts handled outside the network editor: undo, redo, the shortcuts
 * help and what Space does. Pure (takes the fields of a KeyboardEvent), so it is tested in Node.
 */

export type GlobalShortcut = 'undo' | 'redo' | 'help';

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Ctrl/Cmd+Z undo; Shift+Ctrl/Cmd+Z and Ctrl+Y redo; "?" help. */
export function globalShortcut(e: KeyLike): GlobalShortcut | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey) {
    if (key === 'z' || (key.length !== 1 && e.code === 'KeyZ')) return e.shiftKey ? 'redo' : 'undo';
    if (key === 'y' && e.ctrlKey && !e.shiftKey) return 'redo';
    return null;
  }
  if (!mod && !e.altKey && e.key === '?') return 'help';
  return null;
}

/** Input types where typing edits text (the browser's own undo applies there). */
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'tel', 'email', 'password', 'number', 'date', 'time', 'datetime-local', 'month', 'week']);

export interface ElementLike {
  tagName: string;
  type?: string;
  isContentEditable?: boolean;
  readOnly?: boolean;
}

/** Whether keys typed into this element belong to it (text entry), not to the page's shortcuts. */
export function isTextEntry(el: ElementLike | null): boolean {
  if (!el) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA') return true;
  if (tag === 'INPUT') return TEXT_INPUT_TYPES.has((el.type ?? 'text').toLowerCase());
  return false;
}

/** What the control that has focus is, as far as the Space key is concerned. */
export interface SpaceFocus {
  tagName: string;
  type?: string;
  role?: string | null;
  isContentEditable?: boolean;
  /** Whether focus came with the keyboard (Tab), not with a click or a tap. */
  byKeyboard: boolean;
}

/** Roles and input types that Space presses (activates, checks, opens). */
const PRESSED_ROLES = new Set(['button', 'checkbox', 'radio', 'switch', 'tab', 'menuitem', 'option', 'link']);
const PRESSED_INPUT_TYPES = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'file', 'color', 'image']);

/**
 * What Space does with focus on `el` (null: nothing focused, or the page itself):
 * - 'play-pause' toggles the run and stops the browser's own action: this is also the case for a
 *   button, checkbox, tab or link that was clicked with the pointer (it keeps focus, and Space would
 *   otherwise press it again: a second "Step 100 ms" instead of Play);
 * - 'native' leaves Space to the control: text fields, lists, sliders (the person is tuning a value
 *   with the keys there, and Space must not start or stop the run by accident), and controls reached
 *   with Tab (Space presses them, as everywhere else).
 */
export function spaceAction(el: SpaceFocus | null): 'play-pause' | 'native' {
  if (!el) return 'play-pause';
  if (el.isContentEditable) return 'native';
  const tag = el.tagName.toUpperCase();
  const type = (el.type ?? '').toLowerCase();
  const role = el.role ?? '';
  if (tag === 'TEXTAREA' || tag === 'SELECT' || role === 'slider' || role === 'textbox' || role === 'combobox' || role === 'listbox') return 'native';
  if (tag === 'INPUT' && !PRESSED_INPUT_TYPES.has(type)) return 'native'; // text, number, range
  const pressed = tag === 'BUTTON' || tag === 'SUMMARY' || tag === 'A' || tag === 'INPUT' || PRESSED_ROLES.has(role);
  if (pressed) return el.byKeyboard ? 'native' : 'play-pause';
  return 'play-pause';
}

/** The shortcuts listed in the help dialog, in its order. `keys` alternatives are separated by "or". */
export interface ShortcutHelp {
  keys: string[][];
  action: string;
  where?: string;
}

export function shortcutList(mac: boolean): ShortcutHelp[] {
  const mod = mac ? '\u2318' : 'Ctrl';
  return [
    {
      keys: [['Space']],
      action: 'Play / pause, also just after clicking a button',
      where: 'not in a text field, list or slider; a button reached with Tab is pressed by Space as usual',
    },
    { keys: [[mod, 'Z']], action: 'Undo the last change' },
    { keys: [['Shift', mod, 'Z'], ['Ctrl', 'Y']], action: 'Redo' },
    { keys: [['Delete'], ['Backspace']], action: 'Delete the selection', where: 'network view' },
    { keys: [['\u2190'], ['\u2191'], ['\u2192'], ['\u2193']], action: 'Nudge the selected nodes 10 units (with Shift: 1)', where: 'network view' },
    { keys: [['N']], action: 'Add a neuron', where: 'network view' },
    { keys: [['C']], action: 'Connect: C, then Enter on another node', where: 'network view' },
    { keys: [[mod, 'D']], action: 'Duplicate the selected neurons', where: 'network view' },
    { keys: [['F2']], action: 'Rename the selected node', where: 'network view' },
    { keys: [[mod, 'A']], action: 'Select all nodes', where: 'network view' },
    { keys: [['+'], ['\u2212'], ['F']], action: 'Zoom in, zoom out, fit the diagram', where: 'network view' },
    { keys: [['P']], action: 'Presentation mode: the plots and the controls only (Escape leaves)' },
    { keys: [['Escape']], action: 'Clear the selection or cancel connecting; closes a dialog' },
    { keys: [['?']], action: 'Show these shortcuts' },
  ];
}
