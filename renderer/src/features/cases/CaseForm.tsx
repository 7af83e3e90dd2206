import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { AGE_BANDS, CASE_TYPES, type CaseFields, type CaseRecord } from '../../../../shared/api/cases';
import { ApiError, call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { navigate } from '../../app/router';
import { ErrorBanner, Loading, PageHeader } from '../../components/ui';
import { ageBandText, caseTypeText, dateForInput, dateInput } from '../../format';

const DATE_MESSAGE = 'Enter a real date, for example 23/11/2026 or 23 Nov 2026.';
const schema = z
  .object({
    reference: z.string().trim().min(1, 'Enter the case reference.').max(64, 'The case reference is too long (64 characters at most).'),
    team: z.string().trim().min(1, 'Enter the team.').max(80, 'The team name is too long (80 characters at most).'),
    worker: z.string().trim().max(80, 'The worker name is too long (80 characters at most).'),
    caseType: z.string().refine((v) => (CASE_TYPES as readonly string[]).includes(v), 'Choose a case type.'),
    ageBand: z.string().refine((v) => (AGE_BANDS as readonly string[]).includes(v), 'Choose an age band.'),
    openedOn: z.string().refine((v) => dateInput(v) !== undefined, DATE_MESSAGE),
    closedOn: z.string().refine((v) => dateInput(v) !== undefined, DATE_MESSAGE),
  })
  .refine(
    (f) => {
      const opened = dateInput(f.openedOn);
      const closed = dateInput(f.closedOn);
      return !opened || !closed || closed >= opened;
    },
    { message: 'The closing date cannot be before the opening date.', path: ['closedOn'] },
  );
type FormValues = z.infer<typeof schema>;

const EMPTY: FormValues = { reference: '', team: '', worker: '', caseType: '', ageBand: '', openedOn: '', closedOn: '' };

function toFields(v: FormValues): CaseFields {
  return {
    reference: v.reference.trim(),
    team: v.team.trim(),
    worker: v.worker.trim(),
    caseType: v.caseType as CaseFields['caseType'],
    ageBand: v.ageBand as CaseFields['ageBand'],
    openedOn: dateInput(v.openedOn) ?? null,
    closedOn: dateInput(v.closedOn) ?? null,
  };
}

/** Add or edit a case: labelled fields, errors beside each, dates as people write them. */
export function CaseForm({ initial, submitLabel, onSave, cancelHref }: { initial?: CaseRecord; submitLabel: string; onSave: (fields: CaseFields) => Promise<CaseRecord>; cancelHref: string }) {
  const [error, setError] = useState<string | null>(null);
  const teams = useCall('cases:teams', {});
  const { register, handleSubmit, formState, setError: setFieldError, setFocus } = useForm<FormValues>({
    resolver: zodResolver(schema),
    defaultValues: initial
      ? { ...initial, openedOn: dateForInput(initial.openedOn), closedOn: dateForInput(initial.closedOn) }
      : EMPTY,
  });
  const errors = formState.errors;
  const submit = handleSubmit(async (values) => {
    setError(null);
    try {
      const saved = await onSave(toFields(values));
      navigate(`/cases/${encodeURIComponent(saved.id)}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VALIDATION' && /reference/i.test(e.message)) {
        setFieldError('reference', { message: e.message });
        setFocus('reference');
      } else setError((e as Error).message);
    }
  });
  const describedBy = (name: keyof FormValues, hint?: string) => [hint, errors[name] ? `case-${name}-error` : null].filter(Boolean).join(' ') || undefined;
  const fieldError = (name: keyof FormValues) =>
    errors[name] ? <p className="field-error" id={`case-${name}-error`}>{errors[name]?.message}</p> : null;

  return (
    <form className="card case-form" onSubmit={submit} noValidate aria-label={submitLabel}>
      <ErrorBanner error={error} />
      <div className="field">
        <label htmlFor="case-reference">Case reference</label>
        <input id="case-reference" autoComplete="off" {...register('reference')} aria-invalid={!!errors.reference} aria-describedby={describedBy('reference', 'case-reference-hint')} />
        <p className="field-hint" id="case-reference-hint">The ID in your case management system. No names are needed.</p>
        {fieldError('reference')}
      </div>
      <div className="grid-2">
        <div className="field">
          <label htmlFor="case-team">Team</label>
          <input id="case-team" list="case-team-list" autoComplete="off" {...register('team')} aria-invalid={!!errors.team} aria-describedby={describedBy('team')} />
          <datalist id="case-team-list">{(teams.data ?? []).map((t) => <option key={t} value={t} />)}</datalist>
          {fieldError('team')}
        </div>
        <div className="field">
          <label htmlFor="case-worker">Allocated worker (optional)</label>
          <input id="case-worker" autoComplete="off" {...register('worker')} aria-invalid={!!errors.worker} aria-describedby={describedBy('worker')} />
          {fieldError('worker')}
        </div>
        <div className="field">
          <label htmlFor="case-type">Case type</label>
          <select id="case-type" {...register('caseType')} aria-invalid={!!errors.caseType} aria-describedby={describedBy('caseType')}>
            <option value="">Choose…</option>
            {CASE_TYPES.map((t) => <option key={t} value={t}>{caseTypeText(t)}</option>)}
          </select>
          {fieldError('caseType')}
        </div>
        <div className="field">
          <label htmlFor="case-age">Age band</label>
          <select id="case-age" {...register('ageBand')} aria-invalid={!!errors.ageBand} aria-describedby={describedBy('ageBand')}>
            <option value="">Choose…</option>
            {AGE_BANDS.map((a) => <option key={a} value={a}>{ageBandText(a)}</option>)}
          </select>
          {fieldError('ageBand')}
        </div>
        <div className="field">
          <label htmlFor="case-opened">Opened on (optional)</label>
          <input id="case-opened" autoComplete="off" {...register('openedOn')} aria-invalid={!!errors.openedOn} aria-describedby={describedBy('openedOn', 'case-date-hint')} />
          {fieldError('openedOn')}
        </div>
        <div className="field">
          <label htmlFor="case-closed">Closed on (optional)</label>
          <input id="case-closed" autoComplete="off" {...register('closedOn')} aria-invalid={!!errors.closedOn} aria-describedby={describedBy('closedOn', 'case-date-hint')} />
          {fieldError('closedOn')}
        </div>
      </div>
      <p className="field-hint" id="case-date-hint">Dates as 23/11/2026, 2026-11-23 or 23 Nov 2026.</p>
      <div className="cases-buttons">
        <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? 'Saving…' : submitLabel}
        </button>
        <a className="btn cases-btn" href={cancelHref}>Cancel</a>
      </div>
    </form>
  );
}

export function NewCasePage() {
  return (
    <>
      <p className="cases-crumbs"><a href="#/cases">Cases</a></p>
      <PageHeader title="Add a case" subtitle="One child's file, as the audit will see it." />
      <CaseForm submitLabel="Add case" cancelHref="#/cases" onSave={(fields) => call('cases:create', fields)} />
    </>
  );
}

export function EditCasePage({ params }: { params: Record<string, string> }) {
  const { data, error, reload } = useCall('cases:get', { id: params.id });
  const back = `#/cases/${encodeURIComponent(params.id)}`;
  return (
    <>
      <p className="cases-crumbs"><a href="#/cases">Cases</a> › <a href={back}>{data?.case.reference ?? 'Case'}</a></p>
      <PageHeader title={data ? `Edit case ${data.case.reference}` : 'Edit case'} />
      <ErrorBanner error={error} onRetry={reload} />
      {data ? (
        <CaseForm initial={data.case} submitLabel="Save changes" cancelHref={back} onSave={(fields) => call('cases:update', { id: params.id, fields })} />
      ) : error ? null : (
        <Loading />
      )}
    </>
  );
}
