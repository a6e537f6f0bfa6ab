import { DIST_FIELDS, DIST_KIND_NAMES, switchDraftKind, type DistDraft, type DistKind } from './distributions.ts';

export interface DistributionFieldProps {
  /** The parameter's name, e.g. "c" or "weight". */
  name: string;
  unit?: string;
  description?: string;
  draft: DistDraft;
  onChange: (draft: DistDraft) => void;
  /** The kinds offered (the draft's own kind is always shown). */
  kinds: readonly DistKind[];
  /** Used when the current fields do not parse and the kind changes. */
  fallback: number;
  /** data-testid prefix: `${testId}-kind`, `${testId}-value`, `${testId}-min`, ... */
  testId: string;
}

const SHORT_KIND_NAMES: Record<DistKind, string> = {
  fixed: 'fixed',
  uniform: 'uniform',
  normal: 'normal',
  r: 'r (2003)',
};

/** One parameter drawn per neuron or per synapse: a kind (fixed, uniform, ...) and its numbers. */
export function DistributionField({ name, unit, description, draft, onChange, kinds, fallback, testId }: DistributionFieldProps) {
  const offered = kinds.includes(draft.kind) ? kinds : [...kinds, draft.kind];
  const fields = DIST_FIELDS[draft.kind];
  return (
    <div className="dist-field" role="group" aria-label={`${name}${unit ? ` (${unit})` : ''}`} title={description}>
      <span className="dist-name">
        {name}
        {unit ? <span className="param-unit"> ({unit})</span> : null}
      </span>
      <select
        className="dist-kind"
        aria-label={`${name}: how it is drawn`}
        data-testid={`${testId}-kind`}
        value={draft.kind}
        onChange={(e) => onChange(switchDraftKind(draft, e.currentTarget.value as DistKind, fallback))}
      >
        {offered.map((k) => (
          <option key={k} value={k} title={DIST_KIND_NAMES[k]}>
            {SHORT_KIND_NAMES[k]}
          </option>
        ))}
      </select>
      <span className={`dist-values dist-values-${fields.length}`}>
        {fields.map((f) => (
          <label key={f} className="dist-value">
            {draft.kind === 'fixed' ? null : <span className="dist-value-name">{f}</span>}
            <input
              type="text"
              inputMode="decimal"
              autoComplete="off"
              spellCheck={false}
              aria-label={draft.kind === 'fixed' ? name : `${name} ${f}`}
              data-testid={`${testId}-${f}`}
              value={draft.values[f] ?? ''}
              onChange={(e) => onChange({ ...draft, values: { ...draft.values, [f]: e.currentTarget.value } })}
            />
          </label>
        ))}
      </span>
    </div>
  );
}
