/**
 * The separator between the panel above the plots (network, phase plane, sweeps, rhythms) and the plots: drag it (or focus it and use the arrow keys,
 * Home and End) to share the column's height between them.
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { DEFAULT_SHARE, MAX_SHARE, MIN_SHARE, usePanelLayout } from './panelLayout.ts';

export interface SplitterProps {
  /** The column's top edge and height in client pixels, when a drag starts. */
  measure(): { top: number; height: number } | null;
}

export function Splitter({ measure }: SplitterProps) {
  const share = usePanelLayout((s) => s.share);
  const setShare = usePanelLayout((s) => s.setShare);
  const drag = useRef<{ pointerId: number; top: number; height: number } | null>(null);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    if (e.button !== 0) return;
    const m = measure();
    if (!m || m.height <= 0) return;
    drag.current = { pointerId: e.pointerId, ...m };
    e.currentTarget.setPointerCapture(e.pointerId);
    e.preventDefault();
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    setShare((e.clientY - d.top) / d.height);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>): void => {
    if (drag.current?.pointerId === e.pointerId) drag.current = null;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const step = e.shiftKey ? 0.01 : 0.05;
    let next: number | null = null;
    if (e.key === 'ArrowUp') next = share - step;
    else if (e.key === 'ArrowDown') next = share + step;
    else if (e.key === 'Home') next = MIN_SHARE;
    else if (e.key === 'End') next = MAX_SHARE;
    else if (e.key === 'Enter') next = DEFAULT_SHARE;
    if (next === null) return;
    e.preventDefault();
    setShare(next);
  };

  return (
    <div
      className="column-splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the panel above the plots and the plots"
      aria-valuemin={Math.round(MIN_SHARE * 100)}
      aria-valuemax={Math.round(MAX_SHARE * 100)}
      aria-valuenow={Math.round(share * 100)}
      aria-valuetext={`Panel ${Math.round(share * 100)}% of the height`}
      tabIndex={0}
      data-testid="network-splitter"
      title="Drag to resize (or use the arrow keys); Enter resets"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
