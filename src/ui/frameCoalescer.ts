/**
 * One value per animation frame: a slider fires several input events per frame while the page is busy,
 * and each used to cost a store edit (a React render of everything that reads the experiment) and a
 * Worker message. The coalescer keeps only the latest value and applies it once, at the next frame that
 * `due` accepts (every frame without one); the last value always arrives (flush applies it at once, e.g.
 * when the pointer is released).
 */
export interface FrameCoalescer<T> {
  /** Keep `value` for the next frame, replacing one that waits. */
  push(value: T): void;
  /** Apply the waiting value now, if there is one. */
  flush(): void;
  /** Whether a value waits for the next frame. */
  pending(): boolean;
}

/** Where frames come from: requestAnimationFrame in the page, a fake clock in tests. */
export interface FrameScheduler {
  /** `callback` gets the frame's timestamp (requestAnimationFrame's). */
  request(callback: (stamp: number) => void): number;
  cancel(handle: number): void;
}

const animationFrames: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

export function createFrameCoalescer<T>(
  apply: (value: T) => void,
  frames: FrameScheduler = animationFrames,
  due: (stamp: number) => boolean = () => true,
): FrameCoalescer<T> {
  let waiting: { value: T } | null = null;
  let frame: number | null = null;
  const onFrame = (stamp: number): void => {
    if (!due(stamp)) {
      frame = frames.request(onFrame);
      return;
    }
    frame = null;
    flush();
  };
  const flush = (): void => {
    if (frame !== null) frames.cancel(frame);
    frame = null;
    const next = waiting;
    waiting = null;
    if (next) apply(next.value);
  };
  return {
    push(value) {
      waiting = { value };
      if (frame === null) frame = frames.request(onFrame);
    },
    flush,
    pending: () => waiting !== null,
  };
}
