import { useState } from 'react';
import { useCall } from '../../api/useCall';
import { ErrorBanner, Loading } from '../../components/ui';
import { FindingForm } from './FindingForm';
import { FindingsList } from './FindingsList';
import './findings.css';

/**
 * Service-level findings raised from one audit or one programme (moderators and QA leads):
 * what the service must improve, not one child; kept apart from the audit's actions.
 */
export function FindingsPanel({ auditId = null, programmeId = null, defaultTeam = '' }: { auditId?: string | null; programmeId?: string | null; defaultTeam?: string }) {
  const filter = auditId ? { auditId } : { programmeId: programmeId ?? undefined };
  const { data, error, loading, reload } = useCall('serviceActions:list', filter);
  const [message, setMessage] = useState<string | null>(null);
  const prefix = auditId ? 'audit-finding' : 'programme-finding';
  return (
    <section className="card findings-panel" aria-labelledby={`${prefix}-heading`}>
      <h2 id={`${prefix}-heading`}>Service-level findings</h2>
      <p className="muted">What the service must improve, not one child: owned by a team or the whole service and tracked on the Actions page, apart from actions for the child.</p>
      <ErrorBanner error={error} onRetry={reload} />
      {message ? <div className="banner banner-ok" role="status">{message}</div> : null}
      {loading && !data ? <Loading label="Loading service-level findings…" /> : null}
      {data ? (
        <>
          <FindingsList
            rows={data.rows}
            empty={auditId ? 'None raised from this audit yet.' : 'None raised from this programme yet.'}
            onChanged={(m) => {
              setMessage(m);
              reload();
            }}
          />
          <FindingForm
            idPrefix={prefix}
            auditId={auditId}
            programmeId={programmeId}
            defaultTeam={defaultTeam}
            teams={data.teams}
            onAdded={(f) => {
              setMessage(`Service-level finding raised: '${f.title}'.`);
              reload();
            }}
          />
        </>
      ) : null}
    </section>
  );
}
