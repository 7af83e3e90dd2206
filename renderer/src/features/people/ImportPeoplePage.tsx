import { useEffect, useRef, useState } from 'react';
import { PEOPLE_FIELDS, type PeopleField, type PeopleImportResult } from '../../../../shared/api/people';
import { ROLE_LABELS } from '../../../../shared/api/session';
import { call } from '../../api/client';
import { MappedPreview, MappingSelects, RowErrorList, type FieldMapping, type ImportFields } from '../../components/csvImport';
import { ErrorBanner, PageHeader, ProgressBar } from '../../components/ui';
import { downloadText, errorsCsv, previewCsv, type CsvPreview } from '../cases/csvPreview';
import { teamsText } from './format';
import './people.css';

const MAX_BYTES = 10 * 1024 * 1024;
const SPEC: ImportFields<PeopleField> = {
  fields: PEOPLE_FIELDS,
  labels: { name: 'Name', email: 'Email', role: 'Role', teams: 'Teams', agency: 'Agency' },
  required: ['name', 'email', 'role'],
};
const GUESSES: Record<PeopleField, RegExp> = {
  name: /^(full ?)?name$/i,
  email: /^(e-?mail( address)?|login)$/i,
  role: /^role$/i,
  teams: /^teams?$/i,
  agency: /^(agency|partner agency)$/i,
};
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

function guessMapping(headers: string[]): FieldMapping<PeopleField> {
  const mapping: FieldMapping<PeopleField> = {};
  for (const field of PEOPLE_FIELDS) {
    const header = headers.find((h) => GUESSES[field].test(h.trim()));
    if (header) mapping[field] = header;
  }
  return mapping;
}

interface LoadedFile {
  name: string;
  text: string;
  preview: CsvPreview;
}

/** Import people from a CSV: choose, match columns, check every row, then import all or nothing. */
export function ImportPeoplePage() {
  const [file, setFile] = useState<LoadedFile | null>(null);
  const [mapping, setMapping] = useState<FieldMapping<PeopleField>>({});
  const [busy, setBusy] = useState<'checking' | 'importing' | null>(null);
  const [check, setCheck] = useState<PeopleImportResult | null>(null);
  const [done, setDone] = useState<PeopleImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const outcomeRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if ((check || done) && outcomeRef.current) {
      outcomeRef.current.focus({ preventScroll: true });
      outcomeRef.current.scrollIntoView({ block: 'start' });
    }
  }, [check, done]);

  const choose = (chosen: File | undefined) => {
    setFile(null);
    setCheck(null);
    setDone(null);
    setError(null);
    if (!chosen) return;
    if (/\.(xlsx?|ods)$/i.test(chosen.name)) return setError(`${chosen.name} is a spreadsheet workbook. Save it as “CSV (comma delimited)” from your spreadsheet program, then choose the CSV file.`);
    if (chosen.size > MAX_BYTES) return setError(`${chosen.name} is larger than 10 MB. A list of people is much smaller: check that this is the right file.`);
    const reader = new FileReader();
    reader.onerror = () => setError(`Could not read ${chosen.name}. Check that it is not open in another program, then choose it again.`);
    reader.onload = () => {
      const text = String(reader.result ?? '');
      if (text.includes('\u0000')) return setError(`${chosen.name} does not look like a CSV file (it holds binary data).`);
      try {
        const preview = previewCsv(text);
        if (preview.headers.length === 0) return setError(`${chosen.name} is empty: the first row should hold the column headings (name, email, role, teams, agency).`);
        setFile({ name: chosen.name, text, preview });
        setMapping(guessMapping(preview.headers));
      } catch (e) {
        setError(`Could not read ${chosen.name} as CSV: ${(e as Error).message}`);
      }
    };
    reader.readAsText(chosen, 'utf-8');
  };

  const missing = SPEC.required.filter((f) => !mapping[f]);

  const run = async (commit: boolean) => {
    if (!file) return;
    setBusy(commit ? 'importing' : 'checking');
    setError(null);
    try {
      const result = await call('people:import', { csv: file.text, mapping, commit, fileName: file.name });
      if (commit && result.committed) setDone(result);
      else setCheck(result);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const badRows = check ? new Set(check.errors.map((e) => e.row)).size : 0;

  return (
    <>
      <p className="cases-crumbs"><a href="#/people">People</a></p>
      <PageHeader title="Import people from a CSV file" subtitle="Every row is checked first. If any row is wrong, nobody is imported." />
      <section className="card" aria-labelledby="people-import-1">
        <h2 id="people-import-1">1. Choose the file</h2>
        <div className="field">
          <label htmlFor="people-import-file">CSV file of people</label>
          <input id="people-import-file" type="file" accept=".csv,text/csv,.txt" aria-describedby="people-import-hint" onChange={(e) => choose(e.target.files?.[0])} />
          <p className="field-hint" id="people-import-hint">
            Columns: name, email, role (auditor, moderator or qa-lead), teams (separated by semicolons) and agency (for partner auditors). The first row holds the headings.
          </p>
        </div>
        {file ? <p className="import-file-name">{file.name}: {plural(file.preview.headers.length, 'column')}.</p> : null}
      </section>
      <ErrorBanner error={error} />

      {file ? (
        <section className="card" aria-labelledby="people-import-2">
          <h2 id="people-import-2">2. Match the columns and check the preview</h2>
          <MappingSelects
            spec={SPEC}
            idPrefix="people-map"
            headers={file.preview.headers}
            mapping={mapping}
            onChange={(next) => {
              setMapping(next);
              setCheck(null);
            }}
          />
          <MappedPreview spec={SPEC} headers={file.preview.headers} rows={file.preview.rows} rowNumbers={file.preview.rowNumbers} mapping={mapping} fileName={file.name} />
          {missing.length ? <p className="field-error">Choose the column for {missing.map((f) => SPEC.labels[f].toLowerCase()).join(', ')} before checking.</p> : null}
          <div className="cases-buttons">
            <button type="button" className={check && check.errors.length === 0 ? 'btn' : 'btn btn-primary'} disabled={!!busy || missing.length > 0} onClick={() => void run(false)}>
              {busy === 'checking' ? 'Checking…' : check ? 'Check again' : 'Check'}
            </button>
            <span className="muted">Checking reads every row; nothing is saved until you import.</span>
          </div>
          {busy === 'checking' ? <ProgressBar value={null} label="Checking every row" /> : null}
        </section>
      ) : null}

      {check && !done ? (
        <section className="card" aria-labelledby="people-import-3">
          <h2 id="people-import-3" ref={outcomeRef} tabIndex={-1}>3. {check.errors.length ? 'Problems found' : 'Ready to import'}</h2>
          {check.errors.length === 0 ? (
            <>
              <div className="banner banner-ok" role="status">
                {check.rows === 0 ? 'The file has headings but nobody in it.' : `All ${plural(check.rows, 'row')} can be imported.`}
              </div>
              {check.people.length ? <DraftTable check={check} /> : null}
              {check.rows > 0 ? (
                <div className="cases-buttons">
                  <button type="button" className="btn btn-primary" disabled={!!busy} onClick={() => void run(true)}>
                    {busy === 'importing' ? 'Importing…' : `Import ${plural(check.rows, 'person', 'people')}`}
                  </button>
                </div>
              ) : null}
            </>
          ) : (
            <>
              <div className="banner banner-error" role="alert">
                <span>
                  {plural(check.errors.length, 'problem')} in {plural(badRows, 'row')} of {check.rows.toLocaleString('en-GB')}. Nobody has been imported. Correct the file, then choose it again.
                </span>
                <button type="button" className="btn btn-small" onClick={() => downloadText(`${file?.name.replace(/\.[^.]+$/, '') ?? 'people'}-errors.csv`, errorsCsv(check.errors))}>
                  Download errors as CSV
                </button>
              </div>
              <RowErrorList errors={check.errors} />
            </>
          )}
        </section>
      ) : null}

      {done ? (
        <section className="card" aria-labelledby="people-import-done">
          <h2 id="people-import-done" ref={outcomeRef} tabIndex={-1}>Import complete</h2>
          <div className="banner banner-ok" role="status">Imported {plural(done.imported, 'person', 'people')} from {file?.name}.</div>
          <p>Imported people cannot sign in yet: set a one-time passphrase for each from the People page when they start.</p>
          <p><a className="btn btn-primary people-link" href="#/people">Go to People</a></p>
        </section>
      ) : null}
    </>
  );
}

/** Who would be added, as Plumbline read them. */
function DraftTable({ check }: { check: PeopleImportResult }) {
  return (
    <div className="import-preview">
      <table className="data">
        <caption>Who will be added</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Teams</th>
            <th scope="col">Agency</th>
          </tr>
        </thead>
        <tbody>
          {check.people.map((p) => (
            <tr key={p.row}>
              <td className="muted">{p.row}</td>
              <td>{p.name}</td>
              <td>{p.email}</td>
              <td>{ROLE_LABELS[p.role]}</td>
              <td>{teamsText(p.teams)}</td>
              <td>{p.agency ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
