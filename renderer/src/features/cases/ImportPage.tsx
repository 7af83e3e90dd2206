import { useEffect, useRef, useState } from 'react';
import { CASE_FIELD_LABELS, REQUIRED_IMPORT_FIELDS, defaultMapping, type ImportCheck, type ImportMapping, type ImportResult } from '../../../../shared/api/cases';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { ErrorBanner, PageHeader, ProgressBar } from '../../components/ui';
import { errorsCsv, downloadText, previewCsv, type CsvPreview } from './csvPreview';
import { plural } from './format';
import { ErrorsTable, MappingFields, PreviewTable } from './importParts';

const MAX_BYTES = 60 * 1024 * 1024;

interface LoadedFile {
  name: string;
  text: string;
  preview: CsvPreview;
}

/** The remembered mapping where its columns are in this file, otherwise a guess from the headings. */
function initialMapping(headers: string[], remembered: ImportMapping | null | undefined): ImportMapping {
  const guess = defaultMapping(headers);
  const mapping: ImportMapping = {};
  for (const [field, header] of Object.entries({ ...guess, ...(remembered ?? {}) }) as [keyof ImportMapping, string][]) {
    mapping[field] = headers.includes(header) ? header : guess[field];
  }
  return mapping;
}

const dataRowEstimate = (text: string): number => Math.max(0, (text.match(/\n/g)?.length ?? 0) + (/\n\s*$/.test(text) ? 0 : 1) - 1);

export function ImportPage() {
  const remembered = useCall('cases:importMapping:get', {});
  const [file, setFile] = useState<LoadedFile | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [busy, setBusy] = useState<'checking' | 'importing' | null>(null);
  const [check, setCheck] = useState<ImportCheck | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const outcomeRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const heading = outcomeRef.current;
    if (!(check || result) || !heading) return;
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: 'start' });
  }, [check, result]);

  const choose = (chosen: File | undefined) => {
    setFile(null);
    setCheck(null);
    setResult(null);
    setError(null);
    if (!chosen) return;
    if (/\.(xlsx?|ods)$/i.test(chosen.name)) return setError(`${chosen.name} is a spreadsheet workbook. Save it as “CSV (comma delimited)” from your spreadsheet program, then choose the CSV file.`);
    if (chosen.size > MAX_BYTES) return setError(`${chosen.name} is larger than 60 MB. Split it into smaller files and import each.`);
    const reader = new FileReader();
    setProgress(0);
    reader.onprogress = (e) => e.lengthComputable && setProgress(Math.round((e.loaded / e.total) * 100));
    reader.onerror = () => {
      setProgress(null);
      setError(`Could not read ${chosen.name}. Check that it is not open in another program, then choose it again.`);
    };
    reader.onload = () => {
      setProgress(null);
      const text = String(reader.result ?? '');
      if (text.includes('\u0000')) return setError(`${chosen.name} does not look like a CSV file (it holds binary data). Export the case list as CSV and choose that file.`);
      try {
        const preview = previewCsv(text);
        if (preview.headers.length === 0) return setError(`${chosen.name} is empty: the first row should hold the column headings.`);
        setFile({ name: chosen.name, text, preview });
        setMapping(initialMapping(preview.headers, remembered.data));
      } catch (e) {
        setError(`Could not read ${chosen.name} as CSV: ${(e as Error).message}`);
      }
    };
    reader.readAsText(chosen, 'utf-8');
  };

  const changeMapping = (next: ImportMapping) => {
    setMapping(next);
    setCheck(null);
    setResult(null);
  };

  const missing = REQUIRED_IMPORT_FIELDS.filter((f) => !mapping[f]);

  const runCheck = async () => {
    if (!file) return;
    setBusy('checking');
    setError(null);
    setResult(null);
    try {
      await call('cases:importMapping:set', { mapping });
      setCheck(await call('cases:importCheck', { csv: file.text, mapping }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const runImport = async () => {
    if (!file) return;
    setBusy('importing');
    setError(null);
    try {
      const done = await call('cases:import', { csv: file.text, mapping, fileName: file.name });
      if (done.errors.length) setCheck({ rows: done.rows, errors: done.errors });
      else setResult(done);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const badRows = check ? new Set(check.errors.map((e) => e.row)).size : 0;
  const estimate = file ? dataRowEstimate(file.text) : 0;

  return (
    <>
      <p className="cases-crumbs"><a href="#/cases">Cases</a></p>
      <PageHeader title="Import cases from a CSV file" subtitle="Every row is checked first. If any row is wrong, nothing is imported." />
      <section className="card" aria-labelledby="import-step-1">
        <h2 id="import-step-1">1. Choose the file</h2>
        <div className="field">
          <label htmlFor="import-file">CSV file exported from your case management system</label>
          <input id="import-file" type="file" accept=".csv,text/csv,.txt" aria-describedby="import-file-hint" onChange={(e) => choose(e.target.files?.[0])} />
          <p className="field-hint" id="import-file-hint">The first row must hold the column headings. Dates as 23/11/2026 or 2026-11-23.</p>
        </div>
        {progress !== null ? (
          <div className="import-progress">
            <ProgressBar value={progress} label="Reading the file" />
            <span className="muted">Reading the file… {progress}%</span>
          </div>
        ) : null}
        {file ? <p className="import-file-name">{file.name}: about {plural(estimate, 'row')} of cases, {plural(file.preview.headers.length, 'column')}.</p> : null}
      </section>
      <ErrorBanner error={error} />

      {file ? (
        <section className="card" aria-labelledby="import-step-2">
          <h2 id="import-step-2">2. Match the columns and check the preview</h2>
          <MappingFields headers={file.preview.headers} mapping={mapping} onChange={changeMapping} />
          <PreviewTable headers={file.preview.headers} rows={file.preview.rows} rowNumbers={file.preview.rowNumbers} mapping={mapping} total={`of ${file.name}`} />
          {missing.length ? (
            <p className="field-error">Choose the column for {missing.map((f) => CASE_FIELD_LABELS[f].toLowerCase()).join(', ')} before checking.</p>
          ) : null}
          <div className="cases-buttons">
            <button type="button" className={check && check.errors.length === 0 ? 'btn' : 'btn btn-primary'} disabled={!!busy || missing.length > 0} onClick={() => void runCheck()}>
              {busy === 'checking' ? 'Checking…' : check ? 'Check again' : 'Check'}
            </button>
            <span className="muted">Checking reads every row; nothing is saved until you import.</span>
          </div>
          {busy === 'checking' ? <ProgressBar value={null} label="Checking every row" /> : null}
        </section>
      ) : null}

      {check && !result ? (
        <section className="card" aria-labelledby="import-outcome">
          <h2 id="import-outcome" ref={outcomeRef} tabIndex={-1}>3. {check.errors.length ? 'Problems found' : 'Ready to import'}</h2>
          {check.errors.length === 0 ? (
            <>
              <div className="banner banner-ok" role="status">
                {check.rows === 0 ? 'The file has headings but no cases.' : `All ${plural(check.rows, 'row')} can be imported.`}
              </div>
              {check.rows > 0 ? (
                <div className="cases-buttons">
                  <button type="button" className="btn btn-primary" disabled={!!busy} onClick={() => void runImport()}>
                    {busy === 'importing' ? 'Importing…' : `Import ${plural(check.rows, 'case')}`}
                  </button>
                  {busy === 'importing' ? <span className="muted">Adding every case and its history in one step…</span> : null}
                </div>
              ) : null}
              {busy === 'importing' ? <ProgressBar value={null} label="Importing" /> : null}
            </>
          ) : (
            <>
              <div className="banner banner-error" role="alert">
                <span>
                  {plural(check.errors.length, 'problem')} in {plural(badRows, 'row')} of {check.rows.toLocaleString('en-GB')}. Nothing has been imported. Correct the file, then choose it again.
                </span>
                <button type="button" className="btn btn-small" onClick={() => downloadText(`${file?.name.replace(/\.[^.]+$/, '') ?? 'import'}-errors.csv`, errorsCsv(check.errors))}>
                  Download errors as CSV
                </button>
              </div>
              <ErrorsTable errors={check.errors} />
            </>
          )}
        </section>
      ) : null}

      {result ? (
        <section className="card" aria-labelledby="import-done">
          <h2 id="import-done" ref={outcomeRef} tabIndex={-1}>Import complete</h2>
          <div className="banner banner-ok" role="status">
            Imported {plural(result.imported, 'case')} from {file?.name}.
          </div>
          <p>
            <a className="btn btn-primary cases-btn" href="#/cases">See them in the register</a>
          </p>
        </section>
      ) : null}
    </>
  );
}
