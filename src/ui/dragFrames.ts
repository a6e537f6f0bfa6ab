/**
 * While a slider is dragged with a pointer, the two big plots take turns: the traces draw in even
 * frames, the raster in odd ones, so a frame carries one plot's work instead of both and the next
 * pointer move's input event is not held behind them (Chromium merges moves that wait into one, and
 * the slider skips values). Each plot then draws at most every other frame, only during the drag; at
 * other times every frame draws what is new.
 */

/** Which frames a plot draws in during a drag. */
export type PlotTurn = 0 | 1;

export interface DragFrameGate {
  /**
   * Whether the plot with this turn draws in the frame stamped `stamp` (requestAnimationFrame's
   * timestamp: the same for every callback of one frame).
   */
  draws(turn: PlotTurn, stamp: number): boolean;
  setDragging(on: boolean): void;
  dragging(): boolean;
}

export function createDragFrameGate(): DragFrameGate {
  let dragging = false;
  let lastStamp = Number.NaN;
  let frame = 0;
  return {
    draws(turn, stamp) {
      if (stamp !== lastStamp) {
        lastStamp = stamp;
        frame++;
      }
      return !dragging || frame % 2 === turn;
    },
    setDragging(on) {
      dragging = on;
    },
    dragging: () => dragging,
  };
}

/** The page's gate, fed by watchSliderDrags. */
export const plotFrames = createDragFrameGate();

/** A drag starts when a pointer goes down on a range input and ends when a pointer goes up, is cancelled or the window loses focus. */
export function watchSliderDrags(target: Window, gate: DragFrameGate = plotFrames): void {
  target.addEventListener('pointerdown', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type === 'range') gate.setDragging(true);
  }, true);
  const end = (): void => gate.setDragging(false);
  target.addEventListener('pointerup', end, true);
  target.addEventListener('pointercancel', end, true);
  target.addEventListener('blur', end);
}
