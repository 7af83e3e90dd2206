import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { ROLE_LABELS, ROLES, type SessionInfo } from '../../../../shared/api/session';
import { call } from '../../api/client';
import { ErrorBanner } from '../../components/ui';

const schema = z.object({
  name: z.string().trim().min(2, 'Enter your full name (at least 2 characters).').max(120, 'Name is too long.'),
  role: z.enum(ROLES, { message: 'Choose your role.' }),
  jobTitle: z.string().trim().max(120),
});
type Form = z.infer<typeof schema>;

/** First start: who is working on this laptop. Every change is recorded under this name. */
export function ProfileSetup({ info, onDone }: { info: SessionInfo; onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<Form>({ resolver: zodResolver(schema), defaultValues: { name: '', role: 'auditor', jobTitle: '' } });
  const submit = handleSubmit(async (values) => {
    try {
      await call('users:create', { ...values, managesTeams: [] });
      onDone();
    } catch (e) {
      setError((e as Error).message);
    }
  });
  const choose = async (userId: string) => {
    try {
      await call('session:switch', { userId });
      onDone();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <main className="onboarding">
      <div className="card onboarding-card">
        <h1>Welcome to Plumbline</h1>
        <p>Tell Plumbline who is working on this laptop. Every grade, change and export is recorded under your name.</p>
        <ErrorBanner error={error} />
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="profile-name">Your name</label>
            <input id="profile-name" autoFocus autoComplete="name" {...register('name')} aria-invalid={!!formState.errors.name} aria-describedby="profile-name-error" />
            {formState.errors.name ? <p className="field-error" id="profile-name-error">{formState.errors.name.message}</p> : null}
          </div>
          <div className="field">
            <label htmlFor="profile-title">Job title (optional)</label>
            <input id="profile-title" {...register('jobTitle')} />
          </div>
          <fieldset className="field">
            <legend>Your role</legend>
            {ROLES.map((role) => (
              <label key={role} className="radio">
                <input type="radio" value={role} {...register('role')} /> {ROLE_LABELS[role]}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
            Create my profile
          </button>
        </form>
        {info.users.length > 0 ? (
          <section className="existing-profiles" aria-labelledby="existing-heading">
            <h2 id="existing-heading">Or continue as</h2>
            <ul>
              {info.users.map((u) => (
                <li key={u.id}>
                  <button type="button" className="btn btn-link" onClick={() => void choose(u.id)}>
                    {u.name} — {ROLE_LABELS[u.role]}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </main>
  );
}
