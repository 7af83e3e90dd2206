import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { emailSchema, passphraseSchema, personNameSchema } from '../../../../shared/api/session';
import { call } from '../../api/client';
import { ErrorBanner } from '../../components/ui';
import { JoinTeamSection } from '../sync/JoinTeam';

const schema = z
  .object({ name: personNameSchema, email: emailSchema, passphrase: passphraseSchema, again: z.string() })
  .refine((v) => v.passphrase === v.again, { message: 'The two passphrases are not the same.', path: ['again'] });
type Form = z.input<typeof schema>;

/**
 * A database nobody can sign in to yet: start a standalone database (its first person is its QA
 * lead) or explore the demo (a separate file; demo data never enters this one).
 */
export function FirstStartPage({ onDone }: { onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<Form>({ resolver: zodResolver(schema), defaultValues: { name: '', email: '', passphrase: '', again: '' } });
  const errors = formState.errors;
  const submit = handleSubmit(async (values) => {
    try {
      await call('session:setup', { name: values.name, email: values.email, passphrase: values.passphrase });
      onDone();
    } catch (e) {
      setError((e as Error).message);
    }
  });
  const demo = async () => {
    try {
      await call('session:exploreDemo', {});
      onDone();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const field = (id: keyof Form, label: string, props: Record<string, unknown>, hint?: string) => (
    <div className="field">
      <label htmlFor={`first-${id}`}>{label}</label>
      {hint ? <p className="hint" id={`first-${id}-hint`}>{hint}</p> : null}
      <input id={`first-${id}`} {...props} {...register(id)} aria-invalid={!!errors[id]} aria-describedby={[hint ? `first-${id}-hint` : '', errors[id] ? `first-${id}-error` : ''].join(' ').trim() || undefined} />
      {errors[id] ? <p className="field-error" id={`first-${id}-error`}>{errors[id]?.message}</p> : null}
    </div>
  );
  return (
    <main className="onboarding">
      <div className="card onboarding-card">
        <h1>Welcome to Plumbline</h1>
        <p>This database has nobody in it yet. Choose how to start.</p>
        <ErrorBanner error={error} />
        <section aria-labelledby="standalone-heading">
          <h2 id="standalone-heading">Start a standalone database</h2>
          <p>You become its QA lead: you add the auditors and moderators, and they sign in with their own passphrases.</p>
          <form onSubmit={submit} noValidate aria-label="Start a standalone database">
            {field('name', 'Your full name', { autoFocus: true, autoComplete: 'name' })}
            {field('email', 'Your email address (you sign in with it)', { type: 'email', autoComplete: 'username' })}
            {field('passphrase', 'Choose a passphrase', { type: 'password', autoComplete: 'new-password' }, 'At least 12 characters. A few unrelated words work well; common passphrases are refused.')}
            {field('again', 'Type the passphrase again', { type: 'password', autoComplete: 'new-password' })}
            <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
              {formState.isSubmitting ? 'Starting…' : 'Start a standalone database'}
            </button>
          </form>
        </section>
        <JoinTeamSection onDone={onDone} />
        <section aria-labelledby="demo-heading" className="first-start-demo">
          <h2 id="demo-heading">Explore the demo</h2>
          <p>A separate demo database with fictitious people and cases. Nothing you do there touches this database.</p>
          <button type="button" className="btn" onClick={() => void demo()}>
            Explore the demo
          </button>
        </section>
      </div>
    </main>
  );
}
