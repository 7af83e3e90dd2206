import { useEffect, useState } from 'react';
import type { ModerationView } from '../../../../shared/api/moderation';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { ErrorBanner, Loading, PageHeader, StatusPill } from '../../components/ui';
import { useCan } from '../../app/session';
import { FindingsPanel } from '../serviceFindings/FindingsPanel';
import { AgreementPanel } from './AgreementPanel';
import { AuditorPanel } from './AuditorPanel';
import { BlindGrading } from './BlindGrading';
import { OpenModeration } from './OpenModeration';
import { OutcomePanel, PreviousModerations, RecordTable } from './Outcome';
import { Reconciliation } from './Reconciliation';
import { caseTypeText, ukDate } from '../../format';

export type Act = (fn: () => Promise<ModerationView>) => Promise<boolean>;

/** One audit's moderation: choose the mode, grade (blind or open), reconcile, agree or return. */
export function ModerationPage({ params }: { params: Record<string, string> }) {
  const auditId = params.auditId;
  const mayQueue = useCan('moderation:queue');
  const { data, error, loading, reload } = useCall('moderation:get', { auditId });
  const [view, setView] = useState<ModerationView | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const mayFindings = useCan('serviceActions:add');
  useEffect(() => {
    if (data) setView(data);
  }, [data]);

  const act: Act = async (fn) => {
    try {
      setView(await fn());
      setActionError(null);
      return true;
    } catch (e) {
      setActionError((e as Error).message);
      return false;
    }
  };

  // An auditor reading the agreed grades of their own audit came from their dashboard: only reviewers have the queue.
  const back = !mayQueue ? <a href="#/">Back to your dashboard</a> : <a href="#/moderation">Back to the moderation queue</a>;
  if (error && !view) {
    return (
      <>
        <PageHeader title="Moderation" />
        <div className="banner banner-error" role="alert">{error.message}</div>
        <p>{back}</p>
      </>
    );
  }
  if (loading && !view) return <Loading label="Opening the audit…" />;
  if (!view) return null;

  const m = view.moderation;
  const a = view.audit;
  return (
    <>
      <PageHeader
        title={`Moderation: case ${a.caseReference}`}
        subtitle={<>{back}</>}
        actions={<StatusPill status={a.status} />}
      />
      <section className="card" aria-label="The audit">
        <dl className="facts mod-facts">
          <dt>Case</dt>
          <dd>{a.caseReference}, {caseTypeText(a.caseType)}, age {a.ageBand}, {a.team}</dd>
          <dt>Auditor</dt>
          <dd>{a.auditorName}, submitted {ukDate(a.submittedAt)}</dd>
          <dt>Template</dt>
          <dd>{a.templateName}{a.programmeName ? ` · programme: ${a.programmeName}` : ''}</dd>
          <dt>Sample</dt>
          <dd>{view.pick ? (view.pick.reason === 'random' ? `Picked at random (seed ${view.pick.seed})` : 'Picked because the auditor is outside tolerance') : 'Not picked in a sample'}</dd>
          {m ? (
            <>
              <dt>Moderation</dt>
              <dd>
                {m.mode === 'blind' ? 'Blind' : 'Open'}, by {m.moderatorName}, started {ukDate(m.startedAt)}
                {m.finishedAt ? `, ${m.status === 'agreed' ? 'agreed' : 'returned'} ${ukDate(m.finishedAt)}` : ''}
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      {view.whyNot && !(m && m.finishedAt) ? <div className="banner banner-info" role="status">{view.whyNot}</div> : null}
      <ErrorBanner error={actionError} />

      {view.auditor && view.canAct && m && !m.finishedAt ? <AuditorPanel side={view.auditor} /> : null}
      {!m && view.canAct ? <StartPanel auditId={auditId} act={act} /> : null}
      {m && !m.finishedAt ? (
        // Someone else's moderation in progress is shown, but every control is disabled.
        <fieldset className="mod-frame" disabled={!view.canAct}>
          <legend className="visually-hidden">{view.canAct ? 'Your moderation' : `${m.moderatorName}'s moderation (read only)`}</legend>
          {m.mode === 'blind' && m.status === 'grading' ? <BlindGrading view={view} act={act} /> : null}
          {m.mode === 'open' && m.status === 'grading' ? <OpenModeration view={view} act={act} /> : null}
          {m.status === 'reconciling' ? <Reconciliation view={view} act={act} /> : null}
        </fieldset>
      ) : null}
      {m && m.status === 'agreed' ? <AgreementPanel view={view} act={act} /> : null}
      {m && m.status === 'agreed' ? <RecordTable view={view} /> : null}
      {view.auditor && !(view.canAct && m && !m.finishedAt) ? <AuditorPanel side={view.auditor} /> : null}
      {m && !m.finishedAt && view.canAct && !(m.mode === 'blind' && m.status === 'grading') ? (
        <OutcomePanel view={view} act={act} onDone={reload} />
      ) : null}
      {mayFindings && a.status !== 'draft' ? <FindingsPanel auditId={a.id} defaultTeam={a.team} /> : null}
      <PreviousModerations list={view.previous} />
    </>
  );
}

function StartPanel({ auditId, act }: { auditId: string; act: Act }) {
  return (
    <section className="card" aria-labelledby="start-heading">
      <h2 id="start-heading">How will you moderate this audit?</h2>
      <div className="grid-2">
        <div className="mod-choice">
          <h3>Blind</h3>
          <p>Grade the whole file first without seeing the auditor's grades, findings or warnings. Then compare side by side and agree the differences.</p>
          <button type="button" className="btn btn-primary" onClick={() => void act(() => call('moderation:start', { auditId, mode: 'blind' }))}>
            Start blind moderation
          </button>
        </div>
        <div className="mod-choice">
          <h3>Open</h3>
          <p>See the auditor's grades and evidence, and set your own grade only where you disagree, with a rationale and reason code.</p>
          <button type="button" className="btn" onClick={() => void act(() => call('moderation:start', { auditId, mode: 'open' }))}>
            Start open moderation
          </button>
        </div>
      </div>
    </section>
  );
}
