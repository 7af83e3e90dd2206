import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { passphraseSchema, type Person } from '../../../../shared/api/session';
import { ApiError, call } from '../../api/client';
import { ErrorBanner } from '../../components/ui';

const schema = z
  .object({
    current: z.string().min(1, 'Enter your current passphrase.'),
    next: passphraseSchema,
    repeat: z.string().min(1, 'Type the new passphrase again.'),
  })
  .refine((v) => v.next === v.repeat, { message: 'The two new passphrases are not the same. Type it again.', path: ['repeat'] })
  .refine((v) => v.next !== v.current, { message: 'Choose a passphrase different from your current one.', path: ['next'] });
type Form = z.infer<typeof schema>;

/**
 * Current passphrase, then the new one twice. The rules are the contract's (12 characters or more);
 * the core refuses common passphrases, and its message is shown beside the field it concerns.
 */
export function ChangePassphraseForm({ onChanged, currentLabel = 'Current passphrase', submitLabel = 'Change passphrase' }: { onChanged: (person: Person) => void; currentLabel?: string; submitLabel?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const { register, handleSubmit, formState, setError: setFieldError, setFocus, reset } = useForm<Form>({ resolver: zodResolver(schema), defaultValues: { current: '', next: '', repeat: '' } });
  const errors = formState.errors;
  const submit = handleSubmit(async ({ current, next }) => {
    setError(null);
    setDone(false);
    try {
      const { person } = await call('session:changePassphrase', { current, next });
      reset();
      setDone(true);
      onChanged(person);
    } catch (e) {
      const code = e instanceof ApiError ? e.code : '';
      const field = code === 'PASSPHRASE' ? 'current' : code === 'VALIDATION' || code === 'INVALID_INPUT' ? 'next' : null;
      if (field) {
        setFieldError(field, { message: (e as Error).message });
        setFocus(field);
      } else setError((e as Error).message);
    }
  });
  const describedBy = (name: keyof Form, hint?: string) => [hint, errors[name] ? `pass-${name}-error` : null].filter(Boolean).join(' ') || undefined;
  const fieldError = (name: keyof Form) => (errors[name] ? <p className="field-error" id={`pass-${name}-error`}>{errors[name]?.message}</p> : null);
  return (
    <form onSubmit={submit} noValidate aria-label={submitLabel}>
      <ErrorBanner error={error} />
      {done ? <div className="banner banner-ok" role="status">Your passphrase has been changed. Use the new one from now on.</div> : null}
      <div className="field">
        <label htmlFor="pass-current">{currentLabel}</label>
        <input id="pass-current" type="password" autoComplete="current-password" {...register('current')} aria-invalid={!!errors.current} aria-describedby={describedBy('current')} />
        {fieldError('current')}
      </div>
      <div className="field">
        <label htmlFor="pass-next">New passphrase</label>
        <input id="pass-next" type="password" autoComplete="new-password" {...register('next')} aria-invalid={!!errors.next} aria-describedby={describedBy('next', 'pass-next-hint')} />
        <p className="field-hint" id="pass-next-hint">At least 12 characters. A few unrelated words are easy to remember and hard to guess; common passphrases are refused.</p>
        {fieldError('next')}
      </div>
      <div className="field">
        <label htmlFor="pass-repeat">New passphrase again</label>
        <input id="pass-repeat" type="password" autoComplete="new-password" {...register('repeat')} aria-invalid={!!errors.repeat} aria-describedby={describedBy('repeat')} />
        {fieldError('repeat')}
      </div>
      <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? 'Changing…' : submitLabel}
      </button>
    </form>
  );
}
