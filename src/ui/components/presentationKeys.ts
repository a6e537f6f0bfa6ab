/**
 * The keys of presentation mode: P enters it, Escape leaves it. Pure (takes the fields of a
 * KeyboardEvent), so it is tested in Node.
 */
import { isTextEntry, type ElementLike, type KeyLike } from './shortcutKeys.ts';

export type PresentationKey = 'enter' | 'leave' | null;

/** What a key does to presentation mode, given whether it is on and where the key was typed. */
export function presentationKey(e: KeyLike, presenting: boolean, target: ElementLike | null): PresentationKey {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (presenting) return e.key === 'Escape' ? 'leave' : null;
  // P typed into a text field is text; a dialog open over the page keeps its own keys.
  if ((e.key === 'p' || e.key === 'P') && !e.shiftKey && !isTextEntry(target)) return 'enter';
  return null;
}
