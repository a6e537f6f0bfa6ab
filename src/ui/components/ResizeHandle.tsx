/**
 * A horizontal edge to drag (or focus and move with the arrow keys) that shares a height between what
 * is above it and what is below: the separator between the panel above the plots and the plots, and
 * the lesson sheet's top edge. The value is the share of the height something takes (the panel above,
 * the sheet below); `grows` says which way the edge moves for it to grow.
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

export interface ResizeLimits {
  min: number;
  max: number;
  /** The edge moves 'up' or 'down' for the value to grow. */
  grows: 'up' | 'down';
  /** Enter sets it (none: Enter does nothing). */
  reset?: number;
}

/** A key's step: 5% of the height, Shift 1%. */
const STEP = 0.05;
const FINE_STEP = 0.01;

/**
 * The value after a key on the edge, or null for a key it does not take. The arrows move the edge up
 * or down, Home and End to its highest and lowest place, whichever way the value grows.
 */
export function keyedShare(key: string, shift: boolean, value: number, limits: ResizeLimits): number | null {
  const step = shift ? FINE_STEP : STEP;
  const up = limits.grows === 'up' ? 1 : -1;
  let next: number;
  if (key === 'ArrowUp') next = value + up * step;
  else if (key === 'ArrowDown') next = value - up * step;
  else if (key === 'Home') next = up > 0 ? limits.max : limits.min;
  else if (key === 'End') next = up > 0 ? limits.min : limits.max;
  else if (key === 'Enter' && limits.reset !== undefined) next = limits.reset;
  else return null;
  return Math.min(limits.max, Math.max(limits.min, next));
}

export interface ResizeHandleProps extends ResizeLimits {
  value: number;
  onResize(value: number): void;
  /**
   * At the start of a drag: how a pointer's clientY maps to a value, for the whole drag (measured
   * once), or null when there is nothing to measure yet.
   */
  startDrag(): ((clientY: number) => number) | null;
  label: string;
  valueText: string;
  title: string;
  /** Placement, beside the look all handles share (.resize-handle). */
  className?: string;
  testId: string;
}

export function ResizeHandle(props: ResizeHandleProps) {
  const { value, onResize, startDrag, label, valueText, title, className, testId, min, max } = props;
  const drag = useRef<{ pointerId: number; shareAt: (clientY: number) => number } | null>(null);
  const clamp = (v: number): number => Math.min(max, Math.max(min, v));

  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    if (e.button !== 0) return;
    const shareAt = startDrag();
    if (!shareAt) return;
    drag.current = { pointerId: e.pointerId, shareAt };
    e.currentTarget.setPointerCapture(e.pointerId);
    e.preventDefault();
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    const d = drag.current;
    if (d && d.pointerId === e.pointerId) onResize(clamp(d.shareAt(e.clientY)));
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>): void => {
    if (drag.current?.pointerId === e.pointerId) drag.current = null;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const next = keyedShare(e.key, e.shiftKey, value, props);
    if (next === null) return;
    e.preventDefault();
    onResize(next);
  };

  return (
    <div
      className={className ? `resize-handle ${className}` : 'resize-handle'}
      role="separator"
      aria-orientation="horizontal"
      aria-label={label}
      aria-valuemin={Math.round(min * 100)}
      aria-valuemax={Math.round(max * 100)}
      aria-valuenow={Math.round(value * 100)}
      aria-valuetext={valueText}
      tabIndex={0}
      data-testid={testId}
      title={title}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
