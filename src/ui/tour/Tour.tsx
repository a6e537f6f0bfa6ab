import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { closeTour, goToStep, openTour, useTourStore } from './tourStore.ts';
import './tour.css';

interface TourStep {
  title: string;
  text: string;
  /** Where the step points, first visible match wins; none visible: the popover sits in the middle. */
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
    targets: ['.trace-panel'],
  },
  {
    title: 'The gallery',
    text: 'Examples opens ready-made experiments and the 20 firing patterns of Izhikevich (2004), each with a note on what to look for. Lessons next to it are a short course for class.',
    targets: ['[data-testid="examples"]'],
  },
];

const GAP = 10;
const MARGIN = 8;

function findTarget(selectors: readonly string[]): HTMLElement | null {
  for (const selector of selectors) {
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) return el;
    }
  }
  return null;
}

interface Placement {
  popover: { left: number; top: number };
  ring: { left: number; top: number; width: number; height: number } | null;
}

/** Below the target when it fits, else above, else in the middle of the viewport; always on screen. */
function place(target: HTMLElement | null, pop: HTMLElement): Placement {
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const pw = pop.offsetWidth;
  const ph = pop.offsetHeight;
  const centred = { left: Math.max(MARGIN, (vw - pw) / 2), top: Math.max(MARGIN, (vh - ph) / 2) };
  if (!target) return { popover: centred, ring: null };
  const r = target.getBoundingClientRect();
  const ring = { left: r.left - 4, top: r.top - 4, width: r.width + 8, height: r.height + 8 };
  const left = Math.min(Math.max(MARGIN, r.left + r.width / 2 - pw / 2), Math.max(MARGIN, vw - pw - MARGIN));
  if (r.bottom + GAP + ph <= vh - MARGIN) return { popover: { left, top: r.bottom + GAP }, ring };
  if (r.top - GAP - ph >= MARGIN) return { popover: { left, top: r.top - GAP - ph }, ring };
  // A target taller than the room around it (the traces on a small screen): over its lower part.
  return { popover: { left, top: Math.max(MARGIN, vh - ph - MARGIN) }, ring };
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
      const target = findTarget(current.targets);
      setPlacement(place(target, pop));
    };
    const target = findTarget(current.targets);
    target?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    update();
    // The page settles after the first paint (plots size themselves): follow the target as it moves.
    const observer = new ResizeObserver(update);
    observer.observe(document.body);
    if (target) observer.observe(target);
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
