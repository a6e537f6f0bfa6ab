import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { closeTour, goToStep, openTour, useTourStore } from './tourStore.ts';
import './tour.css';

interface TourStep {
  title: string;
  text: string;
  /**
   * Where the step points: the first selector with a visible match; a selector may match several
   * elements (the traces and the raster), and the step points at all of them. None visible: the popover
   * sits in the middle.
   */
  targets: readonly string[];
}

export const TOUR_STEPS: readonly TourStep[] = [
  {
    title: 'Play and pause',
    text: 'Play runs the simulation in the background; press it again (or Space) to pause. Step and Reset sit beside it, and Speed sets how fast simulated time goes.',
    targets: ['[data-testid="play"]'],
  },
  {
    title: 'Change a parameter',
    text: 'Drag a slider, or type a number in its box: the running neuron changes at once, without a restart. Every outside number goes through the same checks, so a wrong value gets a message, not a crash.',
    targets: ['[data-testid="param-a-slider"]', '.sidebar input[type="range"]'],
  },
  {
    title: 'Read the traces',
    text: 'The traces show the membrane potential v (and, if you tick them, u and the input current) of the neurons you watch; the raster below marks every spike of every neuron.',
    targets: ['.trace-panel, .raster-panel'],
  },
  {
    title: 'The gallery',
    text: 'Examples opens ready-made experiments and the 20 firing patterns of Izhikevich (2004), each with a note on what to look for. Lessons next to it are a short course for class.',
    targets: ['[data-testid="examples"]'],
  },
];

const GAP = 10;
const MARGIN = 8;
/** The popover's width, and the least it may be narrowed to beside a target, px. */
const POPOVER_WIDTH = 340;
const MIN_SIDE_WIDTH = 240;

function findTargets(selectors: readonly string[]): HTMLElement[] {
  for (const selector of selectors) {
    const shown = Array.from(document.querySelectorAll<HTMLElement>(selector)).filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    });
    if (shown.length > 0) return shown;
  }
  return [];
}

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The box around all the targets, in viewport coordinates. */
function unionRect(targets: readonly HTMLElement[]): Rect {
  const rects = targets.map((t) => t.getBoundingClientRect());
  return {
    left: Math.min(...rects.map((r) => r.left)),
    top: Math.min(...rects.map((r) => r.top)),
    right: Math.max(...rects.map((r) => r.right)),
    bottom: Math.max(...rects.map((r) => r.bottom)),
  };
}

interface Placement {
  popover: { left: number; top: number; width: number };
  ring: { left: number; top: number; width: number; height: number } | null;
  /** Whether the popover lies clear of the target. */
  clear: boolean;
}

/** The popover's height at a width, px (laid out there). */
function heightAt(pop: HTMLElement, width: number): number {
  pop.style.width = `${width}px`;
  return pop.offsetHeight;
}

/**
 * Where the popover goes, never over its target while there is room: below it, else above, else
 * beside it (right, then left, narrowed to the room if need be). No room anywhere (a target as tall as
 * the window): at the top or the bottom of the window, whichever covers less of it.
 */
function place(targets: readonly HTMLElement[], pop: HTMLElement): Placement {
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const pw = Math.min(POPOVER_WIDTH, vw - 2 * MARGIN);
  const ph = heightAt(pop, pw);
  if (targets.length === 0) return { popover: { left: Math.max(MARGIN, (vw - pw) / 2), top: Math.max(MARGIN, (vh - ph) / 2), width: pw }, ring: null, clear: true };
  const r = unionRect(targets);
  const ring = { left: r.left - 4, top: r.top - 4, width: r.right - r.left + 8, height: r.bottom - r.top + 8 };
  const left = Math.min(Math.max(MARGIN, (r.left + r.right) / 2 - pw / 2), Math.max(MARGIN, vw - pw - MARGIN));
  if (r.bottom + GAP + ph <= vh - MARGIN) return { popover: { left, top: Math.max(MARGIN, r.bottom + GAP), width: pw }, ring, clear: true };
  if (r.top - GAP - ph >= MARGIN) return { popover: { left, top: Math.min(vh - ph - MARGIN, r.top - GAP - ph), width: pw }, ring, clear: true };
  for (const side of ['right', 'left'] as const) {
    const room = side === 'right' ? vw - r.right - GAP - MARGIN : r.left - GAP - MARGIN;
    if (room < MIN_SIDE_WIDTH) continue;
    const width = Math.min(pw, room);
    const height = heightAt(pop, width);
    if (height > vh - 2 * MARGIN) continue;
    const top = Math.min(Math.max(MARGIN, (Math.max(r.top, 0) + Math.min(r.bottom, vh)) / 2 - height / 2), vh - height - MARGIN);
    return { popover: { left: side === 'right' ? r.right + GAP : r.left - GAP - width, top, width }, ring, clear: true };
  }
  pop.style.width = `${pw}px`;
  const covered = (top: number): number => Math.max(0, Math.min(top + ph, r.bottom) - Math.max(top, r.top));
  const atTop = MARGIN;
  const atBottom = vh - ph - MARGIN;
  return { popover: { left, top: covered(atTop) <= covered(atBottom) ? atTop : atBottom, width: pw }, ring, clear: false };
}

/**
 * Scrolls the page (when it scrolls: the narrow layouts) so that the popover can sit above the target
 * without covering it: a target taller than the room left (the traces and the raster on a phone) then
 * runs on below the window's edge rather than under the popover.
 */
function scrollClear(targets: readonly HTMLElement[], pop: HTMLElement): void {
  if (targets.length === 0 || place(targets, pop).clear) return;
  const r = unionRect(targets);
  window.scrollBy({ top: r.top - (MARGIN + pop.offsetHeight + GAP), behavior: 'instant' });
}

/**
 * The first-run tour: a small non-modal popover that points at play, a slider, the traces and the
 * gallery in turn. Next / Back / Skip; Escape closes it. Focus moves into the popover when it opens
 * and goes back to where it was when it closes.
 */
export function Tour() {
  const step = useTourStore((s) => s.step);
  if (step === null) return null;
  return <TourPopover step={Math.min(step, TOUR_STEPS.length - 1)} />;
}

function TourPopover({ step }: { step: number }) {
  const popRef = useRef<HTMLDivElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const textId = useId();
  const [placement, setPlacement] = useState<Placement | null>(null);
  const current = TOUR_STEPS[step];
  const last = step === TOUR_STEPS.length - 1;

  // Focus into the popover on open; back to the opener (the Tour button, say) on close.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    return () => {
      if (opener && opener.isConnected) opener.focus();
    };
  }, []);

  // Once placed (a hidden popover cannot take focus), and again at each step.
  const placed = placement !== null;
  useEffect(() => {
    if (placed) nextRef.current?.focus({ preventScroll: true });
  }, [step, placed]);

  useLayoutEffect(() => {
    const update = (): void => {
      const pop = popRef.current;
      if (!pop) return;
      setPlacement(place(findTargets(current.targets), pop));
    };
    const targets = findTargets(current.targets);
    targets[0]?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    if (popRef.current) scrollClear(targets, popRef.current);
    update();
    // The page settles after the first paint (plots size themselves): follow the target as it moves.
    const observer = new ResizeObserver(update);
    observer.observe(document.body);
    for (const target of targets) observer.observe(target);
    window.addEventListener('resize', update);
    window.addEventListener('scroll', update, true);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', update);
      window.removeEventListener('scroll', update, true);
    };
  }, [current]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      e.stopPropagation();
      closeTour();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  return (
    <>
      {placement?.ring ? <div className="tour-ring" aria-hidden="true" style={placement.ring} /> : null}
      <div
        ref={popRef}
        className="tour-popover"
        role="dialog"
        aria-modal="false"
        aria-labelledby={titleId}
        aria-describedby={textId}
        data-testid="tour"
        data-step={step}
        style={placement ? placement.popover : { visibility: 'hidden', left: 0, top: 0 }}
      >
        <p className="tour-count muted" data-testid="tour-count">
          Step {step + 1} of {TOUR_STEPS.length}
        </p>
        <h2 id={titleId} className="tour-title">
          {current.title}
        </h2>
        <p id={textId} className="tour-text">
          {current.text}
        </p>
        <div className="tour-actions">
          <button type="button" className="btn btn-small" data-testid="tour-skip" onClick={closeTour}>
            Skip tour
          </button>
          <span className="tour-spacer" />
          <button type="button" className="btn btn-small" data-testid="tour-back" disabled={step === 0} onClick={() => goToStep(step - 1)}>
            Back
          </button>
          <button ref={nextRef} type="button" className="btn btn-small btn-primary" data-testid="tour-next" onClick={() => (last ? closeTour() : goToStep(step + 1))}>
            {last ? 'Done' : 'Next'}
          </button>
        </div>
      </div>
    </>
  );
}

/** "Tour": shows the first-run tour again. */
export function TourButton() {
  return (
    <button type="button" className="btn btn-small" data-testid="tour-open" title="A short tour of the lab: play, sliders, traces and the gallery" onClick={openTour}>
      Tour
    </button>
  );
}
