import { REASON_CODES, REASON_LABELS, type ReasonCode } from '../../../../shared/api/moderation';
import { gradeText, type GradeOrNA } from '../../../../shared/domain/grades';

const ALL: GradeOrNA[] = [1, 2, 3, 4, 'na'];

/** A grade as native radio buttons in a fieldset: Tab enters once, arrow keys choose. Every grade with its label. */
export function GradeRadios({ name, legend, value, onChange, allowNa = true, disabled }: {
  name: string;
  legend: string;
  value: GradeOrNA | null;
  onChange: (g: GradeOrNA) => void;
  allowNa?: boolean;
  disabled?: boolean;
}) {
  return (
    <fieldset className="mod-grades" disabled={disabled}>
      <legend>{legend}</legend>
      {ALL.filter((g) => allowNa || g !== 'na').map((g) => {
        const id = `${name}-${g}`;
        return (
          <label key={g} htmlFor={id} className={`mod-grade-option mod-grade-${g}${value === g ? ' is-checked' : ''}`}>
            <input id={id} type="radio" name={name} checked={value === g} onChange={() => onChange(g)} />
            {gradeText(g)}
          </label>
        );
      })}
    </fieldset>
  );
}

/** A grade as a select, for tight places (reconciliation rows). */
export function GradeSelect({ id, label, value, onChange, allowNa = true }: { id: string; label: string; value: GradeOrNA | null; onChange: (g: GradeOrNA | null) => void; allowNa?: boolean }) {
  return (
    <div className="field mod-inline-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value === null ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value === 'na' ? 'na' : (Number(e.target.value) as GradeOrNA))}>
        <option value="">Choose a grade</option>
        {ALL.filter((g) => allowNa || g !== 'na').map((g) => (
          <option key={g} value={String(g)}>
            {gradeText(g)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ReasonSelect({ id, value, onChange, label = 'Reason code' }: { id: string; value: ReasonCode | null; onChange: (r: ReasonCode | null) => void; label?: string }) {
  return (
    <div className="field mod-inline-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : (e.target.value as ReasonCode))}>
        <option value="">Choose a reason</option>
        {REASON_CODES.map((r) => (
          <option key={r} value={r}>
            {REASON_LABELS[r]}
          </option>
        ))}
      </select>
    </div>
  );
}
