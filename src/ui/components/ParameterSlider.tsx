import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { plotFrames } from '../dragFrames.ts';
import { createFrameCoalescer, type FrameCoalescer } from '../frameCoalescer.ts';
import { formatValue, parseNumber, roundToStep } from '../format.ts';

/** Where a parameter's slider runs, and how it is described. */
export interface SliderRange {
  min: number;
  max: number;
  step: number;
  unit?: string;
  description: string;
  /** Shown instead of the parameter's name (e.g. "A+" for aPlus). */
  label?: string;
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

/**
 * A labelled range slider with a number box beside it; typed values are validated before they apply.
 * A refused value stays in the box, marked, with the reason beside it, while the experiment keeps its
 * last good value; typing again, Escape, the slider or a change from elsewhere (undo) clear it.
 * A drag applies at most one value per animation frame (the latest; during a pointer drag, per plot
 * frame: src/ui/dragFrames.ts), and the released value at once.
 */
export function ParameterSlider(props: ParameterSliderProps) {
  const { label, description, unit, min, max, step, value, unsetText, onChange, testId, disabled } = props;
  const id = useId();
  /** Text typed (or typed and refused) while the parameter had the value `over`; shown until either changes. */
  const [draft, setDraft] = useState<{ text: string; over: number | undefined; message: string | null } | null>(null);
  const [slideMessage, setSlideMessage] = useState<string | null>(null);
  /** The slider's latest value while it waits for its frame to be applied (shown meanwhile). */
  const [sliding, setSliding] = useState<number | null>(null);
  const latestOnChange = useRef(onChange);
  useLayoutEffect(() => {
    latestOnChange.current = onChange;
  });
  // During a pointer drag the traces draw in every other frame (the raster in every fourth of them); the
  // value applies in the traces' frames too (the network's answer shows no sooner), so the frames between
  // carry only the thumb and the number.
  const [slides] = useState<FrameCoalescer<number>>(() =>
    createFrameCoalescer<number>(
      (n) => {
        setSlideMessage(latestOnChange.current(n));
        setSliding((s) => (s === n ? null : s));
      },
      undefined,
      (stamp) => plotFrames.draws(stamp),
    ),
  );
  // A value still waiting when the slider goes away (another neuron selected) is applied, not lost.
  useEffect(() => () => slides.flush(), [slides]);

  const current = draft !== null && draft.over === value ? draft : null;
  const message = current ? current.message : slideMessage;
  const effective = sliding ?? value;
  const shown = current?.text ?? (effective === undefined ? '' : formatValue(effective));
  const sliderValue = effective === undefined ? max : Math.min(max, Math.max(min, effective));
  const outOfRange = value !== undefined && (value < min || value > max);
  const kept = value === undefined ? `${label} stays unset` : `${label} stays ${formatValue(value)}${unit ? ` ${unit}` : ''}`;

  const commitText = (): void => {
    if (current === null || current.message !== null) return; // nothing typed, or already refused as it stands
    const parsed = parseNumber(current.text);
    const refuse = (why: string) => setDraft({ ...current, message: `${why}; ${kept}.` });
    if (parsed === null) {
      refuse(current.text.trim() === '' ? 'Enter a number' : `"${current.text.trim()}" is not a number`);
      return;
    }
    if (parsed === value) {
      setDraft(null);
      return;
    }
    const problem = onChange(parsed);
    if (problem) refuse(problem);
    else setDraft(null);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      commitText();
    } else if (e.key === 'Escape') {
      setDraft(null);
      setSlideMessage(null);
    }
  };

  const onSlide = (raw: string): void => {
    const n = Number(raw);
    if (!Number.isFinite(n)) return;
    const next = roundToStep(n, step);
    setDraft(null);
    setSliding(next);
    slides.push(next);
  };
  const flushSlide = (): void => slides.flush();

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
        onPointerUp={flushSlide}
        onKeyUp={flushSlide}
        onBlur={flushSlide}
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
        onChange={(e) => {
          setDraft({ text: e.currentTarget.value, over: value, message: null });
          setSlideMessage(null);
        }}
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

/** One slider per parameter of `ranges`, in its order, each reading `values[param]` and reporting to `onChange`. */
export function ParameterSliders<P extends string>({ ranges, values, keyPrefix, onChange }: {
  ranges: Record<P, SliderRange>;
  values: Record<P, number>;
  /** Part of each slider's key, so a slider starts afresh for another neuron. */
  keyPrefix: string;
  /** Returns the reason a value is refused, or null (as ParameterSlider's onChange). */
  onChange: (param: P, value: number) => string | null;
}) {
  return (
    <div className="params">
      {(Object.keys(ranges) as P[]).map((param) => {
        const r = ranges[param];
        return (
          <ParameterSlider
            key={`${keyPrefix}-${param}`}
            label={r.label ?? param}
            unit={r.unit}
            description={r.description}
            min={r.min}
            max={r.max}
            step={r.step}
            value={values[param]}
            testId={`param-${param}`}
            onChange={(value) => onChange(param, value)}
          />
        );
      })}
    </div>
  );
}
