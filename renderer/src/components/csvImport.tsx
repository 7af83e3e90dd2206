import type { ImportRowError } from '../../../shared/api/cases';
import { plural } from '../format';

/** What an import screen imports: its fields in order, their labels, and which must be matched. */
export interface ImportFields<F extends string> {
  fields: readonly F[];
  labels: Record<F, string>;
  required: readonly F[];
}

export type FieldMapping<F extends string> = Partial<Record<F, string>>;

const SHOWN_ERRORS = 500;

/** One select per field: which column of the file holds it. */
export function MappingSelects<F extends string>({ spec, headers, mapping, onChange, idPrefix }: { spec: ImportFields<F>; headers: string[]; mapping: FieldMapping<F>; onChange: (m: FieldMapping<F>) => void; idPrefix: string }) {
  return (
    <fieldset className="import-mapping">
      <legend className="visually-hidden">Which column holds each field</legend>
      <p className="field-hint">For each field, choose the column of your file that holds it. Fields marked “needed” must be matched.</p>
      <div className="import-mapping-grid">
        {spec.fields.map((field) => {
          const required = spec.required.includes(field);
          return (
            <div className="field" key={field}>
              <label htmlFor={`${idPrefix}-${field}`}>
                {spec.labels[field]} <span className={required ? 'import-needed' : 'muted'}>{required ? '(needed)' : '(optional)'}</span>
              </label>
              <select id={`${idPrefix}-${field}`} value={mapping[field] ?? ''} onChange={(e) => onChange({ ...mapping, [field]: e.target.value || undefined })}>
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
export function MappedPreview<F extends string>({ spec, headers, rows, rowNumbers, mapping, fileName }: { spec: ImportFields<F>; headers: string[]; rows: string[][]; rowNumbers: number[]; mapping: FieldMapping<F>; fileName: string }) {
  const fields = spec.fields.filter((f) => mapping[f]);
  if (fields.length === 0) return <p className="muted">Match at least one column to see a preview.</p>;
  if (rows.length === 0) return <p className="muted">{fileName} has headings but no rows.</p>;
  return (
    <div className="import-preview">
      <table className="data">
        <caption>Preview: the first {plural(rows.length, 'row')} of {fileName}</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            {fields.map((f) => (
              <th scope="col" key={f}>
                {spec.labels[f]}
                <span className="import-source">from “{mapping[f]}”</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={rowNumbers[r]}>
              <td className="muted">{rowNumbers[r]}</td>
              {fields.map((f) => <td key={f}>{row[headers.indexOf(mapping[f]!)] ?? ''}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** “Row 3, column 'Email': …” — every problem, as the person's spreadsheet numbers the rows. */
export function rowErrorText(e: ImportRowError): string {
  return `Row ${e.row}, column '${e.column}': ${e.reason}`;
}

/** Every problem found, one line each, with the value that was read. */
export function RowErrorList({ errors }: { errors: ImportRowError[] }) {
  const shown = errors.slice(0, SHOWN_ERRORS);
  return (
    <>
      <ul className="import-error-list" aria-label="Problems in the file, by row">
        {shown.map((e, i) => (
          <li key={`${e.row}-${e.column}-${i}`}>
            {rowErrorText(e)}
            {e.value ? <> <span className="muted">(read “<code>{e.value}</code>”)</span></> : null}
          </li>
        ))}
      </ul>
      {errors.length > shown.length ? (
        <p className="muted">The first {SHOWN_ERRORS.toLocaleString('en-GB')} problems are shown; download the list for all {errors.length.toLocaleString('en-GB')}.</p>
      ) : null}
    </>
  );
}
