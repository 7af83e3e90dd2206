import { useEffect, useRef, useState } from 'react';
import { ENCODING_CHOICES, ENCODING_CHOICE_LABELS, type EncodingChoice, type ImportCheck, type ImportPreview, type ImportResult } from '../../../../shared/api/caseImport';
import { CASE_FIELD_LABELS, defaultMapping, missingImportFields, type ImportMapping } from '../../../../shared/api/cases';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { ErrorBanner, PageHeader, ProgressBar } from '../../components/ui';
import { plural, share } from '../../format';
import { errorsCsv, downloadText } from './csvPreview';
import { ChangesTable, ErrorsTable, MappingFields, PreviewTable } from './importParts';

const MAX_BYTES = 60 * 1024 * 1024;

interface LoadedFile {
  name: string;
  /** The file's bytes as base64: the core decodes them (never this page). */
  bytes: string;
  preview: ImportPreview;
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

/** Bytes to base64 in slices (String.fromCharCode cannot take millions of arguments at once). */
function base64Of(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function ImportPage() {
  const remembered = useCall('cases:importMapping:get', {});
  const [file, setFile] = useState<LoadedFile | null>(null);
  const [encoding, setEncoding] = useState<EncodingChoice>('auto');
  const [progress, setProgress] = useState<number | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [busy, setBusy] = useState<'reading' | 'checking' | 'importing' | null>(null);
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

  /** Asks the core to decode the bytes (detected or as chosen) and show the headings and first rows. */
  const load = async (name: string, bytes: string, choice: EncodingChoice, keepMapping: boolean) => {
    setBusy('reading');
    setError(null);
    setCheck(null);
    setResult(null);
    try {
      const preview = await call('cases:importPreview', { bytes, encoding: choice });
      setFile({ name, bytes, preview });
      if (!keepMapping) setMapping(initialMapping(preview.headers, remembered.data));
    } catch (e) {
      setFile(null);
      setError(`Could not read ${name}: ${(e as Error).message}`);
    } finally {
      setBusy(null);
    }
  };

  const choose = (chosen: File | undefined) => {
    setFile(null);
    setCheck(null);
    setResult(null);
    setError(null);
    setEncoding('auto');
    if (!chosen) return;
    if (/\.(xlsx?|ods)$/i.test(chosen.name)) return setError(`${chosen.name} is a spreadsheet workbook. Save it as “CSV (comma delimited)” from your spreadsheet program, then choose the CSV file.`);
    if (chosen.size > MAX_BYTES) return setError(`${chosen.name} is larger than 60 MB. Split it into smaller files and import each.`);
    const reader = new FileReader();
    setProgress(0);
    reader.onprogress = (e) => e.lengthComputable && setProgress(share(e.loaded, e.total));
    reader.onerror = () => {
      setProgress(null);
      setError(`Could not read ${chosen.name}. Check that it is not open in another program, then choose it again.`);
    };
    reader.onload = () => {
      setProgress(null);
      void load(chosen.name, base64Of(reader.result as ArrayBuffer), 'auto', false);
    };
    reader.readAsArrayBuffer(chosen);
  };

  const changeEncoding = (choice: EncodingChoice) => {
    setEncoding(choice);
    if (file) void load(file.name, file.bytes, choice, true);
  };

  const changeMapping = (next: ImportMapping) => {
    setMapping(next);
    setCheck(null);
    setResult(null);
  };

  const missing = missingImportFields(mapping);
  const source = () => ({ bytes: file!.bytes, encoding, mapping, fileName: file!.name });

  const runCheck = async () => {
    if (!file) return;
    setBusy('checking');
    setError(null);
    setResult(null);
    try {
      await call('cases:importMapping:set', { mapping });
      setCheck(await call('cases:importCheck', source()));
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
      const done = await call('cases:import', source());
      if (done.errors.length) setCheck(done);
      else setResult(done);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const badRows = check ? new Set(check.errors.map((e) => e.row)).size : 0;
  const preview = file?.preview;
  const toDo = check ? check.added + check.updated : 0;

  return (
    <>
      <p className="cases-crumbs"><a href="#/cases">Cases</a></p>
      <PageHeader title="Import cases from a CSV file" subtitle="Every row is checked first. If any row is wrong, nothing is imported. Cases already in the register are updated." />
      <section className="card" aria-labelledby="import-step-1">
        <h2 id="import-step-1">1. Choose the file</h2>
        <div className="field">
          <label htmlFor="import-file">CSV file exported from your case management system</label>
          <input id="import-file" type="file" accept=".csv,text/csv,.txt" aria-describedby="import-file-hint" onChange={(e) => choose(e.target.files?.[0])} />
          <p className="field-hint" id="import-file-hint">The first row must hold the column headings. Dates as 23/11/2026 or 2026-11-23. Last week's extract again is fine: its cases are updated, not duplicated.</p>
        </div>
        {progress !== null ? (
          <div className="import-progress">
            <ProgressBar value={progress} label="Reading the file" />
            <span className="muted">Reading the file… {progress}%</span>
          </div>
        ) : null}
        {busy === 'reading' ? <ProgressBar value={null} label="Reading the file" /> : null}
        {file && preview ? (
          <div className="import-encoding">
            <p className="import-file-name" role="status">
              {file.name}: {plural(preview.rowCount, 'row')} of cases, {plural(preview.headers.length, 'column')}. Read as <strong>{preview.encodingLabel}</strong>
              {preview.detected ? ' (detected)' : ' (as you chose)'}.
            </p>
            <div className="field">
              <label htmlFor="import-encoding">Encoding</label>
              <select id="import-encoding" value={encoding} aria-describedby="import-encoding-hint" disabled={!!busy} onChange={(e) => changeEncoding(e.target.value as EncodingChoice)}>
                {ENCODING_CHOICES.map((c) => <option key={c} value={c}>{ENCODING_CHOICE_LABELS[c]}</option>)}
              </select>
              <p className="field-hint" id="import-encoding-hint">If names in the preview look wrong (Zoë shown as ZoÃ«), choose another encoding.</p>
            </div>
            {preview.undecodable > 0 ? (
              <div className="banner banner-warning-inline" role="alert">
                <p>{plural(preview.undecodable, 'byte')} cannot be read as {preview.encodingLabel}; the rows holding {preview.undecodable === 1 ? 'it' : 'them'} will be refused. Choose another encoding, or correct the file.</p>
              </div>
            ) : null}
          </div>
        ) : null}
      </section>
      <ErrorBanner error={error} />

      {file && preview ? (
        <section className="card" aria-labelledby="import-step-2">
          <h2 id="import-step-2">2. Match the columns and check the preview</h2>
          <MappingFields headers={preview.headers} mapping={mapping} onChange={changeMapping} />
          <PreviewTable headers={preview.headers} rows={preview.rows} rowNumbers={preview.rowNumbers} mapping={mapping} total={`of ${file.name}, as read (${preview.encodingLabel})`} />
          {missing.length ? (
            <p className="field-error">Choose the column for {missing.map((f) => (f === 'ageBand' ? 'age band (or date of birth)' : CASE_FIELD_LABELS[f].toLowerCase())).join(', ')} before checking.</p>
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
                {check.rows === 0
                  ? 'The file has headings but no cases.'
                  : `${plural(check.rows, 'row')} read: ${plural(check.added, 'new case')} to add, ${plural(check.updated, 'case')} to update, ${plural(check.unchanged, 'case')} unchanged.`}
              </div>
              {check.changes.length ? <ChangesTable changes={check.changes} total={check.updated} /> : null}
              {toDo > 0 ? (
                <div className="cases-buttons">
                  <button type="button" className="btn btn-primary" disabled={!!busy} onClick={() => void runImport()}>
                    {busy === 'importing' ? 'Importing…' : check.updated ? `Add ${plural(check.added, 'case')} and update ${plural(check.updated, 'case')}` : `Import ${plural(check.added, 'case')}`}
                  </button>
                  {busy === 'importing' ? <span className="muted">Saving every case and its history in one step…</span> : null}
                </div>
              ) : check.rows > 0 ? <p>The register already matches this file: there is nothing to import.</p> : null}
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
            From {file?.name}: added {plural(result.imported, 'new case')}, updated {plural(result.updated, 'case')}, {plural(result.unchanged, 'case')} unchanged.
          </div>
          <p>
            <a className="btn btn-primary cases-btn" href="#/cases">See them in the register</a>
          </p>
        </section>
      ) : null}
    </>
  );
}
