import * as d3 from 'd3';
import { useEffect, useId, useMemo, useRef } from 'react';
import { ScatterExport } from '../export/plotExports.tsx';
import { useElementSize } from '../hooks.ts';
import { classColor, classTint, className } from './colors.ts';
import { useIrisStore } from './irisStore.ts';

const MARGIN = { left: 44, right: 12, top: 10, bottom: 34 };

/** Samples over two chosen features, coloured by class; rings mark test rows, crosses misclassified ones; the decision map underneath. */
export function ScatterPanel() {
  const dataset = useIrisStore((s) => s.dataset);
  const result = useIrisStore((s) => s.result);
  const split = useIrisStore((s) => s.split);
  const fx = useIrisStore((s) => s.fx);
  const fy = useIrisStore((s) => s.fy);
  const map = useIrisStore((s) => s.map);
  const mapProgress = useIrisStore((s) => s.mapProgress);
  const selected = useIrisStore((s) => s.selected);
  const highlighted = useHighlighted();
  const { setFeatures, present } = useIrisStore.getState();
  const boxRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(boxRef);
  const id = useId();

  const width = Math.max(size.width, 200);
  const height = Math.max(size.height, 160);
  const features = dataset?.featureNames.length ?? 0;

  const scales = useMemo(() => {
    if (!dataset) return null;
    const col = (f: number) => Array.from({ length: dataset.rows }, (_, r) => dataset.X[r * features + f]);
    const pad = (ext: [number, number]): [number, number] => {
      const span = ext[1] - ext[0] || 1;
      return [ext[0] - 0.05 * span, ext[1] + 0.05 * span];
    };
    const xd = map && map.fx === fx && map.fy === fy ? map.xDomain : pad(d3.extent(col(fx)) as [number, number]);
    const yd = map && map.fx === fx && map.fy === fy ? map.yDomain : pad(d3.extent(col(fy)) as [number, number]);
    return {
      x: d3.scaleLinear().domain(xd).range([MARGIN.left, width - MARGIN.right]),
      y: d3.scaleLinear().domain(yd).range([height - MARGIN.bottom, MARGIN.top]),
    };
  }, [dataset, features, fx, fy, map, width, height]);

  const mapUrl = useMemo(() => {
    if (!map || typeof document === 'undefined') return null;
    const n = map.resolution;
    const canvas = document.createElement('canvas');
    canvas.width = n;
    canvas.height = n;
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        ctx.fillStyle = classTint(map.grid[j * n + i]);
        ctx.fillRect(i, n - 1 - j, 1, 1);
      }
    }
    return canvas.toDataURL();
  }, [map]);

  const xAxisRef = useRef<SVGGElement>(null);
  const yAxisRef = useRef<SVGGElement>(null);
  useEffect(() => {
    if (!scales || !xAxisRef.current || !yAxisRef.current) return;
    d3.select(xAxisRef.current).call(d3.axisBottom(scales.x).ticks(Math.max(2, Math.floor(width / 70))));
    d3.select(yAxisRef.current).call(d3.axisLeft(scales.y).ticks(Math.max(2, Math.floor(height / 45))));
  }, [scales, width, height]);

  const testSet = useMemo(() => new Set(split?.test ?? []), [split]);
  const showMap = map !== null && map.fx === fx && map.fy === fy && mapUrl !== null && scales !== null;

  return (
    <section className="panel iris-scatter" aria-labelledby={`${id}-title`}>
      <div className="panel-header">
        <h2 id={`${id}-title`}>Samples</h2>
        {dataset ? (
          <div className="iris-axes">
            <label className="field inline">
              x
              <select data-testid="feature-x" value={fx} onChange={(e) => setFeatures(Number(e.target.value), fy)}>
                {dataset.featureNames.map((f, k) => (
                  <option key={f} value={k}>
                    {f}
                  </option>
                ))}
              </select>
            </label>
            <label className="field inline">
              y
              <select data-testid="feature-y" value={fy} onChange={(e) => setFeatures(fx, Number(e.target.value))}>
                {dataset.featureNames.map((f, k) => (
                  <option key={f} value={k}>
                    {f}
                  </option>
                ))}
              </select>
            </label>
          </div>
        ) : null}
        {mapProgress !== null ? (
          <span className="muted" data-testid="map-progress">
            decision map {Math.round(100 * mapProgress)}%
          </span>
        ) : null}
        {dataset ? <ScatterExport /> : null}
      </div>
      <div className="iris-legend" aria-hidden="true">
        {dataset?.classNames.map((c, k) => (
          <span key={c}>
            <i className="swatch dot" style={{ background: classColor(k) }} /> {c}
          </span>
        ))}
        <span>
          <svg width="12" height="12" viewBox="-6 -6 12 12">
            <circle r="4.5" fill="none" stroke="#1d2330" strokeWidth="1.5" />
          </svg>{' '}
          test
        </span>
        <span>
          <svg width="12" height="12" viewBox="-6 -6 12 12">
            <path d="M-4,-4L4,4M-4,4L4,-4" stroke="#c0182a" strokeWidth="2" />
          </svg>{' '}
          misclassified
        </span>
        {showMap ? <span>shading: the network's answer (other features at their means)</span> : null}
      </div>
      <div className="iris-scatter-box" ref={boxRef}>
        {dataset && scales ? (
          <svg
            width={width}
            height={height}
            role="img"
            aria-label={`Scatter plot of ${dataset.rows} samples: ${dataset.featureNames[fx]} against ${dataset.featureNames[fy]}`}
            data-testid="scatter"
            data-map={showMap ? 'drawn' : 'none'}
          >
            {showMap ? (
              <image
                href={mapUrl}
                x={scales.x.range()[0]}
                y={scales.y.range()[1]}
                width={scales.x.range()[1] - scales.x.range()[0]}
                height={scales.y.range()[0] - scales.y.range()[1]}
                preserveAspectRatio="none"
                style={{ imageRendering: 'pixelated' }}
                data-testid="decision-map"
              />
            ) : null}
            <g ref={xAxisRef} transform={`translate(0,${height - MARGIN.bottom})`} />
            <g ref={yAxisRef} transform={`translate(${MARGIN.left},0)`} />
            <text className="axis-title" x={(MARGIN.left + width - MARGIN.right) / 2} y={height - 4} textAnchor="middle">
              {dataset.featureNames[fx]}
            </text>
            <text className="axis-title" transform={`translate(11,${(MARGIN.top + height - MARGIN.bottom) / 2}) rotate(-90)`} textAnchor="middle">
              {dataset.featureNames[fy]}
            </text>
            <g>
              {Array.from({ length: dataset.rows }, (_, r) => {
                const cx = scales.x(dataset.X[r * features + fx]);
                const cy = scales.y(dataset.X[r * features + fy]);
                const isTest = testSet.has(r);
                const predicted = result?.predictions[r];
                const wrong = predicted !== undefined && predicted !== dataset.y[r];
                const dim = highlighted !== null && !highlighted.has(r);
                return (
                  <g
                    key={r}
                    transform={`translate(${cx},${cy})`}
                    className={`iris-point${dim ? ' is-dim' : ''}${selected === r ? ' is-selected' : ''}`}
                    data-row={r}
                    onClick={() => present(r)}
                  >
                    <title>{`#${r + 1} ${dataset.classNames[dataset.y[r]]}${predicted !== undefined ? `, predicted ${className(dataset.classNames, predicted)}` : ''}${isTest ? ' (test)' : ''}`}</title>
                    {selected === r ? <circle r={9} className="iris-selected-ring" /> : null}
                    <circle r={isTest ? 5 : 3.6} fill={classColor(dataset.y[r])} stroke={isTest ? '#1d2330' : 'white'} strokeWidth={isTest ? 1.6 : 0.6} />
                    {wrong ? <path d="M-4.5,-4.5L4.5,4.5M-4.5,4.5L4.5,-4.5" stroke="#c0182a" strokeWidth={2} /> : null}
                  </g>
                );
              })}
            </g>
          </svg>
        ) : (
          <p className="plot-empty">Load a data set.</p>
        )}
      </div>
    </section>
  );
}

/** Rows selected by a confusion-matrix cell, or null for none. */
export function useHighlighted(): Set<number> | null {
  const cell = useIrisStore((s) => s.cell);
  const result = useIrisStore((s) => s.result);
  const dataset = useIrisStore((s) => s.dataset);
  return useMemo(() => {
    if (!cell || !result || !dataset) return null;
    const classes = dataset.classNames.length;
    const rows = new Set<number>();
    for (const r of result.test) {
      const p = result.predictions[r];
      const col = p < 0 ? classes : p;
      if (dataset.y[r] === cell.t && col === cell.p) rows.add(r);
    }
    return rows;
  }, [cell, result, dataset]);
}
