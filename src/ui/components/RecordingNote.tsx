import { useRef, useState } from 'react';
import type { TraceVariable } from '../../core/experiment/types.ts';
import { formatSimTime } from '../format.ts';
import { useAnimationFrame } from '../hooks.ts';
import { liveData } from '../liveData.ts';
import { VARIABLE_LABELS } from '../plotTheme.ts';

/** A variable ticked after the run began, and the simulated time it was ticked at. */
export interface LateVariable {
  variable: TraceVariable;
  fromMs: number;
}

/**
 * The Worker records a variable only from when it is ticked, so one ticked mid-run draws an empty
 * chart until the run goes on: this says so beside the checkboxes, and goes once the run has moved
 * (the trace then starts) or was reset.
 */
export function RecordingNote({ late, onDone }: { late: LateVariable; onDone: () => void }) {
  const done = useRef(false);
  useAnimationFrame(() => {
    if (!done.current && liveData.clockTime !== late.fromMs) {
      done.current = true;
      onDone();
    }
  });
  return (
    <p className="note muted recording-note" role="status" data-testid="recording-note">
      {VARIABLE_LABELS[late.variable]} is recorded from {formatSimTime(late.fromMs)} on: run on to see its trace.
    </p>
  );
}

/** The note's state: set when a variable is ticked after t = 0, cleared when it is unticked. */
export function useLateVariable(): [LateVariable | null, (variable: TraceVariable, on: boolean) => void, () => void] {
  const [late, setLate] = useState<LateVariable | null>(null);
  const onToggle = (variable: TraceVariable, on: boolean) => {
    if (on && liveData.clockTime > 0) setLate({ variable, fromMs: liveData.clockTime });
    else if (!on && late?.variable === variable) setLate(null);
  };
  return [late, onToggle, () => setLate(null)];
}
