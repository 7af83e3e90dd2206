/**
 * A moderator's or agreed overall grade that breaks a limiting rule: the rules broken, and the
 * written justification the report and pack print beside the grade (or change the grade instead).
 */
export function RuleJustification({ id, whose, broken, value, stored, onChange }: {
  id: string;
  whose: string;
  broken: string[];
  value: string;
  /** A justification already recorded for this grade. */
  stored: string;
  onChange: (text: string) => void;
}) {
  if (broken.length === 0) return null;
  return (
    <div className="banner-warning-inline mod-rule-break" role="group" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`}><strong>{whose} breaks a limiting rule.</strong></p>
      <ul>{broken.map((m) => <li key={m}>{m}</li>)}</ul>
      <div className="field">
        <label htmlFor={id}>Justification for breaking the rule (at least 20 characters)</label>
        <textarea id={id} value={value} placeholder={stored || undefined} onChange={(e) => onChange(e.target.value)} aria-describedby={`${id}-hint`} />
        <p id={`${id}-hint`} className="field-hint">
          {stored ? 'A justification is already recorded; write here to replace it. ' : ''}The audit report and pack print it beside the grade. Or change the grade so it keeps the rules.
        </p>
      </div>
    </div>
  );
}
