import { describe, expect, it } from 'vitest';
import { escapeXml, figureFileName, ITEM_GAP, layoutFigure, layoutLegend, LEGEND_ROW_PX, wrapText } from './figureLayout.ts';

describe('figure layout', () => {
  it('wraps legend items to a new row when the next would pass the width', () => {
    const { places, height } = layoutLegend([100, 100, 100, 50], 260);
    expect(places).toEqual([
      { x: 0, y: 0 },
      { x: 100 + ITEM_GAP, y: 0 },
      { x: 0, y: LEGEND_ROW_PX },
      { x: 100 + ITEM_GAP, y: LEGEND_ROW_PX },
    ]);
    expect(height).toBe(2 * LEGEND_ROW_PX);
    // An item wider than the figure still gets its own row, not an endless loop.
    expect(layoutLegend([500, 500], 200).places.map((p) => p.y)).toEqual([0, LEGEND_ROW_PX]);
    expect(layoutLegend([], 200).height).toBe(0);
  });

  it('stacks the plots under the title and notes, the legend under the plots', () => {
    const boxes = layoutFigure([{ width: 600, height: 200 }, { width: 500, height: 100 }], 2, 1, 40);
    expect(boxes.width).toBe(600);
    expect(boxes.titleYs).toHaveLength(2);
    expect(boxes.noteYs).toHaveLength(1);
    expect(boxes.noteYs[0]).toBeGreaterThan(boxes.titleYs[1]);
    expect(boxes.partYs[0]).toBeGreaterThan(boxes.noteYs[0]);
    expect(boxes.partYs[1]).toBe(boxes.partYs[0] + 200);
    expect(boxes.legendY).toBeGreaterThanOrEqual(boxes.partYs[1] + 100);
    expect(boxes.height).toBeGreaterThanOrEqual(boxes.legendY + 40);
  });

  it('wraps text at word breaks to the width, a long word on its own line', () => {
    // 10 px per character.
    const measure = (line: string) => line.length * 10;
    expect(wrapText('one two three four', 90, measure)).toEqual(['one two', 'three', 'four']);
    expect(wrapText('  a   b ', 100, measure)).toEqual(['a b']);
    expect(wrapText('supercalifragilistic x', 50, measure)).toEqual(['supercalifragilistic', 'x']);
    expect(wrapText('', 50, measure)).toEqual([]);
  });

  it('escapes text for XML and names files after the experiment and the plot', () => {
    expect(escapeXml('a < b & "c" \'d\' >')).toBe('a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt;');
    expect(figureFileName('Excite one, inhibit another', 'raster', 'svg')).toBe('excite-one-inhibit-another-raster.svg');
  });
});
