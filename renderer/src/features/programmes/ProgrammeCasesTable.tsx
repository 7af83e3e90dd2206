import { useState } from 'react';
import type { ProgrammeAuditor, ProgrammeCase, ProgrammePage } from '../../../../shared/api/programmes';
import { call } from '../../api/client';
import { ErrorBanner, StatusPill } from '../../components/ui';
import { caseTypeText, ukDate } from '../../format';

interface Props {
  page: ProgrammePage;
  onChange(page: ProgrammePage): void;
}

/**
 * The auditor of one case. Choosing someone in the select only proposes the move (so arrowing
 * through the list with the keyboard changes nothing); "Move" makes it, with the own-team rule checked.
 */
function AuditorCell({ c, auditors, page, onChange }: { c: ProgrammeCase; auditors: ProgrammeAuditor[] } & Props) {
  const [pending, setPending] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!page.canEdit || c.audit || page.programme.status === 'closed') return <>{c.audit?.auditorName || c.auditorName || 'Not allocated'}</>;
  const move = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      onChange(await call('programmes:assign', { programmeId: page.programme.id, caseId: c.caseId, auditorId: pending }));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPending(null);
      setBusy(false);
    }
  };
  const errorId = `pg-move-${c.caseId}`;
  const changed = pending !== null && pending !== (c.auditorId ?? '');
  return (
    <>
      <div className="pg-move">
        <select
          aria-label={`Auditor for ${c.reference}`}
          value={pending ?? c.auditorId ?? ''}
          disabled={busy}
          onChange={(e) => { setPending(e.target.value); setError(null); }}
          aria-invalid={!!error}
          aria-describedby={error ? errorId : undefined}
        >
          {c.auditorId ? null : <option value="">Not allocated</option>}
          {auditors.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}{a.managesTeams.length ? ` (manages ${a.managesTeams.join(', ')})` : ''}
            </option>
          ))}
        </select>
        {changed ? (
          <>
            <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={() => void move()} aria-label={`Move ${c.reference}`}>Move</button>
            <button type="button" className="btn btn-small" disabled={busy} onClick={() => setPending(null)} aria-label={`Keep ${c.reference} with its auditor`}>Cancel</button>
          </>
        ) : null}
      </div>
      {error ? <p className="field-error pg-move-error" id={errorId} role="alert">{error}</p> : null}
    </>
  );
}

function PartnerCell({ c, page, onChange, onError }: { c: ProgrammeCase; onError(m: string | null): void } & Props) {
  const [name, setName] = useState(c.partnerAuditor);
  const [agency, setAgency] = useState(c.partnerAgency || page.programme.partnerAgencies[0] || '');
  if (!page.canEdit) return <>{c.partnerAuditor ? `${c.partnerAuditor} (${c.partnerAgency})` : '—'}</>;
  const save = async () => {
    if (name === c.partnerAuditor && (agency === c.partnerAgency || !name)) return;
    try {
      onChange(await call('programmes:setPartner', { programmeId: page.programme.id, caseId: c.caseId, partnerAuditor: name.trim(), partnerAgency: agency }));
      onError(null);
    } catch (e) {
      onError((e as Error).message);
    }
  };
  return (
    <div className="pg-partner">
      <input type="text" aria-label={`Partner auditor for ${c.reference}`} value={name} placeholder="Name" onChange={(e) => setName(e.target.value)} onBlur={() => void save()} />
      <select aria-label={`Partner agency for ${c.reference}`} value={agency} onChange={(e) => setAgency(e.target.value)} onBlur={() => void save()}>
        {page.programme.partnerAgencies.map((a) => <option key={a} value={a}>{a}</option>)}
      </select>
    </div>
  );
}

/** The programme's cases: who audits each (a select for the QA lead), how it was chosen, where its audit stands. */
export function ProgrammeCasesTable({ page, onChange }: Props) {
  const [error, setError] = useState<string | null>(null);
  const multi = page.programme.type === 'multi-agency';
  return (
    <>
      <ErrorBanner error={error} />
      <table className="data pg-table pg-cases">
        <caption className="visually-hidden">Cases in this programme</caption>
        <thead>
          <tr>
            <th scope="col">Case</th>
            <th scope="col">Team</th>
            <th scope="col">Type</th>
            <th scope="col">Chosen</th>
            <th scope="col">Auditor</th>
            {multi ? <th scope="col">Partner auditor</th> : null}
            <th scope="col">Audit</th>
          </tr>
        </thead>
        <tbody>
          {page.cases.map((c) => (
            <tr key={c.caseId}>
              <th scope="row" className="pg-ref">{c.reference}</th>
              <td>{c.team}</td>
              <td>{caseTypeText(c.caseType)}</td>
              <td>
                {c.chosenBy === 'sample' ? 'Sample' : 'By hand'}
                {c.chosenBy === 'sample' && c.stratum ? <div className="muted pg-small">{c.stratum}</div> : null}
                {c.includedOnPurpose ? <div className="pg-small pg-on-purpose">Included on purpose (audited {ukDate(c.lastAuditedAt)})</div> : null}
              </td>
              <td><AuditorCell c={c} auditors={page.auditors} page={page} onChange={onChange} /></td>
              {multi ? <td><PartnerCell c={c} page={page} onChange={onChange} onError={setError} /></td> : null}
              <td>{c.audit ? <StatusPill status={c.audit.status} /> : <span className="muted">Not started</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
