import { useEffect, useId, useRef, useState, type CSSProperties, type RefObject } from 'react';
import { ResizeHandle } from '../components/ResizeHandle.tsx';
import type { Lesson } from '../../core/experiment/types.ts';
import { encodeLesson, LESSON_KEY } from '../../core/io/shareLink.ts';
import { shareLinkProblem, shareUrl } from '../components/shareUrl.ts';
import { lessonParagraphs, SHIPPED_LESSONS } from './lessonList.ts';
import { leaveLesson, openShippedLesson, useLessonStore } from './lessonStore.ts';
import './lessons.css';

/**
 * The open lesson beside the experiment: its text, its question, a link to share it, the next and
 * previous shipped lessons, and a way out (the experiment stays). Text is rendered as text, never HTML.
 */
export function LessonPanel() {
  const lesson = useLessonStore((s) => s.lesson);
  const index = useLessonStore((s) => s.shippedIndex);
  const [collapsed, setCollapsed] = useState(false);
  const [sheet, setSheet] = useState(storedSheetShare);
  const panelRef = useRef<HTMLElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useSheetRoom(panelRef, lesson !== null);
  if (!lesson) return null;
  const share = sheet ?? defaultSheetShare();
  const resize = (share: number): void => {
    const next = Math.min(MAX_SHEET, Math.max(MIN_SHEET, share));
    setSheet(next);
    try {
      localStorage.setItem(SHEET_KEY, String(next));
    } catch {
      // Storage full or blocked: the height holds for this visit.
    }
  };
  return (
    <aside ref={panelRef} className={`lesson-panel${collapsed ? ' is-collapsed' : ''}`} aria-labelledby={titleId} data-testid="lesson-panel" style={{ '--lesson-sheet-share': String(share) } as CSSProperties}>
      {collapsed ? null : (
        <ResizeHandle
          value={share}
          onResize={resize}
          startDrag={() => (clientY) => (window.innerHeight - clientY) / window.innerHeight}
          min={MIN_SHEET}
          max={MAX_SHEET}
          grows="up"
          reset={defaultSheetShare()}
          label="Resize the lesson text and the lab"
          valueText={`Lesson ${Math.round(share * 100)}% of the height`}
          title="Drag to give the lesson or the lab more room (or use the arrow keys); Enter resets"
          className="lesson-resize"
          testId="lesson-resize"
        />
      )}
      <div className="lesson-head">
        <p className="lesson-kicker muted">{index !== null ? `Lesson ${index + 1} of ${SHIPPED_LESSONS.length}` : 'Lesson'}</p>
        <h2 id={titleId} className="lesson-title" data-testid="lesson-title">
          {lesson.title}
        </h2>
        <div className="lesson-head-actions">
          <button type="button" className="btn btn-small" aria-expanded={!collapsed} aria-controls={bodyId} data-testid="lesson-collapse" onClick={() => setCollapsed((c) => !c)}>
            {collapsed ? 'Show text' : 'Hide text'}
          </button>
          <button type="button" className="btn btn-small" data-testid="lesson-leave" title="Close the lesson; the experiment stays open" onClick={leaveLesson}>
            Leave lesson
          </button>
        </div>
      </div>
      <div id={bodyId} className="lesson-body" hidden={collapsed}>
        <div className="lesson-text" data-testid="lesson-text">
          {lessonParagraphs(lesson.text).map((p, k) => (
            <p key={k}>{p}</p>
          ))}
        </div>
        <section className="lesson-question" aria-label="Question" data-testid="lesson-question">
          <h3>Question</h3>
          <p>{lesson.question}</p>
        </section>
        <LessonShare lesson={lesson} />
        {index !== null ? (
          <nav className="lesson-nav" aria-label="Lessons">
            <button type="button" className="btn btn-small" data-testid="lesson-previous" disabled={index === 0} onClick={() => void openShippedLesson(index - 1)}>
              Previous lesson
            </button>
            <button type="button" className="btn btn-small" data-testid="lesson-next" disabled={index === SHIPPED_LESSONS.length - 1} onClick={() => void openShippedLesson(index + 1)}>
              Next lesson
            </button>
          </nav>
        ) : null}
      </div>
    </aside>
  );
}

/** The sheet's share of the window's height (below 1280 px, or a portrait window): least, most. */
const MIN_SHEET = 0.2;
const MAX_SHEET = 0.8;
const SHEET_KEY = 'spiking-lab/lesson-sheet';

/** The sheet's height a person chose (share of the window), or null for the default. */
function storedSheetShare(): number | null {
  try {
    const v = Number(localStorage.getItem(SHEET_KEY));
    return Number.isFinite(v) && v >= MIN_SHEET && v <= MAX_SHEET ? v : null;
  } catch {
    return null;
  }
}

/**
 * A portrait tablet has height to spare: a third for the text leaves the lab's plots both on screen
 * above it. A short landscape window (a phone turned) gives the text more.
 */
function defaultSheetShare(): number {
  return window.innerHeight >= window.innerWidth ? 0.36 : 0.45;
}

/**
 * The room the sheet takes at the bottom of the window, for the page to keep free under the lab
 * (--lesson-sheet on the page's root): its height while it is a sheet, collapsed or not.
 */
function useSheetRoom(panelRef: RefObject<HTMLElement | null>, open: boolean): void {
  useEffect(() => {
    const panel = panelRef.current;
    if (!open || !panel) return;
    const root = document.documentElement;
    const update = (): void => root.style.setProperty('--lesson-sheet', `${Math.ceil(panel.getBoundingClientRect().height)}px`);
    update();
    const observer = new ResizeObserver(update);
    observer.observe(panel);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--lesson-sheet');
    };
  }, [panelRef, open]);
}

type Link = { state: 'idle' } | { state: 'ready'; url: string } | { state: 'problem'; message: string };

/** "Share this lesson": the lesson (text and experiment as it was opened) in a #lesson= link. */
function LessonShare({ lesson }: { lesson: Lesson }) {
  const [link, setLink] = useState<Link>({ state: 'idle' });
  const [note, setNote] = useState('');
  const noteId = useId();
  useEffect(() => {
    setLink({ state: 'idle' });
    setNote('');
  }, [lesson]);

  const make = async (): Promise<void> => {
    try {
      const url = shareUrl(window.location.origin, window.location.pathname, await encodeLesson(lesson), LESSON_KEY);
      const problem = shareLinkProblem(url);
      setLink(problem ? { state: 'problem', message: problem.replace('This experiment', 'This lesson') } : { state: 'ready', url });
      if (!problem && navigator.clipboard) {
        await navigator.clipboard.writeText(url).then(
          () => setNote('Copied to the clipboard.'),
          () => setNote('Select the link and copy it.'),
        );
      }
    } catch (error) {
      setLink({ state: 'problem', message: `The link could not be made: ${error instanceof Error ? error.message : String(error)}` });
    }
  };

  return (
    <div className="lesson-share">
      <button type="button" className="btn btn-small" data-testid="lesson-share" onClick={() => void make()} title="A link that opens this lesson with its experiment">
        Share this lesson
      </button>
      {link.state === 'ready' ? (
        <input className="share-url" type="text" readOnly value={link.url} aria-label="Lesson link URL" aria-describedby={noteId} data-testid="lesson-share-url" onFocus={(e) => e.currentTarget.select()} />
      ) : null}
      {link.state === 'problem' ? <p className="note">{link.message}</p> : null}
      <p id={noteId} className="note muted" role="status">
        {note}
      </p>
    </div>
  );
}
