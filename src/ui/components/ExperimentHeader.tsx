import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { patternWithNote } from '../../core/experiment/patterns.ts';
import type { Experiment } from '../../core/experiment/types.ts';
import { useLabStore } from '../store.ts';
import { ExamplesButton } from './GalleryDialog.tsx';
import { ExperimentFiles } from './ExperimentFiles.tsx';
import { PatternNote } from './PatternNote.tsx';
import { ShareLink } from './ShareLink.tsx';
import { ShortcutsButton } from './ShortcutsDialog.tsx';
import { UndoRedo } from './UndoRedo.tsx';
import { LessonsButton } from '../lessons/LessonsDialog.tsx';
import { TourButton } from '../tour/Tour.tsx';

/**
 * The app title, the examples gallery, the experiment's name and a one-line summary of the compiled
 * network; undo / redo, share link, Open / Save and the shortcuts help; the description below: on one
 * line, or for a firing pattern its note in full, saying what to look for in the traces (PatternNote).
 */
export function ExperimentHeader() {
  const name = useLabStore((s) => (s.pendingExperiment ?? s.experiment).name);
  const description = useLabStore((s) => (s.pendingExperiment ?? s.experiment).description);
  const network = useLabStore((s) => s.network);
  const dt = useLabStore((s) => s.experiment.simulation.dt);
  const pendingNeurons = useLabStore((s) => (s.pendingExperiment ? neuronCountOf(s.pendingExperiment) : null));
  const headerRef = useRef<HTMLElement>(null);
  const nameFirst = useNameNeedsRow(headerRef, `${name}|${network?.neuronCount ?? ''}|${dt}|${pendingNeurons ?? ''}`);
  return (
    <header ref={headerRef} className={`topbar lab-header${nameFirst ? ' name-first' : ''}`}>
      <h1>Spiking Lab</h1>
      <div className="experiment-title">
        <ExamplesButton />
        <LessonsButton />
        <span className="experiment-name" data-testid="experiment-name" title={name}>
          {name}
        </span>
        {pendingNeurons !== null ? (
          <BuildingNotice neurons={pendingNeurons} />
        ) : (
          <span className="muted experiment-size">
            {network ? `${network.neuronCount.toLocaleString('en-US')} neuron${network.neuronCount === 1 ? '' : 's'} \u00b7 ` : ''}
            dt = {dt} ms
          </span>
        )}
      </div>
      <div className="header-actions">
        <UndoRedo />
        <ShareLink />
        <ExperimentFiles />
        <ShortcutsButton />
        <TourButton />
      </div>
      {patternWithNote(description) ? (
        <PatternNote />
      ) : description ? (
        <p className="experiment-description" title={description}>
          {description}
        </p>
      ) : null}
    </header>
  );
}

/**
 * Whether the experiment's name (with the size beside it) would be cut in the one-row header: then the
 * header takes its two-row form (the buttons share the description's row) and the name gets the first
 * row's width. Measured from the parts' natural widths, which do not depend on the form, so switching
 * forms never flips the answer back.
 */
function useNameNeedsRow(headerRef: RefObject<HTMLElement | null>, contents: string): boolean {
  const [needs, setNeeds] = useState(false);
  useLayoutEffect(() => {
    const header = headerRef.current;
    if (!header) return;
    const update = (): void => setNeeds(oneRowTooNarrow(header));
    update();
    const observer = new ResizeObserver(update);
    observer.observe(header);
    // The name is measured in its web font once that has loaded.
    void document.fonts.ready.then(update);
    return () => observer.disconnect();
  }, [headerRef, contents]);
  return needs;
}

let measureContext: CanvasRenderingContext2D | null = null;

/** A text's width in an element's font, px, however the element wraps or cuts it now. */
function naturalTextWidth(el: HTMLElement): number {
  measureContext ??= document.createElement('canvas').getContext('2d');
  if (!measureContext) return el.scrollWidth;
  const style = getComputedStyle(el);
  measureContext.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  return measureContext.measureText(el.textContent ?? '').width;
}

function oneRowTooNarrow(header: HTMLElement): boolean {
  const h1 = header.querySelector('h1');
  const title = header.querySelector<HTMLElement>('.experiment-title');
  const actions = header.querySelector<HTMLElement>('.header-actions');
  if (!h1 || !title || !actions) return false;
  const gap = (el: HTMLElement, which: 'columnGap' | 'rowGap' = 'columnGap'): number => parseFloat(getComputedStyle(el)[which]) || 0;
  const parts = Array.from(title.children).filter((c): c is HTMLElement => c instanceof HTMLElement && c.offsetParent !== null);
  const titleWidth = parts.reduce((sum, part) => sum + (part.classList.contains('experiment-name') ? naturalTextWidth(part) : Math.max(part.offsetWidth, part.scrollWidth)), 0) + gap(title) * Math.max(0, parts.length - 1);
  const style = getComputedStyle(header);
  const room = header.clientWidth - (parseFloat(style.paddingLeft) || 0) - (parseFloat(style.paddingRight) || 0);
  // One pixel for the rounding of the measured widths.
  return h1.offsetWidth + titleWidth + actions.scrollWidth + 2 * gap(header) + 1 > room;
}

function neuronCountOf(experiment: Experiment): number {
  return experiment.neurons.length + experiment.populations.reduce((sum, p) => sum + p.size, 0);
}

/**
 * While the Worker builds a new experiment (seconds for millions of synapses): what it is building and
 * for how long so far. The page stays usable; the old run's plots stay until the new network is ready.
 */
function BuildingNotice({ neurons }: { neurons: number }) {
  const [started] = useState(() => performance.now());
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const id = window.setInterval(() => setSeconds(Math.floor((performance.now() - started) / 1000)), 1000);
    return () => window.clearInterval(id);
  }, [started]);
  return (
    <span className="experiment-size building-notice" data-testid="building" role="status">
      <span className="building-spinner" aria-hidden="true" />
      Building {neurons.toLocaleString('en-US')} neurons in the Worker{'\u2026'}{seconds > 0 ? ` ${seconds} s` : ''}
    </span>
  );
}
