import { zodResolver } from '@hookform/resolvers/zod';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { ACTION_PRIORITIES, OWNER_ROLE_SUGGESTIONS, type ActionRow } from '../../../../shared/api/actions';
import { ApiError, call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { ErrorBanner } from '../../components/ui';
import { DATE_HINT, DATE_MESSAGE, priorityText, typedDate } from './format';

const schema = z.object({
  title: z.string().trim().min(5, 'Say what must happen for the child (at least 5 characters).').max(500, 'Keep it to 500 characters.'),
  sectionKey: z.string(),
  ownerName: z.string().trim().min(2, "Enter the owner's name.").max(120, 'The name is too long.'),
  ownerRole: z.string().trim().min(2, "Enter the owner's role, e.g. social worker.").max(80, 'The role is too long.'),
  dueDate: z.string().refine((v) => typedDate(v) !== null, DATE_MESSAGE),
  priority: z.string().refine((v) => (ACTION_PRIORITIES as readonly string[]).includes(v), 'Choose a priority.'),
});
type Values = z.infer<typeof schema>;
const EMPTY: Values = { title: '', sectionKey: '', ownerName: '', ownerRole: '', dueDate: '', priority: '' };

/** Add an action to an audit: what must happen, owner (name and role), due date, priority, optional section. */
export function ActionForm({ auditId, sectionTitles, onAdded }: { auditId: string; sectionTitles: Record<string, string>; onAdded: (row: ActionRow) => void }) {
  const facets = useCall('actions:facets', {});
  const [error, setError] = useState<string | null>(null);
  const { register, handleSubmit, formState, reset, setError: setFieldError, setFocus, getValues, setValue } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: EMPTY });
  // Choosing a known person fills in their usual role, unless a role is already typed.
  // Set when Plumbline fills in the role itself, so focusing the field selects it and typing replaces it.
  const roleAutoFilled = useRef(false);
  const fillRole = (name: string) => {
    const person = facets.data?.people.find((p) => p.name.toLowerCase() === name.trim().toLowerCase());
    if (person && !getValues('ownerRole').trim()) {
      setValue('ownerRole', person.role);
      roleAutoFilled.current = true;
    }
  };
  const role = register('ownerRole');
  const owner = register('ownerName');
  const errors = formState.errors;
  const submit = handleSubmit(async (v) => {
    setError(null);
    try {
      const row = await call('actions:add', {
        auditId,
        sectionKey: v.sectionKey || null,
        title: v.title,
        ownerName: v.ownerName,
        ownerRole: v.ownerRole,
        dueDate: typedDate(v.dueDate)!,
        priority: v.priority as ActionRow['priority'],
      });
      reset(EMPTY);
      onAdded(row);
      setFocus('title');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VALIDATION' && /due date/i.test(e.message)) {
        setFieldError('dueDate', { message: e.message });
        setFocus('dueDate');
      } else setError((e as Error).message);
    }
  });
  const err = (name: keyof Values) => (errors[name] ? <p className="field-error" id={`action-${name}-error`}>{errors[name]?.message}</p> : null);
  const by = (name: keyof Values, hint?: string) => [hint, errors[name] ? `action-${name}-error` : null].filter(Boolean).join(' ') || undefined;

  return (
    <form className="action-form" onSubmit={submit} noValidate aria-labelledby="add-action-heading">
      <h3 id="add-action-heading">Add an action</h3>
      <ErrorBanner error={error} />
      <div className="field">
        <label htmlFor="action-title">What must happen for the child</label>
        <textarea id="action-title" rows={2} {...register('title')} aria-invalid={!!errors.title} aria-describedby={by('title', 'action-title-hint')} />
        <p className="field-hint" id="action-title-hint">Specific and owned: what will change for the child, e.g. "See Amy alone and record her views about contact".</p>
        {err('title')}
      </div>
      <div className="action-form-grid">
        <div className="field">
          <label htmlFor="action-owner">Owner</label>
          <input id="action-owner" list="action-people" autoComplete="off" {...owner} onChange={(e) => { void owner.onChange(e); fillRole(e.target.value); }} aria-invalid={!!errors.ownerName} aria-describedby={by('ownerName')} />
          <datalist id="action-people">
            {(facets.data?.people ?? []).map((p) => <option key={`${p.name}-${p.role}`} value={p.name}>{p.role}</option>)}
          </datalist>
          {err('ownerName')}
        </div>
        <div className="field">
          <label htmlFor="action-role">Owner's role</label>
          <input id="action-role" list="action-roles" autoComplete="off" {...role} onChange={(e) => { roleAutoFilled.current = false; void role.onChange(e); }} onFocus={(e) => { if (roleAutoFilled.current) e.target.select(); }} aria-invalid={!!errors.ownerRole} aria-describedby={by('ownerRole')} />
          <datalist id="action-roles">
            {OWNER_ROLE_SUGGESTIONS.map((r) => <option key={r} value={r} />)}
          </datalist>
          {err('ownerRole')}
        </div>
        <div className="field">
          <label htmlFor="action-due">Due date</label>
          <input id="action-due" autoComplete="off" {...register('dueDate')} aria-invalid={!!errors.dueDate} aria-describedby={by('dueDate', 'action-due-hint')} />
          <p className="field-hint" id="action-due-hint">{DATE_HINT}</p>
          {err('dueDate')}
        </div>
        <div className="field">
          <label htmlFor="action-section">From section (optional)</label>
          <select id="action-section" {...register('sectionKey')}>
            <option value="">The audit as a whole</option>
            {Object.entries(sectionTitles).map(([key, title]) => <option key={key} value={key}>{title}</option>)}
          </select>
        </div>
      </div>
      <fieldset className="field" aria-describedby={by('priority')}>
        <legend>Priority</legend>
        {ACTION_PRIORITIES.map((p) => (
          <label key={p} className="radio">
            <input type="radio" value={p} {...register('priority')} /> {priorityText(p)}
          </label>
        ))}
        {err('priority')}
      </fieldset>
      <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? 'Adding…' : 'Add action'}
      </button>
    </form>
  );
}
