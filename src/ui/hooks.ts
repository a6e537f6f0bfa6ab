import { useEffect, useLayoutEffect, useRef, useState, type ChangeEvent, type RefObject } from 'react';

/**
 * Calls `draw` on every animation frame while mounted (the latest `draw` is always used), with the
 * frame's timestamp.
 */
export function useAnimationFrame(draw: (stamp: number) => void): void {
  const latest = useRef(draw);
  useLayoutEffect(() => {
    latest.current = draw;
  });
  useEffect(() => {
    let id = 0;
    const loop = (stamp: number): void => {
      latest.current(stamp);
      id = requestAnimationFrame(loop);
    };
    id = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(id);
  }, []);
}

export interface Size {
  width: number;
  height: number;
}

/** The content-box size of an element, updated by a ResizeObserver. */
export function useElementSize(ref: RefObject<HTMLElement | null>): Size {
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = (): void => {
      const r = el.getBoundingClientRect();
      const width = Math.floor(r.width);
      const height = Math.floor(r.height);
      setSize((old) => (old.width === width && old.height === height ? old : { width, height }));
    };
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

/**
 * A file input's change handler: hands the picked files to `open`, and says `reading` until it is done.
 * The input is cleared first so that picking the same file again (after fixing it) fires a change.
 */
export function useFilePicker(open: (files: File[]) => Promise<unknown>): { reading: boolean; onPick: (e: ChangeEvent<HTMLInputElement>) => void } {
  const [reading, setReading] = useState(false);
  const onPick = (e: ChangeEvent<HTMLInputElement>): void => {
    const input = e.currentTarget;
    const files = Array.from(input.files ?? []);
    input.value = '';
    if (files.length === 0) return;
    setReading(true);
    void open(files).finally(() => setReading(false));
  };
  return { reading, onPick };
}
