import type { ReactNode } from 'react';
import type { SweepJob } from './useSweepJob.ts';

interface NumberFieldProps {
  label: string;
  value: string;
  onChange(text: string): void;
  /** The message when what is typed is not accepted. */
  error: string | undefined;
  /** id of the element holding the error message (for aria-describedby). */
  errorId: string;
  testId: string;
  /** Width in characters. */
  size?: number;
  title?: string;
  disabled?: boolean;
}

/** A number typed as text: the panel reads it only when it is valid, and marks it while it is not. */
export function NumberField({ label, value, onChange, error, errorId, testId, size = 6, title, disabled }: NumberFieldProps) {
  return (
    <label className={`sw-field${error ? ' is-invalid' : ''}`} title={title}>
      <span>{label}</span>
      <input
        type="text"
        inputMode="decimal"
        spellCheck={false}
        autoComplete="off"
        size={size}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        data-testid={testId}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    </label>
  );
}

/** The form's problems, one line per field at fault; nothing is computed (`holds`) while there are any. */
export function FieldErrors({ id, messages, testId, holds = 'Nothing is computed until this is fixed.' }: { id: string; messages: string[]; testId: string; holds?: string }) {
  return (
    <div id={id} className="sw-errors" role="status" data-testid={testId}>
      {messages.length > 0 ? (
        <>
          {messages.map((m) => (
            <span key={m}>{m}</span>
          ))}
          <span className="muted">{holds}</span>
        </>
      ) : null}
    </div>
  );
}

/** Progress of the running job with Cancel, or what became of it (cancelled, failed) with a way to run it again. */
export function SweepStatus({ job, what, testId }: { job: SweepJob; what: string; testId: string }) {
  const { status } = job;
  let body: ReactNode = null;
  if (status.phase === 'waiting' || status.phase === 'running') {
    const fraction = status.phase === 'running' && status.total > 0 ? Math.min(1, status.done / status.total) : 0;
    const percent = Math.round(fraction * 100);
    body = (
      <>
        <div
          className="sw-progress"
          role="progressbar"
          aria-label={`Computing the ${what}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          data-testid={`${testId}-progress`}
        >
          <div className="sw-progress-fill" style={{ width: `${percent}%` }} />
        </div>
        <span className="sw-progress-text">{status.phase === 'waiting' ? 'Starting\u2026' : `${percent}%`}</span>
        <button type="button" className="btn btn-small" data-testid={`${testId}-cancel`} onClick={job.cancel}>
          Cancel
        </button>
      </>
    );
  } else if (status.phase === 'cancelled') {
    body = (
      <>
        <span className="muted">Cancelled.</span>
        <button type="button" className="btn btn-small" data-testid={`${testId}-retry`} onClick={job.retry}>
          Compute
        </button>
      </>
    );
  } else if (status.phase === 'failed') {
    body = (
      <>
        <span className="sw-failed" role="alert" data-testid={`${testId}-error`}>
          {status.message}
        </span>
        <button type="button" className="btn btn-small" data-testid={`${testId}-retry`} onClick={job.retry}>
          Try again
        </button>
      </>
    );
  }
  return (
    <div className="sw-status" data-testid={testId} data-phase={status.phase}>
      {body}
    </div>
  );
}
