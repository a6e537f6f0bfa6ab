import { useEffect, useState, useSyncExternalStore } from 'react';
import type { PatternThumbnail } from '../../core/analysis/sweeps.ts';
import { PATTERNS, type FiringPattern } from '../../core/experiment/patterns.ts';
import { startAnalysis } from '../analysisClient.ts';
import { PatternThumbnailDrawing, PatternThumbnailPlaceholder, THUMBNAIL_BUCKETS } from './PatternThumbnail.tsx';

/**
 * The thumbnails, kept for the page's lifetime: they depend only on patterns.ts, so reopening the
 * gallery shows them at once. A job started here runs on after the gallery closes, for the same reason.
 */
interface ThumbnailState {
  thumbnails: ReadonlyMap<string, PatternThumbnail>;
  /** Why the Worker gave none, if it failed; the next opening of the gallery tries again. */
  failure: string | null;
}

let state: ThumbnailState = { thumbnails: new Map(), failure: null };
let computing = false;
const listeners = new Set<() => void>();
const KNOWN_IDS: ReadonlySet<string> = new Set(PATTERNS.map((p) => p.id));

function publish(next: Partial<ThumbnailState>): void {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Asks the analysis Worker for the thumbnails not yet here (none while a job is still computing). */
function requestMissingThumbnails(): void {
  if (computing) return;
  const missing = PATTERNS.map((p) => p.id).filter((id) => !state.thumbnails.has(id));
  if (missing.length === 0) return;
  computing = true;
  publish({ failure: null });
  startAnalysis(
    { type: 'thumbnails', ids: missing, buckets: THUMBNAIL_BUCKETS },
    {
      onThumbnail(thumbnail) {
        if (!KNOWN_IDS.has(thumbnail.id)) return;
        publish({ thumbnails: new Map(state.thumbnails).set(thumbnail.id, thumbnail) });
      },
      onDone() {
        computing = false;
      },
      onError(message) {
        computing = false;
        publish({ failure: message });
      },
    },
  );
}

function useThumbnails(): ThumbnailState {
  useEffect(requestMissingThumbnails, []);
  return useSyncExternalStore(subscribe, () => state);
}

interface PatternGridProps {
  /** The open experiment's name, to mark its card. */
  current: string;
  loading: boolean;
  onOpen: (pattern: FiringPattern) => void;
}

/**
 * The 20 firing patterns as a grid of computed thumbnails (v over the input, as in the figure), each a
 * button that opens its experiment. The note of the pattern pointed at or focused shows under the grid;
 * each button also carries it as its description and tooltip.
 */
export function PatternGrid({ current, loading, onOpen }: PatternGridProps) {
  const { thumbnails, failure } = useThumbnails();
  const [pointed, setPointed] = useState<FiringPattern | null>(null);
  const open = PATTERNS.find((p) => p.title === current) ?? null;
  const shown = pointed ?? open;
  return (
    <>
      <ul className="pattern-grid" data-testid="pattern-grid" onMouseLeave={() => setPointed(null)}>
        {PATTERNS.map((pattern) => {
          const thumbnail = thumbnails.get(pattern.id);
          const isCurrent = pattern === open;
          return (
            <li key={pattern.id} className={`pattern-card${isCurrent ? ' is-current' : ''}`} data-testid={`pattern-card-${pattern.id}`}>
              <button
                type="button"
                className="pattern-open"
                data-testid={`pattern-open-${pattern.id}`}
                data-thumbnail={thumbnail ? 'ready' : 'pending'}
                aria-label={`Open example: ${pattern.title}${isCurrent ? ' (open now)' : ''}`}
                aria-describedby={`pattern-note-${pattern.id}`}
                title={pattern.note}
                disabled={loading}
                onClick={() => onOpen(pattern)}
                onMouseEnter={() => setPointed(pattern)}
                onFocus={() => setPointed(pattern)}
              >
                {thumbnail ? <PatternThumbnailDrawing thumbnail={thumbnail} /> : <PatternThumbnailPlaceholder />}
                <span className="pattern-caption">{pattern.title}</span>
              </button>
              <span id={`pattern-note-${pattern.id}`} className="visually-hidden">
                {pattern.note}
              </span>
            </li>
          );
        })}
      </ul>
      <p className="pattern-hint" data-testid="pattern-hint">
        {shown ? (
          <>
            <strong>{shown.title}.</strong> {shown.note}
          </>
        ) : (
          <span className="muted">Point at a pattern, or Tab to it, to read what it shows.</span>
        )}
      </p>
      {failure ? (
        <p className="muted note" role="status">
          The thumbnails could not be computed ({failure}); the patterns open all the same.
        </p>
      ) : null}
    </>
  );
}
