import { useId, useState, type KeyboardEvent } from 'react';
import { formatValue, parseNumber, roundToStep } from '../format.ts';

/** Where a parameter's slider runs, and how it is described. */
export interface SliderRange {
  min: number;
  max: number;
  step: number;
  unit?: string;
  description: string;
}

export interface ParameterSliderProps {
  /** Visible label, e.g. "a" or "amplitude". */
  label: string;
  /** A longer description for screen readers and the tooltip. */
  description?: string;
  unit?: string;
  min: number;
  max: number;
  step: number;
  /** Absent for an optional parameter that is not set (then the box shows `unsetText`). */
  value: number | undefined;
  unsetText?: string;
  /** Applies a new value; returns why it cannot be applied, or null. */
  onChange: (value: number) => string | null;
  /** Prefix of data-testid: `${testId}` on the number box, `${testId}-slider` on the range. */
  testId?: string;
  disabled?: boolean;
}

/** A labelled range slider with a number box beside it; typed values are validated before they apply. */
export function ParameterSlider(props: ParameterSliderProps) {
  const { label, description, unit, min, max, step, value, unsetText, onChange, testId, disabled } = props;
  const id = useId();
  /** Text being typed; null shows the current value. */
  const [draft, setDraft] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const shown = draft ?? (value === undefined ? '' : formatValue(value));
  const sliderValue = value === undefined ? max : Math.min(max, Math.max(min, value));
  const outOfRange = value !== undefined && (value < min || value > max);

  const commitText = (): void => {
    if (draft === null) return;
    const parsed = parseNumber(draft);
    setDraft(null);
    if (parsed === null) {
      setMessage(
        draft.trim() === ''
          ? `Enter a number; kept ${value === undefined ? 'the old value' : formatValue(value)}.`
          : `"${draft.trim()}" is not a number; kept ${value === undefined ? 'the old value' : formatValue(value)}.`,
      );
      return;
    }
    if (parsed === value) {
      setMessage(null);
      return;
    }
    const problem = onChange(parsed);
    setMessage(problem ? `${problem}; kept ${value === undefined ? 'the old value' : formatValue(value)}.` : null);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      commitText();
    } else if (e.key === 'Escape') {
      setDraft(null);
      setMessage(null);
    }
  };

  const onSlide = (raw: string): void => {
    const n = Number(raw);
    if (!Number.isFinite(n)) return;
    const problem = onChange(roundToStep(n, step));
    setDraft(null);
    setMessage(problem);
  };

  return (
    <div className="param" title={description}>
      <label className="param-label" htmlFor={`${id}-num`}>
        {label}
        {unit ? <span className="param-unit"> ({unit})</span> : null}
      </label>
      <input
        id={`${id}-range`}
        className="param-range"
        type="range"
        min={min}
        max={max}
        step={step}
        value={sliderValue}
        disabled={disabled}
        aria-label={`${label} slider${unit ? ` (${unit})` : ''}`}
        aria-describedby={message ? `${id}-msg` : undefined}
        data-testid={testId ? `${testId}-slider` : undefined}
        onChange={(e) => onSlide(e.currentTarget.value)}
      />
      <input
        id={`${id}-num`}
        className={`param-number${message ? ' invalid' : ''}${outOfRange ? ' out-of-range' : ''}`}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={shown}
        placeholder={unsetText}
        disabled={disabled}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? `${id}-msg` : undefined}
        data-testid={testId}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={commitText}
        onKeyDown={onKeyDown}
      />
      {message ? (
        <p id={`${id}-msg`} className="param-message" role="status" data-testid={testId ? `${testId}-message` : undefined}>
          {message}
        </p>
      ) : null}
    </div>
  );
}
