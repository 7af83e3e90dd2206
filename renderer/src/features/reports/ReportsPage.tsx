import { useState } from 'react';
import { mayExport, type ExportOptions } from '../../../../shared/api/exports';
import { useCall } from '../../api/useCall';
import { queryParams } from '../../app/router';
import { useSession } from '../../app/session';
import { ErrorBanner, GradeBadge, Loading, PageHeader } from '../../components/ui';
import { ExportJobPanel } from './ExportJobPanel';
import { useExportJob } from './useExportJob';
import { ukDate } from '../../format';

/** The link other pages use for an audit's "Export report (PDF)". */
export const reportLink = (auditId: string): string => `#/reports?audit=${encodeURIComponent(auditId)}`;

function AuditReportCard({ options }: { options: ExportOptions }) {
  const job = useExportJob();
  const audit = options.audit;
  const running = job.progress?.state === 'running';
  return (
    <section className="card" aria-labelledby="report-title">
      <h2 id="report-title">Audit report (PDF)</h2>
      {audit ? (
        <>
          <p>
            One audit with every section's grade and evidence, the child and family feedback, findings, the moderation record and the actions:{' '}
            <strong>{audit.caseRef}</strong> ({audit.team}, {audit.status.toLowerCase()}) <GradeBadge grade={audit.overall} />
          </p>
          <button type="button" className="btn btn-primary" disabled={running || job.starting} onClick={() => void job.start({ kind: 'report', auditId: audit.id })}>
            Export report (PDF)
          </button>{' '}
          <a href={`#/audits/${encodeURIComponent(audit.id)}`}>Back to the audit</a>
          <ExportJobPanel progress={job.progress} error={job.error} preview={options.transport === 'preview'} onCancel={() => void job.cancel()} onDismiss={job.reset} />
        </>
      ) : (
        <p className="muted">To export one audit, open it and choose "Export report (PDF)".</p>
      )}
    </section>
  );
}

function PackCard({ options }: { options: ExportOptions }) {
  const job = useExportJob();
  const [programmeId, setProgrammeId] = useState('');
  const [team, setTeam] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const running = job.progress?.state === 'running';
  const make = () =>
    void job.start({ kind: 'pack', programmeId: programmeId || undefined, team: team || undefined, from: from || undefined, to: to || undefined });
  return (
    <section className="card" aria-labelledby="pack-title">
      <h2 id="pack-title">Audit pack (PDF)</h2>
      <p className="muted">
        For senior leaders, improvement boards and inspectors: cover, contents, summary figures and charts, every audit with its moderation record, then the action plan. Every page is marked OFFICIAL-SENSITIVE; the last page prints the history hash so the pack can be checked against the database.
      </p>
      <form
        className="pack-scope"
        onSubmit={(e) => {
          e.preventDefault();
          make();
        }}
      >
        {options.programmes.length ? (
          <div className="field">
            <label htmlFor="pack-programme">Programme</label>
            <select id="pack-programme" value={programmeId} onChange={(e) => setProgrammeId(e.target.value)}>
              <option value="">Any programme</option>
              {options.programmes.map((p) => (
                <option key={p.id} value={p.id}>{p.name}</option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="pack-team">Team</label>
          <select id="pack-team" value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">All teams</option>
            {options.teams.map((t) => (
              <option key={t} value={t}>{t}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="pack-from">Audits from</label>
          <input id="pack-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="pack-to">to</label>
          <input id="pack-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="pack-go">
          <button type="submit" className="btn btn-primary" disabled={running || job.starting}>
            {job.starting ? 'Starting…' : 'Make the pack'}
          </button>
        </div>
      </form>
      <p className="field-hint">
        {options.packAudits} submitted, moderated or agreed audits
        {options.firstDate && options.lastDate ? `, dated ${ukDate(options.firstDate)} to ${ukDate(options.lastDate)}` : ''}. Leave a box empty to include everything.
      </p>
      <ExportJobPanel progress={job.progress} error={job.error} preview={options.transport === 'preview'} onCancel={() => void job.cancel()} onDismiss={job.reset} />
    </section>
  );
}

function DataCard({ options }: { options: ExportOptions }) {
  const job = useExportJob();
  const running = job.progress?.state === 'running' || job.starting;
  return (
    <section className="card" aria-labelledby="data-title">
      <h2 id="data-title">Data for performance teams</h2>
      <p className="muted">
        Cases, audits, grades (auditor, moderator and agreed, with reason codes), actions and moderation: as CSV files or one Excel workbook with a sheet each. Dates are real dates, grades come with their labels, and text that a spreadsheet could run as a formula is neutralised.
      </p>
      <div className="page-actions">
        <button type="button" className="btn" disabled={running} onClick={() => void job.start({ kind: 'data', format: 'xlsx' })}>
          Export Excel workbook (XLSX)
        </button>
        <button type="button" className="btn" disabled={running} onClick={() => void job.start({ kind: 'data', format: 'csv' })}>
          Export CSV files
        </button>
      </div>
      <ExportJobPanel progress={job.progress} error={job.error} preview={options.transport === 'preview'} onCancel={() => void job.cancel()} onDismiss={job.reset} />
    </section>
  );
}

export function ReportsPage({ path }: { params: Record<string, string>; path: string }) {
  const auditId = queryParams(path).get('audit') ?? undefined;
  const { data, error, loading, reload } = useCall('exports:options', { auditId });
  const role = useSession((st) => st.info?.person?.role);
  return (
    <>
      <PageHeader title="Reports and exports" subtitle="Everything you export is recorded in the history: who, what and when." />
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          {data.audit ? <AuditReportCard options={data} /> : null}
          {!mayExport(role, 'pack') ? (
            <p className="card muted">Audit packs and data exports are made by moderators and QA leads. You can export the report of any single audit from the audit itself.</p>
          ) : (
            <PackCard options={data} />
          )}
          {mayExport(role, 'data') ? <DataCard options={data} /> : mayExport(role, 'pack') ? <p className="card muted">Data exports (CSV and XLSX) are made by QA leads.</p> : null}
          {!data.audit ? <AuditReportCard options={data} /> : null}
          <p className="muted export-folder">
            {data.folder ? (
              <>
                Exports are saved in <code>{data.folder}</code>.
              </>
            ) : (
              'In the browser preview, you download each export from here; the copy on the computer running Plumbline is then deleted, and one never downloaded is deleted after 24 hours.'
            )}
          </p>
        </>
      ) : null}
    </>
  );
}
