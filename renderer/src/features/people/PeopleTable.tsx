import type { Person } from '../../../../shared/api/session';
import { roleText, signInState, teamsText } from './format';

/** Lets a long address wrap after the @ rather than mid-word. */
function emailParts(email: string) {
  const at = email.indexOf('@');
  return at < 0 ? email : <>{email.slice(0, at + 1)}<wbr />{email.slice(at + 1)}</>;
}

export interface RowActions {
  onOneTime: (p: Person) => void;
  onActive: (p: Person, active: boolean) => void;
}

/** Everyone who can (or once could) sign in, with what the QA lead can do for each. */
export function PeopleTable({ people, meId, actions }: { people: Person[]; meId: string | null; actions: RowActions }) {
  return (
    <div className="people-table-wrap">
      <table className="data people-table">
        <caption className="visually-hidden">People who use Plumbline, by name</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Teams</th>
            <th scope="col">Agency</th>
            <th scope="col">Status</th>
            <th scope="col"><span className="visually-hidden">What you can do</span></th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => {
            const state = signInState(p);
            const self = p.id === meId;
            return (
              <tr key={p.id} className={p.active ? undefined : 'people-inactive'}>
                <th scope="row">
                  {p.name}
                  {self ? <span className="muted"> (you)</span> : null}
                </th>
                <td className="people-email">{emailParts(p.email)}</td>
                <td>{roleText(p)}</td>
                <td>{teamsText(p.teams)}</td>
                <td>{p.agency ?? '—'}</td>
                <td><span className={`people-state people-state-${state.tone}`}>{state.text}</span></td>
                <td className="people-actions">
                  {p.active ? (
                    <>
                      <a className="btn btn-small people-link" href={`#/people/${encodeURIComponent(p.id)}/edit`}>
                        Edit<span className="visually-hidden"> {p.name}</span>
                      </a>
                      {self ? null : (
                        <>
                          <button type="button" className="btn btn-small" onClick={() => actions.onOneTime(p)}>
                            One-time passphrase<span className="visually-hidden"> for {p.name}</span>
                          </button>
                          <button type="button" className="btn btn-small btn-danger" onClick={() => actions.onActive(p, false)}>
                            Deactivate<span className="visually-hidden"> {p.name}</span>
                          </button>
                        </>
                      )}
                    </>
                  ) : (
                    <button type="button" className="btn btn-small" onClick={() => actions.onActive(p, true)}>
                      Reactivate<span className="visually-hidden"> {p.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
