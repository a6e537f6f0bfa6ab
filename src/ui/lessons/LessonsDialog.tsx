import { useState } from 'react';
import { useFilePicker } from '../hooks.ts';
import { Modal } from '../components/Modal.tsx';
import { SHIPPED_LESSONS } from './lessonList.ts';
import { openLessonFile, openShippedLesson, useLessonStore } from './lessonStore.ts';

/** "Lessons": the shipped sequence and a teacher's own lesson file. */
export function LessonsButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn btn-small" data-testid="lessons" aria-haspopup="dialog" title="A short course: text beside prepared experiments, each with a question" onClick={() => setOpen(true)}>
        Lessons
      </button>
      {open ? <LessonsDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function LessonsDialog({ onClose }: { onClose: () => void }) {
  const current = useLessonStore((s) => s.shippedIndex);
  const [busy, setBusy] = useState(false);

  const open = async (index: number): Promise<void> => {
    setBusy(true);
    await openShippedLesson(index);
    setBusy(false);
    onClose();
  };

  const { reading, onPick } = useFilePicker(async (files) => {
    if (await openLessonFile(files[0])) onClose();
  });
  const disabled = busy || reading;

  return (
    <Modal title="Lessons" onClose={onClose} testId="lessons-dialog" className="lessons-dialog">
      <p className="muted">Each lesson is a page of text beside a prepared experiment, with a question to answer in the lab. Opening one replaces the experiment open now (Undo brings it back).</p>
      <ol className="lesson-list">
        {SHIPPED_LESSONS.map((entry, index) => (
          <li key={entry.id}>
            <button
              type="button"
              className={`btn lesson-open${current === index ? ' is-current' : ''}`}
              data-testid={`lesson-open-${entry.id}`}
              aria-current={current === index ? 'true' : undefined}
              disabled={disabled}
              {...(index === 0 ? { 'data-autofocus': true } : {})}
              onClick={() => void open(index)}
            >
              {entry.title}
            </button>
          </li>
        ))}
      </ol>
      <label className={`btn btn-small file-button${disabled ? ' is-disabled' : ''}`}>
        Open a lesson file{'\u2026'}
        <input type="file" accept=".json,application/json" className="visually-hidden" data-testid="open-lesson-file" disabled={disabled} onChange={onPick} />
      </label>
      <p className="note muted">A lesson file is an experiment with a title, text and a question: see docs/lesson-format.md.</p>
    </Modal>
  );
}
