/**
 * The traces as CSV: `time_ms`, then one column per watched neuron and variable, named
 * `<neuron id> <variable> (<unit>)` as the plots label the variable: `E0 v (mV)`, `E0 I_in (pA)`,
 * `E0 g (nS)`, `E0 I_syn (pA)`; the recovery variable u is in the input's units (dv/dt = ... - u + I) and
 * is labelled `E0 u`, as the plots label it.
 * One row per recorded sample the page holds (the last MAX_WINDOW_MS or more); a sample a series was
 * not recorded for (it was added to the watch later) is an empty cell.
 */
import Papa from 'papaparse';
import type { TraceVariable } from '../../core/experiment/types.ts';
import { formatTime } from '../../core/io/spikesCsv.ts';
import { seriesKey, type TraceRing } from '../liveData.ts';
import { VARIABLE_LABELS } from '../plotTheme.ts';

export const TRACES_TIME_COLUMN = 'time_ms';

export function traceColumnName(neuron: string, variable: TraceVariable): string {
  return `${neuron} ${VARIABLE_LABELS[variable]}`;
}

/** A float32 sample printed with the digits it holds (-65.12346, not -65.12345886230469). */
function formatValue(value: number): string {
  return Number.isNaN(value) ? '' : String(Number(value.toPrecision(7)));
}

/** The CSV text of the samples in `ring` for the watched neurons and variables (those it holds). */
export function tracesToCsv(ring: TraceRing, neurons: readonly string[], variables: readonly TraceVariable[]): string {
  const columns = neurons.flatMap((neuron) =>
    variables.flatMap((variable) => {
      const series = ring.series.get(seriesKey(neuron, variable));
      return series ? [{ name: traceColumnName(neuron, variable), values: series.values }] : [];
    }),
  );
  const rows: string[][] = [];
  for (let k = 0; k < ring.length; k++) {
    const slot = ring.at(k);
    const row = [formatTime(ring.times[slot])];
    for (const c of columns) row.push(formatValue(c.values[slot]));
    rows.push(row);
  }
  return Papa.unparse({ fields: [TRACES_TIME_COLUMN, ...columns.map((c) => c.name)], data: rows }, { newline: '\n' });
}
