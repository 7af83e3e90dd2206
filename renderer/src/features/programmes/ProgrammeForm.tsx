import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { PROGRAMME_THEMES, PROGRAMME_TYPE_LABELS, PROGRAMME_TYPES } from '../../../../shared/api/programmes';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { navigate } from '../../app/router';
import { ErrorBanner, PageHeader } from '../../components/ui';

const schema = z
  .object({
    name: z.string().trim().min(3, 'Give the programme a name of at least 3 characters.').max(160, 'The name is too long (160 characters at most).'),
    type: z.enum(PROGRAMME_TYPES, { message: 'Choose monthly, thematic or multi-agency.' }),
    theme: z.string().trim().max(80),
    partners: z.string().trim().max(400),
    templateId: z.string().min(1, 'Choose the template version the audits will use.'),
    periodStart: z.string(),
    periodEnd: z.string(),
    dueDate: z.string(),
  })
  .refine((v) => v.type !== 'thematic' || v.theme !== '', { path: ['theme'], message: 'A thematic programme needs a theme, such as pre-birth or neglect.' })
  .refine((v) => v.type !== 'multi-agency' || v.partners !== '', { path: ['partners'], message: 'Name the partner agencies taking part, e.g. Police, Health.' })
  .refine((v) => !v.periodStart || !v.periodEnd || v.periodEnd >= v.periodStart, { path: ['periodEnd'], message: 'The period cannot end before it starts.' });
type Form = z.infer<typeof schema>;

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? <p className="field-error" id={id}>{message}</p> : null;
}

/** A new programme: what kind, which template version, when. Cases are chosen on the programme's page. */
export function ProgrammeForm() {
  const templates = useCall('templates:list', { status: 'published' });
  const [error, setError] = useState<string | null>(null);
  const { register, handleSubmit, watch, formState } = useForm<Form>({
    resolver: zodResolver(schema),
    values: { name: '', type: 'thematic', theme: '', partners: '', templateId: templates.data?.[0]?.id ?? '', periodStart: '', periodEnd: '', dueDate: '' },
    resetOptions: { keepDirtyValues: true },
  });
  const type = watch('type');
  const errors = formState.errors;
  const submit = handleSubmit(async (v) => {
    try {
      const created = await call('programmes:create', {
        name: v.name,
        type: v.type,
        theme: v.type === 'monthly' ? '' : v.theme,
        partnerAgencies: v.type === 'multi-agency' ? v.partners.split(',').map((p) => p.trim()).filter(Boolean) : [],
        templateId: v.templateId,
        periodStart: v.periodStart || null,
        periodEnd: v.periodEnd || null,
        dueDate: v.dueDate || null,
      });
      navigate(`/programmes/${created.id}`);
    } catch (e) {
      setError((e as Error).message);
    }
  });
  const invalid = (name: keyof Form) => ({ 'aria-invalid': !!errors[name], 'aria-describedby': `pf-${name}-error` });
  return (
    <>
      <PageHeader title="New programme" subtitle={<a href="#/programmes">Back to programmes</a>} />
      <form className="card pg-form" onSubmit={submit} noValidate>
        <ErrorBanner error={error} />
        <div className="field">
          <label htmlFor="pf-name">Name</label>
          <input id="pf-name" type="text" autoFocus {...register('name')} {...invalid('name')} placeholder="e.g. Thematic audit: pre-birth" />
          <FieldError id="pf-name-error" message={errors.name?.message} />
        </div>
        <fieldset className="field">
          <legend>Type</legend>
          {PROGRAMME_TYPES.map((t) => (
            <label key={t} className="radio">
              <input type="radio" value={t} {...register('type')} /> {PROGRAMME_TYPE_LABELS[t]}
            </label>
          ))}
        </fieldset>
        {type !== 'monthly' ? (
          <div className="field">
            <label htmlFor="pf-theme">Theme{type === 'multi-agency' ? ' (optional)' : ''}</label>
            <input id="pf-theme" type="text" list="pf-themes" {...register('theme')} {...invalid('theme')} />
            <datalist id="pf-themes">{PROGRAMME_THEMES.map((t) => <option key={t} value={t} />)}</datalist>
            <p className="field-hint">For example pre-birth, neglect, young carers or exploitation.</p>
            <FieldError id="pf-theme-error" message={errors.theme?.message} />
          </div>
        ) : null}
        {type === 'multi-agency' ? (
          <div className="field">
            <label htmlFor="pf-partners">Partner agencies</label>
            <input id="pf-partners" type="text" {...register('partners')} {...invalid('partners')} placeholder="Police, Health, Education" />
            <p className="field-hint">Separate them with commas. Each case can then have a partner auditor.</p>
            <FieldError id="pf-partners-error" message={errors.partners?.message} />
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="pf-template">Template version</label>
          <select id="pf-template" {...register('templateId')} {...invalid('templateId')}>
            {(templates.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>{t.name}, version {t.version}</option>
            ))}
          </select>
          <p className="field-hint">Only published versions can be used. Audits keep the version they start with.</p>
          <FieldError id="pf-templateId-error" message={errors.templateId?.message} />
        </div>
        <div className="pg-dates">
          <div className="field">
            <label htmlFor="pf-start">Period starts</label>
            <input id="pf-start" type="date" {...register('periodStart')} />
          </div>
          <div className="field">
            <label htmlFor="pf-end">Period ends</label>
            <input id="pf-end" type="date" {...register('periodEnd')} {...invalid('periodEnd')} />
            <FieldError id="pf-periodEnd-error" message={errors.periodEnd?.message} />
          </div>
          <div className="field">
            <label htmlFor="pf-due">Audits due by</label>
            <input id="pf-due" type="date" {...register('dueDate')} />
          </div>
        </div>
        <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>Create programme</button>
      </form>
    </>
  );
}
