import { CASE_FIELD_LABELS, CASE_FIELDS, REQUIRED_IMPORT_FIELDS, type CaseField, type ImportMapping, type ImportRowError } from '../../../../shared/api/cases';
import { plural } from './format';

const SHOWN_ERRORS = 500;

/** One select per Plumbline field: which column of the file holds it. */
export function MappingFields({ headers, mapping, onChange }: { headers: string[]; mapping: ImportMapping; onChange: (m: ImportMapping) => void }) {
  return (
    <fieldset className="import-mapping">
      <legend className="visually-hidden">Which column holds each field</legend>
      <p className="field-hint">For each of Plumbline's fields, choose the column of your file that holds it. Fields marked “needed” must be matched.</p>
      <div className="import-mapping-grid">
        {CASE_FIELDS.map((field) => {
          const required = REQUIRED_IMPORT_FIELDS.includes(field);
          return (
            <div className="field" key={field}>
              <label htmlFor={`map-${field}`}>
                {CASE_FIELD_LABELS[field]} <span className={required ? 'import-needed' : 'muted'}>{required ? '(needed)' : '(optional)'}</span>
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
