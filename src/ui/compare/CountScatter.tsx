import { useEffect, useRef } from 'react';
import * as d3 from 'd3';
import type { NeuronCounts } from '../../core/analysis/compareSpikes.ts';
import { COMPARE_COLORS } from './colors.ts';

const SIZE = 200;
const MARGIN = { left: 40, right: 10, top: 10, bottom: 34 } as const;
/** Points drawn at most: neurons with the same two counts share one point, so this is rarely reached. */
const MAX_POINTS = 5000;

interface Point {
  lab: number;
  other: number;
  neurons: string[];
  differs: boolean;
}

/** Neurons with equal (lab, other) counts as one point each, the differing ones apart from the same-count ones. */
function pointsOf(counts: readonly NeuronCounts[]): Point[] {
  const byKey = new Map<string, Point>();
  for (const c of counts) {
    const differs = c.matched < c.lab || c.matched < c.other;
    const key = `${c.lab},${c.other},${differs}`;
    const point = byKey.get(key);
    if (point) point.neurons.push(c.neuron);
    else if (byKey.size < MAX_POINTS) byKey.set(key, { lab: c.lab, other: c.other, neurons: [c.neuron], differs });
  }
  // The differing ones on top.
  return [...byKey.values()].sort((a, b) => Number(a.differs) - Number(b.differs));
}

function listed(names: string[]): string {
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}

/** Spikes per neuron, the lab's against the other run's: on the diagonal when they agree. */
export function CountScatter({ counts, otherName }: { counts: readonly NeuronCounts[]; otherName: string }) {
  const ref = useRef<SVGSVGElement>(null);

  useEffect(() => {
    const svgEl = ref.current;
    if (!svgEl) return;
    const points = pointsOf(counts);
    const top = Math.max(1, d3.max(points, (p) => Math.max(p.lab, p.other)) ?? 1);
    const x = d3.scaleLinear().domain([0, top]).nice().range([MARGIN.left, SIZE - MARGIN.right]);
    const y = d3.scaleLinear().domain(x.domain()).range([SIZE - MARGIN.bottom, MARGIN.top]);
    const svg = d3.select(svgEl);
    svg.selectAll('*').remove();
    svg.append('g').attr('transform', `translate(0,${SIZE - MARGIN.bottom})`).call(d3.axisBottom(x).ticks(4, 'd'));
    svg.append('g').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(4, 'd'));
    const [lo, hi] = x.domain();
    svg.append('line').attr('class', 'diagonal').attr('x1', x(lo)).attr('y1', y(lo)).attr('x2', x(hi)).attr('y2', y(hi));
    svg.append('g').selectAll('circle').data(points).join('circle')
      .attr('cx', (p) => x(p.lab))
      .attr('cy', (p) => y(p.other))
      .attr('r', (p) => (p.differs ? 4 : 3))
      .attr('fill', (p) => (p.differs ? COMPARE_COLORS.differs : COMPARE_COLORS.lab))
      .attr('fill-opacity', 0.75)
      .append('title')
      .text((p) => `${listed(p.neurons)}: lab ${p.lab}, other ${p.other}${p.differs ? ' (differs)' : ''}`);
    svg.append('text').attr('class', 'axis-label').attr('x', SIZE - MARGIN.right).attr('y', SIZE - 4).attr('text-anchor', 'end').text('lab spikes');
    // "file", as in the table beside it: a long file name would not fit along the axis.
    svg.append('text').attr('class', 'axis-label').attr('transform', `translate(10,${MARGIN.top}) rotate(-90)`).attr('text-anchor', 'end').text('file spikes');
  }, [counts, otherName]);

  return (
    <svg
      ref={ref}
      className="compare-scatter"
      width={SIZE}
      height={SIZE}
      viewBox={`0 0 ${SIZE} ${SIZE}`}
      role="img"
      aria-label={`Spikes per neuron: the lab's against ${otherName}'s; on the diagonal where they agree`}
      data-testid="compare-scatter"
    />
  );
}
