import type { KeyboardEvent } from 'react';

export interface Tab<T extends string> {
  id: T;
  label: string;
  title?: string;
}

interface TabListProps<T extends string> {
  tabs: readonly Tab<T>[];
  selected: T;
  onSelect: (id: T) => void;
  /** Accessible name of the list. */
  label: string;
  /** Tab k gets id `${idPrefix}-${id}` and controls the panel `${panelPrefix}-${id}` (when selected). */
  idPrefix: string;
  panelPrefix: string;
  /** CSS classes of the list and of its tabs (each tab also has `tab`, the look all tabs share). */
  className: string;
  tabClassName: string;
  testIdPrefix: string;
}

/**
 * Accessible tabs (WAI-ARIA tabs pattern with automatic activation): one tab stop, arrow keys move
 * and select, Home and End go to the ends.
 */
export function TabList<T extends string>(props: TabListProps<T>) {
  const { tabs, selected, onSelect, label, idPrefix, panelPrefix, className, tabClassName, testIdPrefix } = props;
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const k = tabs.findIndex((t) => t.id === selected);
    const n = tabs.length;
    const to = e.key === 'ArrowRight' ? (k + 1) % n : e.key === 'ArrowLeft' ? (k + n - 1) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    const next = tabs[to].id;
    onSelect(next);
    document.getElementById(`${idPrefix}-${next}`)?.focus();
  };
  return (
    <div className={className} role="tablist" aria-label={label} onKeyDown={onKey}>
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`${idPrefix}-${t.id}`}
          aria-selected={selected === t.id}
          aria-controls={selected === t.id ? `${panelPrefix}-${t.id}` : undefined}
          tabIndex={selected === t.id ? 0 : -1}
          className={`tab ${tabClassName}${selected === t.id ? ' is-active' : ''}`}
          data-testid={`${testIdPrefix}-${t.id}`}
          title={t.title}
          onClick={() => onSelect(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
