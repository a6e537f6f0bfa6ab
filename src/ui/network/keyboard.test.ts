import { describe, expect, it } from 'vitest';
import { keyCommand, nearestInDirection } from './keyboard.ts';

const key = (k: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('keyCommand', () => {
  it('maps the editing keys', () => {
    expect(keyCommand(key('n'))).toEqual({ type: 'add' });
    expect(keyCommand(key('N', { shiftKey: true }))).toEqual({ type: 'add' });
    expect(keyCommand(key('c'))).toEqual({ type: 'connect' });
    expect(keyCommand(key('Delete'))).toEqual({ type: 'delete' });
    expect(keyCommand(key('Backspace'))).toEqual({ type: 'delete' });
    expect(keyCommand(key('F2'))).toEqual({ type: 'rename' });
    expect(keyCommand(key('Enter', { shiftKey: true }))).toEqual({ type: 'activate', toggle: true });
    expect(keyCommand(key('ArrowLeft', { shiftKey: true }))).toEqual({ type: 'arrow', dx: -1, dy: 0, fine: true });
    expect(keyCommand(key('d', { ctrlKey: true }))).toEqual({ type: 'duplicate' });
    expect(keyCommand(key('d', { metaKey: true }))).toEqual({ type: 'duplicate' });
    expect(keyCommand(key('a', { ctrlKey: true }))).toEqual({ type: 'select-all' });
  });

  it('leaves undo, redo and other shortcuts to the page', () => {
    expect(keyCommand(key('z', { ctrlKey: true }))).toBeNull();
    expect(keyCommand(key('Z', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(keyCommand(key('y', { ctrlKey: true }))).toBeNull();
    expect(keyCommand(key('?'))).toBeNull();
    expect(keyCommand(key('n', { altKey: true }))).toBeNull();
  });
});

describe('nearestInDirection', () => {
  const nodes = [
    { id: 'a', x: 0, y: 0 },
    { id: 'b', x: 100, y: 10 },
    { id: 'c', x: 300, y: 0 },
    { id: 'd', x: 0, y: 200 },
  ];
  it('finds the nearest node roughly in the direction', () => {
    expect(nearestInDirection(nodes, nodes[0], 1, 0)?.id).toBe('b');
    expect(nearestInDirection(nodes, nodes[1], 1, 0)?.id).toBe('c');
    expect(nearestInDirection(nodes, nodes[0], 0, 1)?.id).toBe('d');
    expect(nearestInDirection(nodes, nodes[0], -1, 0)).toBeNull();
  });
});
