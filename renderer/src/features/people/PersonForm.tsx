import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { emailSchema, personNameSchema, ROLE_LABELS, ROLES, teamsSchema, type Person, type Role } from '../../../../shared/api/session';
import { ApiError } from '../../api/client';
import { ErrorBanner } from '../../components/ui';
import { splitTeams } from './format';

const ROLE_HINTS: Record<Role, string> = {
  auditor: 'Grades the case files allocated to them.',
  moderator: 'Moderates audits and verifies actions.',
  'qa-lead': 'Plans programmes, manages people and sees every team.',
};

/** The contract's own field schemas; teams typed in one box, agency blank for council staff. */
const schema = z.object({
  name: personNameSchema,
  email: emailSchema,
  role: z.enum(ROLES, { message: 'Choose a role.' }),
  teams: z
    .string()
    .transform(splitTeams)
    .refine((teams) => teams.every((t) => t.length <= 80), 'Each team name can have up to 80 characters.')
    .refine((teams) => teams.length <= 50, 'A person can be in up to 50 teams.')
    .pipe(teamsSchema),
  agency: z
    .string()
    .trim()
    .max(120, 'The agency name is too long (120 characters at most).')
    .transform((v) => (v ? v : null)),
});
type FormInput = z.input<typeof schema>;
export type PersonFields = z.output<typeof schema>;

const FIELD_FOR_MESSAGE: [RegExp, keyof FormInput][] = [
  [/email|login/i, 'email'],
  [/name/i, 'name'],
  [/role|QA lead/i, 'role'],
];

/** Add or edit a person: labelled fields, errors beside each, the server's refusal beside the field it names. */
export function PersonForm({ initial, submitLabel, onSave, cancelHref, children }: { initial?: Person; submitLabel: string; onSave: (fields: PersonFields) => Promise<void>; cancelHref: string; children?: React.ReactNode }) {
  const [error, setError] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError: setFieldError, setFocus } = useForm<FormInput, unknown, PersonFields>({
    resolver: zodResolver(schema),
    defaultValues: initial
      ? { name: initial.name, email: initial.email, role: initial.role, teams: initial.teams.join(', '), agency: initial.agency ?? '' }
      : { name: '', email: '', role: 'auditor', teams: '', agency: '' },
  });
  const errors = formState.errors;
  const submit = handleSubmit(async (values) => {
    setError(null);
    try {
      await onSave(values);
    } catch (e) {
      const field = e instanceof ApiError && (e.code === 'VALIDATION' || e.code === 'CONFLICT') ? FIELD_FOR_MESSAGE.find(([re]) => re.test(e.message))?.[1] : undefined;
      if (field) {
        setFieldError(field, { message: (e as Error).message });
        setFocus(field);
      } else setError((e as Error).message);
    }
  });
  const describedBy = (name: keyof FormInput, hint?: string) => [hint, errors[name] ? `person-${name}-error` : null].filter(Boolean).join(' ') || undefined;
  const fieldError = (name: keyof FormInput) => (errors[name] ? <p className="field-error" id={`person-${name}-error`}>{errors[name]?.message}</p> : null);

  return (
    <form className="card person-form" onSubmit={submit} noValidate aria-label={submitLabel}>
      <ErrorBanner error={error} />
      <div className="grid-2">
        <div className="field">
          <label htmlFor="person-name">Full name</label>
          <input id="person-name" autoComplete="off" {...register('name')} aria-invalid={!!errors.name} aria-describedby={describedBy('name')} />
          {fieldError('name')}
        </div>
        <div className="field">
          <label htmlFor="person-email">Email address</label>
          <input id="person-email" type="email" autoComplete="off" spellCheck={false} {...register('email')} aria-invalid={!!errors.email} aria-describedby={describedBy('email', 'person-email-hint')} />
          <p className="field-hint" id="person-email-hint">They sign in with it. Each person has their own.</p>
          {fieldError('email')}
        </div>
      </div>
      <fieldset className="radio-group" aria-describedby={errors.role ? 'person-role-error' : undefined}>
        <legend>Role</legend>
        <div className="person-roles">
          {ROLES.map((role) => (
            <label key={role} className="person-role">
              <input type="radio" value={role} {...register('role')} />
              <span>
                <strong>{ROLE_LABELS[role]}</strong>
                <span className="muted"> — {ROLE_HINTS[role]}</span>
              </span>
            </label>
          ))}
        </div>
        {fieldError('role')}
      </fieldset>
      <div className="grid-2">
        <div className="field">
          <label htmlFor="person-teams">Teams (optional)</label>
          <input id="person-teams" autoComplete="off" {...register('teams')} aria-invalid={!!errors.teams} aria-describedby={describedBy('teams', 'person-teams-hint')} />
          <p className="field-hint" id="person-teams-hint">The teams they work in or manage, separated by commas: North, Hub.</p>
          {fieldError('teams')}
        </div>
        <div className="field">
          <label htmlFor="person-agency">Agency (optional)</label>
          <input id="person-agency" autoComplete="off" {...register('agency')} aria-invalid={!!errors.agency} aria-describedby={describedBy('agency', 'person-agency-hint')} />
          <p className="field-hint" id="person-agency-hint">Only for partner auditors from an outside agency. Leave blank for council staff.</p>
          {fieldError('agency')}
        </div>
      </div>
      {children}
      <div className="cases-buttons">
        <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? 'Saving…' : submitLabel}
        </button>
        <a className="btn people-link" href={cancelHref}>Cancel</a>
      </div>
    </form>
  );
}
