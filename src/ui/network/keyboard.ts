/**
 * The network editor's keyboard map: which key does what (pure, so it can be tested and listed in the
 * help text), and moving focus from node to node with the arrow keys.
 */
import type { Point } from './geometry.ts';

export type KeyCommand =
  | { type: 'add' }
  | { type: 'delete' }
  | { type: 'duplicate' }
  | { type: 'rename' }
  | { type: 'connect' }
  | { type: 'activate'; toggle: boolean }
  | { type: 'escape' }
  | { type: 'arrow'; dx: number; dy: number; fine: boolean }
  | { type: 'select-all' }
  | { type: 'zoom'; factor: number }
  | { type: 'fit' };

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** Nudge step of the arrow keys, world units (Shift: 1). */
export const NUDGE = 10;

/** The command a key press means in the network view, or null (the key is left to the page). */
export function keyCommand(e: KeyLike): KeyCommand | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key;
  if (mod && !e.altKey) {
    if (key === 'd' || key === 'D') return { type: 'duplicate' };
    if (key === 'a' || key === 'A') return { type: 'select-all' };
    return null; // Ctrl+Z and the like belong to the page
  }
  if (e.altKey) return null;
  switch (key) {
    case 'n':
    case 'N':
      return { type: 'add' };
    case 'c':
    case 'C':
      return { type: 'connect' };
    case 'Delete':
    case 'Backspace':
      return { type: 'delete' };
    case 'F2':
      return { type: 'rename' };
    case 'Enter':
    case ' ':
      return { type: 'activate', toggle: e.shiftKey };
    case 'Escape':
      return { type: 'escape' };
    case 'ArrowLeft':
      return { type: 'arrow', dx: -1, dy: 0, fine: e.shiftKey };
    case 'ArrowRight':
      return { type: 'arrow', dx: 1, dy: 0, fine: e.shiftKey };
    case 'ArrowUp':
      return { type: 'arrow', dx: 0, dy: -1, fine: e.shiftKey };
    case 'ArrowDown':
      return { type: 'arrow', dx: 0, dy: 1, fine: e.shiftKey };
    case '+':
    case '=':
      return { type: 'zoom', factor: 1.25 };
    case '-':
    case '_':
      return { type: 'zoom', factor: 0.8 };
    case 'f':
    case 'F':
    case '0':
      return { type: 'fit' };
    default:
      return null;
  }
}

/**
 * The node to focus when moving from `from` in direction (dx, dy): the nearest one within 60 degrees of
 * that direction, preferring ones straight ahead; null when there is none.
 */
export function nearestInDirection<T extends Point & { id: string }>(nodes: readonly T[], from: Point & { id?: string }, dx: number, dy: number): T | null {
  let best: T | null = null;
  let bestScore = Infinity;
  for (const n of nodes) {
    if (n.id === from.id) continue;
    const vx = n.x - from.x;
    const vy = n.y - from.y;
    const dist = Math.hypot(vx, vy);
    if (dist === 0) continue;
    const along = (vx * dx + vy * dy) / dist; // cos of the angle to the direction
    if (along < 0.5) continue;
    const score = dist * (2 - along);
    if (score < bestScore) {
      bestScore = score;
      best = n;
    }
  }
  return best;
}

/** The keyboard map, as shown in the editor's help text. */
export const KEYBOARD_HELP: readonly [string, string][] = [
  ['Tab, arrow keys', 'move between nodes (then synapses)'],
  ['Enter or Space', 'select the focused node or synapse (Shift: add to the selection)'],
  ['Arrow keys on a selected node', 'move the selected nodes 10 units (Shift: 1)'],
  ['N', 'add a neuron'],
  ['C, then Enter on another node', 'connect the focused node to it'],
  ['Delete or Backspace', 'delete the selection'],
  ['F2', 'rename the selected node'],
  ['Ctrl+D', 'duplicate the selected neurons'],
  ['Ctrl+A', 'select all nodes'],
  ['+ / \u2212 / F', 'zoom in, zoom out, fit the diagram'],
  ['Escape', 'cancel connecting, or clear the selection'],
];
