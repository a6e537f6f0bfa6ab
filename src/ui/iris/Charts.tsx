import * as d3 from 'd3';
import { useEffect, useId, useRef } from 'react';
import { ConfusionExport } from '../export/plotExports.tsx';
import { classColor, className } from './colors.ts';
import { useIrisStore } from './irisStore.ts';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Progress bar and the final accuracies. */
export function TrainingStatus() {
  const job = useIrisStore((s) => s.job);
  const progress = useIrisStore((s) => s.progress);
  const jobsStarted = useIrisStore((s) => s.jobsStarted);
  const fold = useIrisStore((s) => s.fold);
  const result = useIrisStore((s) => s.result);
  const curve = useIrisStore((s) => s.curve);
  const settingsFolds = useIrisStore((s) => s.settings.folds);
  const last = curve[curve.length - 1];
  const percent = Math.round(100 * progress);
  const label = job ? (job.kind === 'crossValidate' ? `Cross-validating, fold ${fold ?? 1} of ${settingsFolds}` : 'Training') : result?.cancelled ? 'Cancelled' : progress >= 1 ? 'Done' : 'Not trained';
  return (
    <section className="panel iris-status" aria-label="Training progress">
      <div className="iris-progress-row">
        <span>{label}</span>
        <span className="muted">{last ? `epoch ${last.epoch}` : ''}</span>
        <span data-testid="progress-text">{percent}%</span>
      </div>
      <div className="iris-progress" role="progressbar" aria-label="Training progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-testid="train-progress" data-value={progress} data-job={jobsStarted}>
        <div className="iris-progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <dl className="iris-metrics">
        <div>
          <dt>Train accuracy</dt>
          <dd data-testid="train-accuracy" data-value={result?.trainAccuracy ?? last?.trainAccuracy ?? ''}>
            {result ? pct(result.trainAccuracy) : last ? pct(last.trainAccuracy) : '\u2013'}
          </dd>
        </div>
        <div>
          <dt>Test accuracy</dt>
          <dd data-testid="test-accuracy" data-value={result?.testAccuracy ?? ''}>
            {result ? pct(result.testAccuracy) : last ? pct(last.testAccuracy) : '\u2013'}
          </dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd data-testid="train-seconds">{result ? `${result.seconds.toFixed(2)} s` : '\u2013'}</dd>
        </div>
      </dl>
    </section>
  );
}

/** Accuracy (train, test) and loss per epoch. */
export function Curves() {
  const curve = useIrisStore((s) => s.curve);
  const epochs = useIrisStore((s) => s.settings.epochs);
  const ref = useRef<SVGSVGElement>(null);
  const id = useId();
  const width = 300;
  const height = 130;
  useEffect(() => {
    const svg = d3.select(ref.current);
    svg.selectAll('*').remove();
    const m = { left: 40, right: 34, top: 8, bottom: 22 };
    const x = d3.scaleLinear().domain([1, Math.max(2, epochs, curve.length)]).range([m.left, width - m.right]);
    const y = d3.scaleLinear().domain([0, 1]).range([height - m.bottom, m.top]);
    const maxLoss = d3.max(curve, (d) => d.loss) ?? 1;
    const yLoss = d3.scaleLinear().domain([0, Math.max(maxLoss, 0.1)]).nice().range([height - m.bottom, m.top]);
    svg.append('g').attr('transform', `translate(0,${height - m.bottom})`).call(d3.axisBottom(x).ticks(Math.min(8, epochs)).tickFormat(d3.format('d')));
    svg.append('g').attr('transform', `translate(${m.left},0)`).call(d3.axisLeft(y).ticks(4).tickFormat(d3.format('.0%')));
    svg.append('g').attr('transform', `translate(${width - m.right},0)`).call(d3.axisRight(yLoss).ticks(4));
    const line = (acc: (d: (typeof curve)[number]) => number, scale: d3.ScaleLinear<number, number>) =>
      d3
        .line<(typeof curve)[number]>()
        .x((d) => x(d.epoch))
        .y((d) => scale(acc(d)));
    const series: [string, (d: (typeof curve)[number]) => number, d3.ScaleLinear<number, number>, string][] = [
      ['train', (d) => d.trainAccuracy, y, '#2458c6'],
      ['test', (d) => d.testAccuracy, y, '#d9480f'],
      ['loss', (d) => d.loss, yLoss, '#6b7280'],
    ];
    for (const [name, acc, scale, color] of series) {
      svg.append('path').datum(curve).attr('fill', 'none').attr('stroke', color).attr('stroke-width', 1.8).attr('stroke-dasharray', name === 'loss' ? '4 3' : null).attr('d', line(acc, scale));
      svg.append('g').selectAll('circle').data(curve).join('circle').attr('cx', (d) => x(d.epoch)).attr('cy', (d) => scale(acc(d))).attr('r', 2.2).attr('fill', color);
    }
  }, [curve, epochs]);
  return (
    <section className="panel iris-chart" aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>Accuracy and loss per epoch</h2>
      <div className="iris-legend" aria-hidden="true">
        <span><i className="swatch line" style={{ background: '#2458c6' }} /> train</span>
        <span><i className="swatch line" style={{ background: '#d9480f' }} /> test</span>
        <span><i className="swatch line" style={{ background: '#6b7280' }} /> loss (right axis)</span>
      </div>
      <svg ref={ref} viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={`Accuracy and loss over ${curve.length} epochs`} data-testid="curves" data-epochs={curve.length} />
    </section>
  );
}

/** The output weights, inputs x outputs, on a diverging colour scale (red excitatory, blue inhibitory). */
export function WeightHeatmap() {
  const weights = useIrisStore((s) => s.weights);
  const inputNames = useIrisStore((s) => s.inputNames);
  const outputNames = useIrisStore((s) => s.outputNames);
  const id = useId();
  if (!weights) {
    return (
      <section className="panel iris-chart" aria-labelledby={`${id}-t`}>
        <h2 id={`${id}-t`}>Weights</h2>
        <p className="muted">Train to see the weights learn.</p>
      </section>
    );
  }
  const { values, inputs, outputs } = weights;
  const limit = Math.max(0.5, d3.max(values, (w) => Math.abs(w)) ?? 1);
  const color = d3.scaleDiverging(d3.interpolateRdBu).domain([limit, 0, -limit]);
  const left = 74;
  const cell = Math.max(6, Math.min(16, Math.floor((300 - left) / Math.max(inputs, 1))));
  const rowH = 16;
  const width = left + cell * inputs + 4;
  const height = rowH * outputs + 18;
  return (
    <section className="panel iris-chart" aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>
        Weights <span className="muted">inputs &rarr; outputs, &plusmn;{limit.toFixed(1)}</span>
      </h2>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={`Weight matrix: ${inputs} inputs by ${outputs} outputs`} data-testid="weights-heatmap">
        {Array.from({ length: outputs }, (_, c) => (
          <g key={c}>
            <text x={left - 4} y={rowH * c + rowH / 2 + 4} textAnchor="end" className="heat-label">
              {outputNames[c] ?? `out ${c + 1}`}
            </text>
            {Array.from({ length: inputs }, (_, i) => (
              <rect key={i} x={left + i * cell} y={rowH * c} width={cell - 1} height={rowH - 1} fill={color(values[i * outputs + c])}>
                <title>{`${inputNames[i] ?? `input ${i + 1}`} \u2192 ${outputNames[c] ?? c}: ${values[i * outputs + c].toFixed(2)}`}</title>
              </rect>
            ))}
          </g>
        ))}
        <text x={4} y={height - 4} className="heat-label">
          {inputs} inputs, feature by feature (hover a cell for its name)
        </text>
      </svg>
    </section>
  );
}

/** Test-set confusion matrix; a cell's button selects its samples. */
export function ConfusionMatrix() {
  const result = useIrisStore((s) => s.result);
  const dataset = useIrisStore((s) => s.dataset);
  const cell = useIrisStore((s) => s.cell);
  const selectCell = useIrisStore((s) => s.selectCell);
  const id = useId();
  if (!result || !dataset) return null;
  const names = result.model.classNames;
  const counts = result.confusion;
  const noAnswers = counts.some((row) => row[names.length] > 0);
  const cols = noAnswers ? names.length + 1 : names.length;
  const max = Math.max(1, ...counts.flat());
  return (
    <section className="panel iris-chart" aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>
        Confusion (test) <span className="muted">rows true, columns predicted</span>
      </h2>
      <ConfusionExport />
      <table className="confusion" data-testid="confusion">
        <thead>
          <tr>
            <td />
            {Array.from({ length: cols }, (_, p) => (
              <th scope="col" key={p}>
                {className(names, p < names.length ? p : -1)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {counts.map((row, t) => (
            <tr key={t}>
              <th scope="row">{names[t]}</th>
              {row.slice(0, cols).map((n, p) => {
                const on = cell?.t === t && cell.p === p;
                const diagonal = t === p;
                const shade = n === 0 ? 'transparent' : d3.interpolateRgb('#ffffff', diagonal ? '#3b7a3b' : '#c0392b')(0.15 + (0.85 * n) / max);
                return (
                  <td key={p}>
                    <button
                      type="button"
                      className={`confusion-cell${on ? ' is-on' : ''}`}
                      style={{ background: shade, color: n / max > 0.55 ? '#fff' : 'var(--text)' }}
                      aria-pressed={on}
                      aria-label={`${n} ${names[t]} predicted ${className(names, p < names.length ? p : -1)}`}
                      data-testid={`confusion-${t}-${p}`}
                      onClick={() => selectCell({ t, p })}
                    >
                      {n}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The presented sample: output spike counts, margin, predicted and true class. */
export function OutputBars() {
  const classified = useIrisStore((s) => s.classified);
  const selected = useIrisStore((s) => s.selected);
  const dataset = useIrisStore((s) => s.dataset);
  const result = useIrisStore((s) => s.result);
  const setView = useIrisStore((s) => s.setView);
  const id = useId();
  const names = result?.model.classNames ?? dataset?.classNames ?? [];
  const body = (() => {
    if (!result) return <p className="muted">Train, then click a sample to present it to the network.</p>;
    if (selected === null) return <p className="muted">Click a point or a table row to present that flower to the network.</p>;
    if (!classified || classified.sampleIndex !== selected) return <p className="muted">Presenting sample {selected + 1}...</p>;
    const counts = Array.from(classified.counts);
    const max = Math.max(1, ...counts);
    const width = 300;
    const barH = 18;
    const left = 78;
    const height = barH * counts.length + 6;
    const x = d3.scaleLinear().domain([0, max]).range([0, width - left - 34]);
    const right = classified.answer === classified.truth;
    return (
      <>
        <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={`Output spike counts: ${counts.map((n, c) => `${names[c]} ${n}`).join(', ')}`} data-testid="output-bars" data-counts={counts.join(',')}>
          {counts.map((n, c) => (
            <g key={c} transform={`translate(0,${c * barH + 3})`}>
              <text x={left - 6} y={barH / 2 + 3} textAnchor="end" className="heat-label">
                {names[c]}
              </text>
              <rect x={left} y={1} width={Math.max(1, x(n))} height={barH - 4} fill={classColor(c)} opacity={c === classified.answer ? 1 : 0.55} />
              <text x={left + x(n) + 4} y={barH / 2 + 3} className="heat-label">
                {n}
              </text>
            </g>
          ))}
        </svg>
        <p className="iris-prediction">
          Predicted{' '}
          <strong data-testid="prediction" data-value={classified.answer} className={right ? 'is-right' : 'is-wrong'}>
            {className(names, classified.answer)}
          </strong>
          , true <strong data-testid="truth">{names[classified.truth]}</strong>
          {right ? ' \u2713' : ' \u2717'} &middot; margin <span data-testid="margin">{classified.margin}</span> spike{classified.margin === 1 ? '' : 's'}
          {classified.decidedBy === 'first-spike' ? ' (tie broken by the first spike)' : ''}
        </p>
        <button type="button" className="btn btn-small" data-testid="show-in-lab" onClick={() => setView('lab')}>
          Watch it in the lab (raster and traces)
        </button>
      </>
    );
  })();
  return (
    <section className="panel iris-chart" aria-labelledby={`${id}-t`} data-testid="output-panel">
      <h2 id={`${id}-t`}>
        Output spikes{selected !== null ? <span className="muted"> &middot; sample {selected + 1}, 200 ms</span> : null}
      </h2>
      {body}
    </section>
  );
}
