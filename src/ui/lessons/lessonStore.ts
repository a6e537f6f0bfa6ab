/**
 * The lesson open now (its text shows beside the experiment) and how lessons open: from the list of
 * shipped lessons, from a file, or from a link (#lesson=...), each through the one validator.
 */
import { create } from 'zustand';
import { usePanelLayout } from '../network/panelLayout.ts';
import type { Lesson } from '../../core/experiment/types.ts';
import { parseLessonJson } from '../../core/experiment/validate.ts';
import { codeFromHash, decodeLesson, LESSON_KEY } from '../../core/io/shareLink.ts';
import { decodeTextFile, errorMessage, readPickedFile } from '../files.ts';
import { useIrisStore } from '../iris/irisStore.ts';
import { forgetLinkInUrl, offerSharedExperiment } from '../sharedLink.ts';
import { useLabStore } from '../store.ts';
import { useSweepStore } from '../sweeps/sweepStore.ts';
import { lessonFileUrl, SHIPPED_LESSONS } from './lessonList.ts';

export interface LessonState {
  lesson: Lesson | null;
  /** Its place in SHIPPED_LESSONS, or null for a lesson from a file or a link. */
  shippedIndex: number | null;
}

export const useLessonStore = create<LessonState>()(() => ({ lesson: null, shippedIndex: null }));

/** Shows the lesson's text and turns the lab to its panel (its experiment is already loaded or loading). */
export function showLesson(lesson: Lesson, shippedIndex: number | null = null): void {
  useLessonStore.setState({ lesson, shippedIndex });
  const iris = useIrisStore.getState();
  if (lesson.panel === 'iris') {
    iris.setView('iris');
    return;
  }
  if (iris.view !== 'lab') iris.setView('lab');
  if (lesson.panel !== 'traces') {
    useSweepStore.getState().setTopTab(lesson.panel);
    // The panel starts closed (plots first): the lesson's panel must show as well as be chosen.
    usePanelLayout.getState().setOpen(true);
  }
}

/** Opens the lesson: its experiment replaces the current one (an undoable step, as the gallery's do). */
export function openLesson(lesson: Lesson, shippedIndex: number | null = null): void {
  const lab = useLabStore.getState();
  if (lab.lastError && (lab.lastError.context === 'open' || lab.lastError.context === 'load')) lab.dismissError();
  lab.loadExperiment(lesson.experiment, `open lesson \u201c${lesson.title}\u201d`);
  showLesson(lesson, shippedIndex);
}

export function leaveLesson(): void {
  useLessonStore.setState({ lesson: null, shippedIndex: null });
}

/** Fetches a shipped lesson and opens it; a problem goes to the error banner and changes nothing. */
export async function openShippedLesson(index: number): Promise<void> {
  const entry = SHIPPED_LESSONS[index];
  if (!entry) return;
  let text: string;
  try {
    const response = await fetch(lessonFileUrl(entry.id));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    text = await response.text();
  } catch (error) {
    useLabStore.getState().showError('open', `The lesson \u201c${entry.title}\u201d could not be fetched: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const parsed = parseLessonJson(text);
  if (!parsed.ok) {
    useLabStore.getState().showError('open', errorMessage(`Could not open the lesson \u201c${entry.title}\u201d:`, parsed.errors));
    return;
  }
  openLesson(parsed.lesson, index);
}

/** Reads a lesson file a person picked; true when it opened. */
export async function openLessonFile(file: File): Promise<boolean> {
  const bytes = await readPickedFile(file);
  const text = bytes.ok ? decodeTextFile(bytes.value, file.name, 'a JSON lesson') : bytes;
  if (!text.ok) {
    useLabStore.getState().showError('open', text.message);
    return false;
  }
  const parsed = parseLessonJson(text.value);
  if (!parsed.ok) {
    useLabStore.getState().showError('open', errorMessage(`Could not open ${file.name}:`, parsed.errors));
    return false;
  }
  openLesson(parsed.lesson);
  return true;
}

/**
 * A lesson link (`#lesson=<code>`): decoded through the validator, then offered as a shared
 * experiment is (asking first when it would replace unsaved work); its text shows once it opens.
 */
export async function openLessonLink(code: string): Promise<void> {
  const decoded = await decodeLesson(code);
  if (!decoded.ok) {
    useLabStore.getState().showError('open', errorMessage('The lesson link could not be opened:', decoded.errors));
    return;
  }
  const lesson = decoded.lesson;
  offerSharedExperiment(lesson.experiment, () => showLesson(lesson));
}

/** Watches the address bar for lesson links pasted into the open lab. Returns a function that stops it. */
export function watchLessonLinks(): () => void {
  const listener = (): void => {
    const code = codeFromHash(window.location.hash, LESSON_KEY);
    if (code === null) return;
    forgetLinkInUrl();
    void openLessonLink(code);
  };
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}
