import { useEffect, useRef, useState } from 'react';
import { downloadFile } from '../files.ts';
import { useLabStore } from '../store.ts';
import { figureFileName } from './figureLayout.ts';
import { downloadFigure, type Figure } from './svgExport.ts';
import './export.css';

export interface ExportMenuProps {
  /** Names the files (`<experiment>-<plot>.png`) and the test ids (`export-<plot>`). */
  plot: string;
  /** What is exported, for the button's accessible name: "the traces". */
  what: string;
  /** The figure of what is shown now, found from the menu's own element; null when there is nothing to export. */
  figure: (anchor: HTMLElement) => Figure | null;
  /** The data as CSV text, when the plot offers it. */
  csv?: () => string | null;
  /** Starts the file names in place of the lab's experiment name (the Iris view's plots: "iris"). */
  name?: string;
}

type Format = 'png' | 'svg' | 'csv';
const FORMATS: { format: Format; text: string; title: string }[] = [
  { format: 'png', text: 'PNG image', title: 'A picture at twice the size shown, with title, axes and legend' },
  { format: 'svg', text: 'SVG (vector)', title: 'Lines and marks as vectors, with title, axes and legend: for papers and slides' },
  { format: 'csv', text: 'CSV data', title: 'The numbers, with units in the header' },
];

/**
 * "Export" beside a plot: a disclosure (details/summary, so keyboard and screen readers get it for
 * free) with PNG, SVG and, where the plot has data to give, CSV.
 */
export function ExportMenu({ plot, what, figure, csv, name }: ExportMenuProps) {
  const detailsRef = useRef<HTMLDetailsElement>(null);
  const [message, setMessage] = useState('');

  // Closes on a click elsewhere or Escape, as a menu does.
  useEffect(() => {
    const details = detailsRef.current;
    if (!details) return;
    const onPointer = (e: PointerEvent): void => {
      if (details.open && e.target instanceof Node && !details.contains(e.target)) details.open = false;
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && details.open) {
        details.open = false;
        details.querySelector('summary')?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    details.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      details.removeEventListener('keydown', onKey);
    };
  }, []);

  const run = async (format: Format): Promise<void> => {
    const details = detailsRef.current;
    if (!details) return;
    details.open = false;
    const base = figureFileName(name ?? useLabStore.getState().experiment.name, plot, format).replace(/\.[a-z]+$/, '');
    try {
      if (format === 'csv') {
        const text = csv?.();
        if (text === null || text === undefined) throw new Error('nothing recorded yet');
        downloadFile([text], `${base}.csv`, 'text/csv');
        setMessage('');
        return;
      }
      const fig = figure(details);
      if (!fig) throw new Error('nothing is drawn yet');
      await downloadFigure(fig, format, base);
      setMessage('');
    } catch (error) {
      setMessage(`Could not export ${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <span className="export-menu-wrap">
      <details className="export-menu" ref={detailsRef} data-testid={`export-${plot}`}>
        <summary className="btn btn-small" aria-label={`Export ${what}`} title={`Save ${what} as an image or data`}>
          Export
        </summary>
        <div className="export-menu-items" role="group" aria-label={`Export ${what} as`}>
          {FORMATS.filter((f) => f.format !== 'csv' || csv).map((f) => (
            <button key={f.format} type="button" className="btn btn-small" data-testid={`export-${plot}-${f.format}`} title={f.title} onClick={() => void run(f.format)}>
              {f.text}
            </button>
          ))}
        </div>
      </details>
      {message ? (
        <span className="export-error" role="alert">
          {message}
        </span>
      ) : null}
    </span>
  );
}
