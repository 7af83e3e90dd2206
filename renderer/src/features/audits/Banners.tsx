import type { AuditDetail, Change } from '../../../../shared/api/audits';
import type { SaveStatus } from './autosave';
import { describeChange } from './changes';

/** Saving stopped: what happened, how to recover, and every unsaved change so it can be copied. */
function StoppedBanner({ audit, status, unsaved }: { audit: AuditDetail; status: Extract<SaveStatus, { kind: 'conflict' | 'failed' }>; unsaved: Change[] }) {
  const conflict = status.kind === 'conflict';
  return (
    <div className="banner banner-error editor-banner" role="alert">
      <div>
        <p>
          <strong>Not saved.</strong> {status.message}
        </p>
        <p>
          {conflict ? 'Saving has stopped so nothing is overwritten. ' : ''}
          {unsaved.length > 0 ? 'Your unsaved change is shown below so you can copy it before you reload.' : ''}
        </p>
        {unsaved.length > 0 ? (
          <details open className="unsaved">
            <summary>Not saved ({unsaved.length})</summary>
            <dl>
              {unsaved.map((c, i) => {
                const d = describeChange(audit.template, c);
                return (
                  <div key={i}>
                    <dt>{d.label}</dt>
                    <dd>
                      <pre>{d.value}</pre>
                    </dd>
                  </div>
                );
              })}
            </dl>
          </details>
        ) : null}
      </div>
      <button type="button" className="btn btn-small" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}

export function EditorBanners({ audit, status, unsaved }: { audit: AuditDetail; status: SaveStatus; unsaved: Change[] }) {
  return (
    <>
      {status.kind === 'conflict' || status.kind === 'failed' ? <StoppedBanner audit={audit} status={status} unsaved={unsaved} /> : null}
      {status.kind === 'retrying' ? (
        <div className="banner banner-warning-inline editor-banner" role="status">
          Plumbline is not answering, so your latest change is not saved yet. It will keep trying; keep this window open.
        </div>
      ) : null}
      {audit.status === 'returned' && audit.returnedReason ? (
        <div className="banner banner-info editor-banner" role="status">
          <span>
            <strong>Returned by the moderator:</strong> {audit.returnedReason}
          </span>
        </div>
      ) : null}
      {!audit.canEdit && audit.readOnlyReason ? (
        <div className="banner banner-info editor-banner read-only-banner" role="status">
          <span>
            <strong>Read-only.</strong> {audit.readOnlyReason}
          </span>
        </div>
      ) : null}
    </>
  );
}
