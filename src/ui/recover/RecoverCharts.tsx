import * as d3 from 'd3';
import { useEffect, useId, useRef } from 'react';

const WIDTH = 320;
const HEIGHT = 240;
const MARGIN = { left: 46, right: 10, top: 10, bottom: 34 };

function Axes({ x, y, xLabel, yLabel }: { x: d3.ScaleLinear<number, number>; y: d3.ScaleLinear<number, number>; xLabel: string; yLabel: string }) {
  const bottom = HEIGHT - MARGIN.bottom;
  return (
    <g className="recover-axes">
      <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={bottom} y2={bottom} />
      <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={bottom} />
      {x.ticks(5).map((t) => (
        <g key={`x${t}`} transform={`translate(${x(t)},${bottom})`}>
          <line y2={4} />
          <text y={15} textAnchor="middle">
            {d3.format('~g')(t)}
          </text>
        </g>
      ))}
      {y.ticks(5).map((t) => (
        <g key={`y${t}`} transform={`translate(${MARGIN.left},${y(t)})`}>
          <line x2={-4} />
          <text x={-6} dy="0.32em" textAnchor="end">
            {d3.format('~g')(t)}
          </text>
        </g>
      ))}
      <text x={(MARGIN.left + WIDTH - MARGIN.right) / 2} y={HEIGHT - 4} textAnchor="middle" className="recover-axis-title">
        {xLabel}
      </text>
      <text transform={`translate(12,${(MARGIN.top + bottom) / 2}) rotate(-90)`} textAnchor="middle" className="recover-axis-title">
        {yLabel}
      </text>
    </g>
  );
}

/** True vs recovered weight of every ordered pair; true connections dark, absent ones light. */
export function WeightScatter(props: { truth: Float64Array; recovered: Float64Array; n: number; xLabel: string; yLabel: string; r: number; title: string; testId: string }) {
  const { truth, recovered, n } = props;
  const id = useId();
  const xs: number[] = [];
  const ys: number[] = [];
  const connected: boolean[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      xs.push(truth[i * n + j]);
      ys.push(recovered[i * n + j]);
      connected.push(truth[i * n + j] !== 0);
    }
  }
  const extent = (values: number[]) => {
    const [lo, hi] = d3.extent(values) as [number | undefined, number | undefined];
    const a = Math.min(0, lo ?? 0);
    const b = Math.max(0, hi ?? 1);
    return a === b ? [a - 1, b + 1] : [a, b];
  };
  const x = d3.scaleLinear().domain(extent(xs)).nice().range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = d3.scaleLinear().domain(extent(ys)).nice().range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  return (
    <section className="panel recover-chart" aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>
        {props.title} <span className="muted">r = {Number.isFinite(props.r) ? props.r.toFixed(4) : '\u2013'} over true connections</span>
      </h2>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={`${props.title}: ${props.yLabel} against ${props.xLabel}`} data-testid={props.testId} data-points={xs.length}>
        <Axes x={x} y={y} xLabel={props.xLabel} yLabel={props.yLabel} />
        {xs.map((value, k) =>
          connected[k] ? null : <circle key={k} cx={x(value)} cy={y(ys[k])} r={1.6} className="recover-dot absent" />,
        )}
        {xs.map((value, k) =>
          connected[k] ? <circle key={k} cx={x(value)} cy={y(ys[k])} r={2.2} className="recover-dot present" /> : null,
        )}
      </svg>
    </section>
  );
}

/** ROC curves of both estimators for "is there a connection". */
export function RocChart(props: { curves: { label: string; fpr: Float64Array; tpr: Float64Array; auc: number; className: string }[] }) {
  const id = useId();
  const x = d3.scaleLinear().domain([0, 1]).range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = d3.scaleLinear().domain([0, 1]).range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const line = (fpr: Float64Array, tpr: Float64Array) => d3.line<number>().x((k) => x(fpr[k])).y((k) => y(tpr[k]))(Array.from(fpr, (_, k) => k)) ?? '';
  return (
    <section className="panel recover-chart" aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>ROC: is there a connection?</h2>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label="ROC curves of the two estimators" data-testid="recover-roc">
        <Axes x={x} y={y} xLabel="false positive rate" yLabel="true positive rate" />
        <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} className="recover-chance" />
        {props.curves.map((c, k) => (
          <g key={c.label}>
            <path d={line(c.fpr, c.tpr)} className={`recover-roc ${c.className}`} />
            <text x={x(0.97)} y={y(0.08 + 0.1 * k)} textAnchor="end" className={`recover-legend ${c.className}`}>
              {c.label}: AUC {c.auc.toFixed(4)}
            </text>
          </g>
        ))}
      </svg>
    </section>
  );
}

/** An n x n matrix on a canvas, post by row and pre by column, in a diverging scale around 0. */
export function Heatmap(props: { values: Float64Array; n: number; title: string; testId: string; limit?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { values, n } = props;
  let limit = props.limit ?? 0;
  if (props.limit === undefined) for (let k = 0; k < values.length; k++) limit = Math.max(limit, Math.abs(values[k]));
  if (!(limit > 0)) limit = 1;
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const color = d3.scaleDiverging(d3.interpolateRdBu).domain([limit, 0, -limit]).clamp(true);
    const image = context.createImageData(n, n);
    for (let k = 0; k < n * n; k++) {
      const rgb = d3.rgb(Math.floor(k / n) === k % n ? '#999' : color(values[k]));
      image.data[4 * k] = rgb.r;
      image.data[4 * k + 1] = rgb.g;
      image.data[4 * k + 2] = rgb.b;
      image.data[4 * k + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }, [values, n, limit]);
  return (
    <figure className="recover-heatmap">
      <canvas ref={canvas} width={n} height={n} data-testid={props.testId} role="img" aria-label={`${props.title}: ${n} by ${n}, post by row, pre by column`} />
      <figcaption>
        {props.title} <span className="muted">&plusmn;{d3.format('.3~g')(limit)}</span>
      </figcaption>
    </figure>
  );
}
