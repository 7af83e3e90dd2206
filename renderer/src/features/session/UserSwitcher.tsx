import { useState } from 'react';
import { ROLE_LABELS, type SessionInfo } from '../../../../shared/api/session';
import { call } from '../../api/client';
import { useSession } from '../../app/session';

/** Switch the person working on this laptop (full sign-in comes later). */
export function UserSwitcher({ info }: { info: SessionInfo }) {
  const set = useSession((s) => s.set);
  const [error, setError] = useState<string | null>(null);
  return (
    <label className="user-switcher">
      <span className="visually-hidden">Switch user</span>
      <select
        aria-label="Switch user"
        value={info.user?.id ?? ''}
        onChange={async (e) => {
          try {
            set(await call('session:switch', { userId: e.target.value }));
            setError(null);
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      >
        {info.users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name} ({ROLE_LABELS[u.role]})
          </option>
        ))}
      </select>
      {error ? <span role="alert" className="field-error">{error}</span> : null}
    </label>
  );
}
