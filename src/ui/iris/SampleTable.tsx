import { Fragment, useEffect, useId, useMemo, useRef } from 'react';
import { classColor, className } from './colors.ts';
import { useIrisStore } from './irisStore.ts';
import { useHighlighted } from './ScatterPanel.tsx';

/** Every sample, scrollable; a row's button presents it (like clicking its point). */
export function SampleTable() {
  const dataset = useIrisStore((s) => s.dataset);
  const result = useIrisStore((s) => s.result);
  const split = useIrisStore((s) => s.split);
  const selected = useIrisStore((s) => s.selected);
  const cell = useIrisStore((s) => s.cell);
  const highlighted = useHighlighted();
  const present = useIrisStore((s) => s.present);
  const id = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const testSet = useMemo(() => new Set(split?.test ?? []), [split]);

  // Bring the presented row, or the first row a confusion cell selects, into view inside the table's
  // own box only: on a phone the page stays where the person clicked (the plot and its answer).
  const scrollTo = (row: number) => {
    const box = scrollRef.current;
    const tr = box?.querySelector<HTMLElement>(`tr[data-row="${row}"]`);
    if (!box || !tr) return;
    const view = box.getBoundingClientRect();
    const at = tr.getBoundingClientRect();
    const header = box.querySelector('thead')?.getBoundingClientRect().height ?? 0;
    if (at.top < view.top + header) box.scrollTop += at.top - view.top - header;
    else if (at.bottom > view.bottom) box.scrollTop += at.bottom - view.bottom;
  };
  useEffect(() => {
    if (selected !== null) scrollTo(selected);
  }, [selected]);
  const firstHighlighted = highlighted && highlighted.size > 0 ? Math.min(...highlighted) : null;
  useEffect(() => {
    if (firstHighlighted !== null) scrollTo(firstHighlighted);
  }, [firstHighlighted, cell]);

  if (!dataset) return null;
  const f = dataset.featureNames.length;
  return (
    <section className="panel iris-table-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        Samples table{highlighted ? <span className="muted"> &middot; {highlighted.size} selected by the confusion matrix</span> : null}
      </h2>
      <div className="iris-table-scroll" ref={scrollRef} tabIndex={-1}>
        <table className="iris-table" data-testid="sample-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              {dataset.featureNames.map((name) => (
                <th scope="col" key={name}>
                  {/* Narrow screens wrap a long name at its underscores (sepal_ / length), not mid-word. */}
                  {name.split('_').map((part, k) => (
                    <Fragment key={k}>
                      {k > 0 ? (
                        <>
                          _<wbr />
                        </>
                      ) : null}
                      {part}
                    </Fragment>
                  ))}
                </th>
              ))}
              <th scope="col">class</th>
              <th scope="col" title="The network's answer">answer</th>
              <th scope="col" className="iris-col-set">
                set
              </th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: dataset.rows }, (_, r) => {
              const p = result?.predictions[r];
              const wrong = p !== undefined && p !== dataset.y[r];
              const classes = [selected === r ? 'is-selected' : '', highlighted?.has(r) ? 'is-highlighted' : '', highlighted && !highlighted.has(r) ? 'is-dim' : '']
                .filter(Boolean)
                .join(' ');
              return (
                <tr key={r} data-row={r} className={classes} onClick={() => present(r)} aria-selected={selected === r}>
                  <td>
                    <button
                      type="button"
                      className={`row-button${testSet.has(r) ? ' is-test' : ''}`}
                      data-testid={`sample-${r}`}
                      aria-label={`Present sample ${r + 1}${testSet.has(r) ? ' (test set)' : ''}`}
                      title={testSet.has(r) ? 'A test flower (ringed, as in the plot)' : undefined} onClick={(e) => (e.stopPropagation(), present(r))}>
                      {r + 1}
                    </button>
                  </td>
                  {Array.from({ length: f }, (_, k) => (
                    <td key={k} className="num">
                      {dataset.X[r * f + k]}
                    </td>
                  ))}
                  <td>
                    <i className="swatch dot" style={{ background: classColor(dataset.y[r]) }} /> {dataset.classNames[dataset.y[r]]}
                  </td>
                  {/* A right answer is a tick (its class is the row's), a wrong one names the class. */}
                  <td className={wrong ? 'is-wrong' : 'is-right'} title={p === undefined ? undefined : className(dataset.classNames, p)}>
                    {p === undefined ? '' : wrong ? `${className(dataset.classNames, p)} \u2717` : (
                      <>
                        <span aria-hidden="true">{'\u2713'}</span>
                        <span className="visually-hidden">{className(dataset.classNames, p)}, right</span>
                      </>
                    )}
                  </td>
                  <td className="iris-col-set">{split ? (testSet.has(r) ? 'test' : 'train') : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
