/**
 * While a slider is dragged with a pointer, the two big plots draw together in every other frame, and
 * the frames between carry only the slider's thumb and number (its value applies in the plots' frames:
 * ParameterSlider). The page's rendering (the plots' scripts, then
 * paint, raster and compositing on Chromium's other threads) competes for the machine's cores with
 * the threads that deliver the pointer moves; moves that arrive late arrive together, and Chromium
 * hands the slider one merged move per frame, so it skips values. Measured on two cores (docs/performance-log.md,
 * "Dragging a slider while the network runs"), plots drawing together every other frame let more
 * moves through than plots taking turns frame by frame, at the same 30 draws a second each. At other
 * times every frame draws what is new.
 */

export interface DragFrameGate {
  /**
   * Whether the plots draw in the frame stamped `stamp` (requestAnimationFrame's timestamp: the same
   * for every callback of one frame).
   */
  draws(stamp: number): boolean;
  setDragging(on: boolean): void;
  dragging(): boolean;
}

export function createDragFrameGate(): DragFrameGate {
  let dragging = false;
  let lastStamp = Number.NaN;
  let frame = 0;
  return {
    draws(stamp) {
      if (stamp !== lastStamp) {
        lastStamp = stamp;
        frame++;
      }
      return !dragging || frame % 2 === 0;
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
