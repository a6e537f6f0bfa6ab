import { parseWorkersChoice, type WorkersChoice } from '../worker/protocol.ts';

/** How many Workers step the run: a preference of this browser, not part of the experiment file. */
const KEY = 'spiking-lab/workers';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage blocked by the browser's settings
  }
}

/** The stored choice; 'auto' when none or when what is stored is not a choice. */
export function readWorkersChoice(): WorkersChoice {
  return parseWorkersChoice(storage()?.getItem(KEY)) ?? 'auto';
}

export function writeWorkersChoice(choice: WorkersChoice): void {
  try {
    storage()?.setItem(KEY, String(choice));
  } catch {
    // A full or blocked storage: the choice holds for this visit only.
  }
}
