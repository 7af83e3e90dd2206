import { useEffect, useMemo, useRef } from 'react';
import { keyFindingsLimit } from '../../../../shared/api/audits';
import { navigate, queryParams } from '../../app/router';
import { ErrorBanner, Loading, StatusPill } from '../../components/ui';
import { AuditActionsPanel } from '../actions/AuditActionsPanel';
import { EditorBanners } from './Banners';
import { FeedbackStep } from './FeedbackStep';
import { KeyFindingsStep } from './KeyFindingsStep';
import { ListsStep } from './ListsStep';
import { OverallStep } from './OverallStep';
import { ProgressRail } from './ProgressRail';
import { SaveState } from './SaveState';
import { SectionStep } from './SectionStep';
import { StepHeading } from './StepHeading';
import { editorSteps, sectionsDone, type StepInfo } from './steps';
import { queueFor, useEditor } from './store';
import { SubmitStep } from './SubmitStep';
import { caseTypeText } from '../../format';
import { SendForModeration } from '../bundles/SendForModeration';

const goTo = (auditId: string, step: string) => navigate(`/audits/${encodeURIComponent(auditId)}?step=${encodeURIComponent(step)}`);

function StepNav({ auditId, prev, next }: { auditId: string; prev?: StepInfo; next?: StepInfo }) {
  return (
    <div className="step-nav">
      {prev ? (
        <button type="button" className="btn" onClick={() => goTo(auditId, prev.id)}>
          ← Previous: {prev.railLabel}
        </button>
      ) : (
        <span />
      )}
      {next ? (
        <button type="button" className="btn btn-primary" onClick={() => goTo(auditId, next.id)}>
          Next: {next.railLabel} →
        </button>
      ) : null}
    </div>
  );
}

/** Warns before the window closes while a change is still on its way. */
function useUnloadGuard(auditId: string) {
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      const queue = queueFor(auditId);
      if (queue?.hasUnsaved()) {
        queue.flushNow();
        e.preventDefault();
        e.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      queueFor(auditId)?.flushNow();
    };
  }, [auditId]);
}

/** The guided audit editor at #/audits/:id?step=…: header, progress rail and the current step. */
export function AuditEditorPage({ params, path }: { params: Record<string, string>; path: string }) {
  const id = params.id;
  const { audit, values, loadError, status, unsaved, load, edit } = useEditor();
  const requested = queryParams(path).get('step');
  useEffect(() => {
    void load(id);
  }, [id, load]);
  useUnloadGuard(id);

  const limit = audit ? keyFindingsLimit(audit.template) : 150;
  const steps = useMemo(() => (audit && values ? editorSteps(audit.template, values, limit) : []), [audit, values, limit]);
  const index = Math.max(0, steps.findIndex((s) => s.id === requested));
  const step = steps[index];
  const ready = !!(audit && values && audit.id === id);

  // A new step: send what is queued, and put the focus on its heading.
  const lastStep = useRef<string | null>(null);
  useEffect(() => {
    if (!ready || !step) return;
    if (lastStep.current !== null && lastStep.current !== step.id) queueFor(id)?.flushNow();
    lastStep.current = step.id;
    document.getElementById('step-heading')?.focus();
  }, [ready, step?.id, id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || !ready) return;
      const target = e.code === 'KeyN' ? steps[index + 1] : e.code === 'KeyP' ? steps[index - 1] : undefined;
      if (!target) return;
      e.preventDefault();
      goTo(id, target.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ready, steps, index, id]);

  if (loadError) return <ErrorBanner error={loadError} onRetry={() => void load(id)} />;
  if (!ready || !audit || !values || !step) return <Loading label="Opening the audit…" />;

  const readOnly = !audit.canEdit;
  const { done, total } = sectionsDone(audit.template, values);
  const section = audit.template.sections.find((s) => s.key === step.id);
  const sectionTitles = Object.fromEntries(audit.template.sections.map((s) => [s.key, `Section ${s.number}: ${s.title}`]));
  let body;
  if (section) body = <SectionStep section={section} values={values} concernWords={audit.template.concernWords} edit={edit} />;
  else if (step.id === 'feedback') body = <FeedbackStep values={values} edit={edit} />;
  else if (step.id === 'findings') body = <KeyFindingsStep template={audit.template} values={values} edit={edit} />;
  else if (step.id === 'lists') body = <ListsStep values={values} edit={edit} />;
  else if (step.id === 'overall') body = <OverallStep template={audit.template} values={values} edit={edit} />;

  return (
    <div className="audit-editor">
      <header className="editor-header">
        <div>
          <p className="eyebrow">Case file audit</p>
          <h1>Case {audit.caseReference}</h1>
          <p className="subtitle">
            {audit.team} · {caseTypeText(audit.caseType)} · Auditor: {audit.auditorName} · {audit.template.name}, version {audit.template.version}
          </p>
        </div>
        <div className="editor-header-side">
          <StatusPill status={audit.status} />
          <SaveState status={status} updatedAt={audit.updatedAt} readOnly={readOnly} />
          <a className="btn btn-small" href={`#/reports?audit=${encodeURIComponent(audit.id)}`}>
            Export report (PDF)
          </a>
          {audit.status === 'submitted' || audit.status === 'in-moderation' ? <SendForModeration auditId={audit.id} /> : null}
        </div>
      </header>
      <EditorBanners audit={audit} status={status} unsaved={unsaved} />
      <div className="editor-layout">
        <ProgressRail auditId={audit.id} steps={steps} current={step.id} done={done} total={total} />
        <section className="editor-step card" aria-labelledby="step-heading">
          {body ? (
            <fieldset className="step-body" disabled={readOnly}>
              {body}
            </fieldset>
          ) : step.id === 'actions' ? (
            <>
              <StepHeading hint="What must happen for the child, who owns it and by when. An overall grade of 3 or 4 needs at least one action.">Actions</StepHeading>
              <AuditActionsPanel auditId={audit.id} caseId={audit.caseId} readOnly={readOnly} sectionTitles={sectionTitles} />
            </>
          ) : (
            <SubmitStep audit={audit} />
          )}
          <StepNav auditId={audit.id} prev={steps[index - 1]} next={steps[index + 1]} />
        </section>
      </div>
    </div>
  );
}
