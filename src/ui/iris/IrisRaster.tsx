import * as d3 from 'd3';
import { useId, useMemo, useRef } from 'react';
import { useElementSize } from '../hooks.ts';
import { classColor } from './colors.ts';
import { useIrisStore, type Classified } from './irisStore.ts';
import { inputGroups, rasterLayout, type Layer, type RasterBand } from './rasterLayout.ts';

const MARGIN = { left: 86, right: 12, bottom: 30 };
const LAYER_COLORS: Record<Exclude<Layer, 'output'>, string> = { input: '#3d5a80', hidden: '#6d4c9f' };

/** One path per row colour: a tick per spike, a row high, at its time. */
function spikePaths(band: RasterBand, spikes: Classified | null, x: (t: number) => number): { color: string; d: string }[] {
  if (!spikes) return [];
  const rows = band.layer === 'output' ? band.count : 1;
  const paths = Array.from({ length: rows }, () => [] as string[]);
  const tick = Math.max(1.5, band.rowHeight - 1.5);
  for (let s = 0; s < spikes.spikeNeurons.length; s++) {
    const row = spikes.spikeNeurons[s] - band.first;
    if (row < 0 || row >= band.count) continue;
    const y = band.top + row * band.rowHeight + (band.rowHeight - tick) / 2;
    paths[band.layer === 'output' ? row : 0].push(`M${x(spikes.spikeTimes[s]).toFixed(1)},${y.toFixed(1)}v${tick.toFixed(1)}`);
  }
  return paths.map((d, k) => ({ color: band.layer === 'output' ? classColor(k) : LAYER_COLORS[band.layer], d: d.join('') }));
}

/**
 * The presented flower's spikes in the Iris network alone: the input, hidden and output layers as
 * labelled bands, over the presentation's own window (not the lab's running experiment).
 */
export function IrisRaster() {
  const result = useIrisStore((s) => s.result);
  const classified = useIrisStore((s) => s.classified);
  const selected = useIrisStore((s) => s.selected);
  const boxRef = useRef<HTMLDivElement>(null);
  const { width: boxWidth } = useElementSize(boxRef);
  const id = useId();

  const model = result?.model ?? null;
  // The spikes of the selected flower, from the network that answered for it.
  const shown = classified && classified.sampleIndex === selected ? classified : null;
  const sizes = shown?.layers ?? (model ? { inputs: model.encoder.inputCount, hidden: model.network.hidden, outputs: model.classNames.length } : null);
  const windowMs = shown?.window ?? model?.network.window ?? 0;

  const layout = useMemo(() => {
    if (!sizes || !model) return null;
    const groups = model.encoder.inputCount === sizes.inputs ? inputGroups(model.encoder.inputFeature, model.encoder.featureNames) : [];
    return rasterLayout(sizes, groups, model.classNames);
    // sizes is rebuilt on every render; its three numbers are what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the sizes' fields stand for sizes
  }, [model, sizes?.inputs, sizes?.hidden, sizes?.outputs]);

  const width = Math.max(boxWidth, 240);
  const x = d3.scaleLinear().domain([0, windowMs]).range([MARGIN.left, width - MARGIN.right]);
  const height = (layout?.height ?? 0) + MARGIN.bottom;
  const ticks = x.ticks(Math.max(2, Math.floor((width - MARGIN.left - MARGIN.right) / 60)));
  const note =
    !model ? 'Train, then click a flower to see its spikes.' : selected === null ? 'Click a flower (a point or a table row) to present it to the network.' : !shown ? `Presenting sample ${selected + 1}...` : null;

  return (
    <section className="panel iris-chart iris-raster" aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>
        Spikes of the network{shown ? <span className="muted"> &middot; sample {shown.sampleIndex + 1}, {windowMs} ms</span> : null}
      </h2>
      <div className="iris-raster-box" ref={boxRef}>
        {layout ? (
          <svg
            width={width}
            height={height}
            role="img"
            aria-label={
              shown
                ? `Raster of sample ${shown.sampleIndex + 1}: ${shown.spikeNeurons.length} spikes of ${layout.bands.map((b) => `${b.count} ${b.layer}`).join(', ')} neurons over ${windowMs} ms`
                : `Raster of the classifier network: ${layout.bands.map((b) => `${b.count} ${b.layer}`).join(', ')} neurons, no flower presented`
            }
            data-testid="iris-raster"
            data-spike-count={shown?.spikeNeurons.length ?? 0}
            data-sample={shown?.sampleIndex ?? ''}
            data-t0={x.domain()[0]}
            data-t1={x.domain()[1]}
          >
            {layout.bands.map((band) => (
              <g key={band.layer} className="iris-band" data-layer={band.layer} data-first={band.first} data-count={band.count} data-top={band.top} data-row-height={band.rowHeight}>
                <text className="iris-band-title" x={4} y={band.top - 5}>
                  {band.title}
                </text>
                <rect className="iris-band-frame" x={MARGIN.left} y={band.top} width={Math.max(0, width - MARGIN.left - MARGIN.right)} height={band.count * band.rowHeight} />
                {band.groups.map((g, k) => {
                  const top = band.top + (g.first - band.first) * band.rowHeight;
                  return (
                    <g key={`${g.label}-${g.first}`}>
                      <title>{`${g.label}: neuron${g.count > 1 ? `s ${g.first}\u2013${g.first + g.count - 1}` : ` ${g.first}`}`}</title>
                      {k > 0 ? <line className="iris-band-separator" x1={MARGIN.left} x2={width - MARGIN.right} y1={top} y2={top} /> : null}
                      <text className="iris-row-label" x={MARGIN.left - 5} y={top + (g.count * band.rowHeight) / 2} dy="0.35em" textAnchor="end">
                        {g.label.length > 14 ? `${g.label.slice(0, 13)}\u2026` : g.label}
                      </text>
                    </g>
                  );
                })}
                {spikePaths(band, shown, x).map((p, k) => (
                  <path key={k} d={p.d} stroke={p.color} strokeWidth={1.6} fill="none" />
                ))}
              </g>
            ))}
            <g className="iris-raster-axis" transform={`translate(0,${layout.height})`}>
              <line x1={MARGIN.left} x2={width - MARGIN.right} y1={0} y2={0} />
              {ticks.map((t) => (
                <g key={t} transform={`translate(${x(t)},0)`}>
                  <line y2={5} />
                  <text y={16} textAnchor="middle">
                    {t}
                  </text>
                </g>
              ))}
              <text x={MARGIN.left - 12} y={16} textAnchor="end" className="iris-axis-title">
                time (ms)
              </text>
            </g>
          </svg>
        ) : null}
        {note ? (
          <p className="muted iris-raster-note" data-testid="iris-raster-note">
            {note}
          </p>
        ) : null}
      </div>
    </section>
  );
}
