import type { CaseChange, FieldChange } from '../../../../shared/api/caseImport';
import { CASE_FIELD_LABELS, CASE_FIELDS, REQUIRED_IMPORT_FIELDS, type CaseField, type ImportMapping, type ImportRowError } from '../../../../shared/api/cases';
import { ageBandText, caseTypeText, plural, ukDate } from '../../format';

const SHOWN_ERRORS = 500;

/** One select per Plumbline field: which column of the file holds it. */
export function MappingFields({ headers, mapping, onChange }: { headers: string[]; mapping: ImportMapping; onChange: (m: ImportMapping) => void }) {
  return (
    <fieldset className="import-mapping">
      <legend className="visually-hidden">Which column holds each field</legend>
      <p className="field-hint">For each of Plumbline's fields, choose the column of your file that holds it. Fields marked “needed” must be matched.</p>
      <div className="import-mapping-grid">
        {CASE_FIELDS.map((field) => {
          const required = REQUIRED_IMPORT_FIELDS.includes(field) && !(field === 'ageBand' && mapping.dateOfBirth);
          const hint = field === 'dateOfBirth' ? '(instead of age band; not stored)' : required ? '(needed)' : '(optional)';
          return (
            <div className="field" key={field}>
              <label htmlFor={`map-${field}`}>
                {CASE_FIELD_LABELS[field]} <span className={required ? 'import-needed' : 'muted'}>{hint}</span>
              </label>
              <select id={`map-${field}`} value={mapping[field] ?? ''} onChange={(e) => onChange({ ...mapping, [field]: e.target.value || undefined })}>
                <option value="">{required ? 'Choose a column…' : 'Not in this file'}</option>
                {headers.map((h, i) => (
                  <option key={`${h}-${i}`} value={h}>{h || `(column ${i + 1}, no heading)`}</option>
                ))}
              </select>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

/** The first rows as they will be read into each field. */
export function PreviewTable({ headers, rows, rowNumbers, mapping, total }: { headers: string[]; rows: string[][]; rowNumbers: number[]; mapping: ImportMapping; total: string }) {
  const fields = CASE_FIELDS.filter((f) => mapping[f]);
  const index = (f: CaseField) => headers.indexOf(mapping[f]!);
  if (fields.length === 0) return <p className="muted">Match at least one column to see a preview.</p>;
  return (
    <div className="import-preview">
      <table className="data">
        <caption>Preview: the first {plural(rows.length, 'row')} {total}</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            {fields.map((f) => (
              <th scope="col" key={f}>
                {CASE_FIELD_LABELS[f]}
                <span className="import-source">from “{mapping[f]}”</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              <td className="muted">{rowNumbers[r]}</td>
              {fields.map((f) => <td key={f}>{row[index(f)] ?? ''}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every problem found, by row and column, as the user's spreadsheet numbers them. */
export function ErrorsTable({ errors }: { errors: ImportRowError[] }) {
  const shown = errors.slice(0, SHOWN_ERRORS);
  return (
    <>
      <table className="data import-errors">
        <caption className="visually-hidden">Problems in the file, by row</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Column</th>
            <th scope="col">Value</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e, i) => (
            <tr key={`${e.row}-${e.column}-${i}`}>
              <td>{e.row}</td>
              <td>{e.column}</td>
              <td>{e.value ? <code>{e.value}</code> : <span className="muted">(empty)</span>}</td>
              <td>{e.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {errors.length > shown.length ? (
        <p className="muted">The first {SHOWN_ERRORS.toLocaleString('en-GB')} problems are shown; download the list for all {errors.length.toLocaleString('en-GB')}.</p>
      ) : null}
    </>
  );
}

/** A stored value as a person reads it: labels for codes, 23 Nov 2026 for dates, "(none)" for empty. */
function changeValue(field: FieldChange['field'], value: string | null): string {
  if (value === null || value === '') return '(none)';
  if (field === 'caseType') return caseTypeText(value);
  if (field === 'ageBand') return ageBandText(value);
  if (field === 'openedOn' || field === 'closedOn') return ukDate(value);
  return value;
}

/** What a re-import will change in cases already in the register: per case, each field old → new. */
export function ChangesTable({ changes, total }: { changes: CaseChange[]; total: number }) {
  const shown = changes.slice(0, SHOWN_ERRORS);
  return (
    <>
      <table className="data import-changes">
        <caption>What will change in {plural(total, 'case')} already in the register</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Case</th>
            <th scope="col">Changes</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.reference}>
              <td className="muted">{c.row}</td>
              <td>{c.reference}</td>
              <td>
                <ul className="import-change-list">
                  {c.changes.map((f) => (
                    <li key={f.field}>
                      {CASE_FIELD_LABELS[f.field]}: <del>{changeValue(f.field, f.from)}</del> → <ins>{changeValue(f.field, f.to)}</ins>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > shown.length ? <p className="muted">The first {shown.length.toLocaleString('en-GB')} are shown; every one of the {total.toLocaleString('en-GB')} is updated.</p> : null}
    </>
  );
}
