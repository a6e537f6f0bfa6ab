import { useEffect, useRef } from 'react';
import type { Speed } from '../../worker/protocol.ts';
import { formatAchievedSpeed, formatSimTime } from '../format.ts';
import { useAnimationFrame } from '../hooks.ts';
import { liveData } from '../liveData.ts';
import { plotFrames } from '../dragFrames.ts';
import { setText } from '../domWrites.ts';
import { SPEEDS, useLabStore } from '../store.ts';
import { BuildProgress } from './BuildProgress.tsx';
import { IsolationStatus, WorkersStatus } from './IsolationStatus.tsx';
import { PresentButton } from './Presentation.tsx';
import { spaceAction, type SpaceFocus } from './shortcutKeys.ts';
import { StepSettings } from './StepSettings.tsx';

function speedLabel(speed: Speed): string {
  return speed === 'max' ? 'As fast as possible' : `${speed}x`;
}

function parseSpeed(value: string): Speed {
  if (value === 'max') return 'max';
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/**
 * Simulated time and the Worker's run state, written straight to the DOM on animation frames, in the
 * same frames as the plots (so the time shown always matches what is drawn), with no React render.
 */
function SimulatedTime() {
  const ref = useRef<HTMLOutputElement>(null);
  const shown = useRef('');
  useAnimationFrame((stamp) => {
    const text = formatSimTime(liveData.clockTime);
    if (ref.current && text !== shown.current && plotFrames.draws(stamp)) {
      setText(ref.current, text);
      shown.current = text;
    }
  });
  return (
    <output ref={ref} className="sim-time" data-testid="sim-time" aria-label="Simulated time" aria-live="off">
      {formatSimTime(0)}
    </output>
  );
}

function RunStateBadge() {
  const ref = useRef<HTMLSpanElement>(null);
  const shown = useRef('');
  useAnimationFrame(() => {
    const s = useLabStore.getState();
    const text = s.pendingExperiment ? 'building\u2026' : s.network ? s.status.state : 'loading\u2026';
    if (ref.current && text !== shown.current) {
      ref.current.textContent = text;
      ref.current.className = `run-state run-state-${s.status.state}`;
      shown.current = text;
    }
  });
  return <span ref={ref} className="run-state" data-testid="run-state" aria-label="Run state" />;
}

function AchievedSpeed() {
  // The text, not the number: the Worker reports a slightly different speed with every frame, and
  // each would render and lay out the bar again for the same text.
  const achieved = useLabStore((s) => formatAchievedSpeed(s.status.achievedSpeed));
  const state = useLabStore((s) => s.status.state);
  return (
    <output className="achieved-speed" data-testid="achieved-speed" aria-label="Achieved speed" data-state={state}>
      {achieved}
    </output>
  );
}

/** The control holding focus, for Space: the nearest element that handles keys of its own. */
const CONTROL = 'input, textarea, select, button, a[href], summary, [contenteditable], [role]';

function spaceFocus(target: EventTarget | null, byKeyboard: boolean): SpaceFocus | null {
  if (!(target instanceof Element)) return null;
  const el = target.closest(CONTROL);
  if (!el || el === document.body) return null;
  return {
    tagName: el.tagName,
    type: el instanceof HTMLInputElement ? el.type : undefined,
    role: el.getAttribute('role'),
    isContentEditable: el instanceof HTMLElement && el.isContentEditable,
    byKeyboard,
  };
}

/** Space toggles play/pause (see spaceAction for where the focused control keeps it). */
function useSpaceToTogglePlay(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    // How the focused element got focus. (Not :focus-visible: Chrome turns that on for a clicked
    // button as soon as a key is pressed on it, Space included.)
    let lastInput: 'pointer' | 'keyboard' = 'keyboard';
    let focusedByKeyboard = true;
    /** The keyup that ends a Space this hook took: a button would take it as its click. */
    let swallowKeyUp = false;
    const isSpace = (e: KeyboardEvent) => e.code === 'Space' || e.key === ' ';
    const onPointerDown = (): void => {
      lastInput = 'pointer';
    };
    // In the capture phase: the network editor stops the arrow keys it moves focus with.
    const onAnyKeyDown = (e: KeyboardEvent): void => {
      if (!isSpace(e)) lastInput = 'keyboard';
    };
    const onFocusIn = (): void => {
      focusedByKeyboard = lastInput === 'keyboard';
    };
    const onKeyDown = (e: KeyboardEvent): void => {
      if (!isSpace(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (document.querySelector('dialog[open]')) return;
      if (spaceAction(spaceFocus(e.target, focusedByKeyboard)) !== 'play-pause') return;
      e.preventDefault();
      swallowKeyUp = true;
      if (!e.repeat) useLabStore.getState().togglePlay();
    };
    const onKeyUp = (e: KeyboardEvent): void => {
      if (!isSpace(e) || !swallowKeyUp) return;
      swallowKeyUp = false;
      e.preventDefault();
    };
    window.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('focusin', onFocusIn, true);
    window.addEventListener('keydown', onAnyKeyDown, true);
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('focusin', onFocusIn, true);
      window.removeEventListener('keydown', onAnyKeyDown, true);
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, [enabled]);
}

/** Play/pause, single steps, reset and speed. */
export function TransportBar() {
  const state = useLabStore((s) => s.status.state);
  const running = useLabStore((s) => (s.playIntent ?? s.status.state) === 'running');
  const loaded = useLabStore((s) => s.network !== null);
  const speed = useLabStore((s) => s.requestedSpeed);
  const dt = useLabStore((s) => s.network?.dt ?? s.experiment.simulation.dt);
  const togglePlay = useLabStore((s) => s.togglePlay);
  const step = useLabStore((s) => s.step);
  const reset = useLabStore((s) => s.reset);
  const setSpeed = useLabStore((s) => s.setSpeed);
  const failed = state === 'failed';
  useSpaceToTogglePlay(loaded);

  return (
    // A named region (a landmark) around the toolbar: all of the page's content is then in landmarks.
    <section className="transport-region" aria-label="Simulation">
      <div className="transport" role="toolbar" aria-label="Simulation controls">
        <button
          type="button"
          className={`btn btn-primary play${running ? ' is-running' : ''}`}
          data-testid="play"
          aria-label={running ? 'Pause' : 'Play'}
          title={running ? 'Pause (Space)' : failed ? 'Reset to run again' : 'Play (Space)'}
          disabled={!loaded || failed}
          onClick={togglePlay}
        >
          <span aria-hidden="true" className="icon">{running ? '\u275A\u275A' : '\u25B6'}</span>
          {running ? 'Pause' : 'Play'}
        </button>
        <button
          type="button"
          className="btn"
          data-testid="step-1"
          aria-label="Step 1 ms"
          title={`Advance 1 ms (${Math.max(1, Math.round(1 / dt))} step${Math.round(1 / dt) === 1 ? '' : 's'}) and pause`}
          disabled={!loaded || failed}
          onClick={() => step(1)}
        >
          Step 1 ms
        </button>
        <button
          type="button"
          className="btn"
          data-testid="step-100"
          aria-label="Step 100 ms"
          title="Advance 100 ms and pause"
          disabled={!loaded || failed}
          onClick={() => step(100)}
        >
          Step 100 ms
        </button>
        <button
          type="button"
          className="btn"
          data-testid="reset"
          aria-label="Reset"
          title="Back to t = 0 with the same seed"
          disabled={!loaded}
          onClick={reset}
        >
          Reset
        </button>
        <label className="speed">
          <span>Speed</span>
          <select
            data-testid="speed"
            aria-label="Simulation speed"
            value={String(speed)}
            onChange={(e) => setSpeed(parseSpeed(e.currentTarget.value))}
          >
            {SPEEDS.map((s) => (
              <option key={String(s)} value={String(s)}>
                {speedLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <StepSettings />
        <PresentButton />
        <div className="clock">
          <SimulatedTime />
          <AchievedSpeed />
          <RunStateBadge />
          <IsolationStatus />
          <WorkersStatus />
        </div>
      </div>
      <BuildProgress />
    </section>
  );
}
