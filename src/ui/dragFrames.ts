/**
 * While a slider is dragged with a pointer, the two big plots draw together in every other frame, the
 * raster only in every fourth of them, and the frames between carry only the slider's thumb and number
 * (its value applies in the traces' frames: ParameterSlider). The page's rendering (the plots' scripts, then
 * paint, raster and compositing on Chromium's other threads) competes for the machine's cores with
 * the threads that deliver the pointer moves; moves that arrive late arrive together, and Chromium
 * hands the slider one merged move per frame, so it skips values. Measured on two cores (docs/performance-log.md,
 * "Dragging a slider while the network runs"), plots drawing together every other frame let more
 * moves through than plots taking turns frame by frame, at the same 30 draws a second each; of the two,
 * the raster's draw costs the drag most (its density paint and the canvas's upload), and drawing it 15
 * times a second during a drag let 8-12% more values through at 1x. At other times every frame draws
 * what is new.
 */

export interface DragFrameGate {
  /**
   * Whether a plot draws in the frame stamped `stamp` (requestAnimationFrame's timestamp: the same
   * for every callback of one frame): always, except during a drag, when only every `every`th frame
   * draws (2 or a multiple of it, so that the plots that draw less still draw with the others).
   */
  draws(stamp: number, every?: DragPeriod): boolean;
  setDragging(on: boolean): void;
  dragging(): boolean;
}

/** In how many frames of a drag a plot draws once. */
export type DragPeriod = 2 | 4;

/** The raster's period during a drag (the traces and the slider's value keep 2). */
export const RASTER_DRAG_PERIOD: DragPeriod = 4;

export function createDragFrameGate(): DragFrameGate {
  let dragging = false;
  let lastStamp = Number.NaN;
  let frame = 0;
  return {
    draws(stamp, every = 2) {
      if (stamp !== lastStamp) {
        lastStamp = stamp;
        frame++;
      }
      return !dragging || frame % every === 0;
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
