import { useEffect, useMemo, useState } from 'react';
import type { Person } from '../../../../shared/api/session';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { useFlash } from '../../app/flash';
import { useSession } from '../../app/session';
import { ConfirmDialog } from '../../components/Dialog';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../../components/ui';
import { OneTimePassphraseFlow } from './OneTimePassphrase';
import { PeopleTable } from './PeopleTable';
import './people.css';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

function matches(p: Person, search: string): boolean {
  const q = search.trim().toLowerCase();
  if (!q) return true;
  return [p.name, p.email, p.agency ?? '', ...p.teams].some((v) => v.toLowerCase().includes(q));
}

/** The QA lead's list of people: add, edit, deactivate, one-time passphrases, import. */
export function PeoplePage() {
  const meId = useSession((s) => s.info?.person?.id ?? null);
  const { data, error, loading, reload } = useCall('people:list', {});
  const flash = useFlash();
  const [notice, setNotice] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [oneTime, setOneTime] = useState<Person | null>(null);
  const [toggle, setToggle] = useState<{ person: Person; active: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [toggleError, setToggleError] = useState<string | null>(null);

  useEffect(() => {
    if (flash.message) {
      setNotice(flash.message);
      flash.clear();
    }
  }, [flash]);

  const people = useMemo(() => [...(data ?? [])].sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'en-GB')), [data]);
  const shown = people.filter((p) => matches(p, search));
  const active = people.filter((p) => p.active).length;

  const setActive = async () => {
    if (!toggle) return;
    setBusy(true);
    setToggleError(null);
    try {
      await call('people:deactivate', { id: toggle.person.id, active: toggle.active });
      setNotice(toggle.active ? `${toggle.person.name} can sign in again.` : `${toggle.person.name} is deactivated and can no longer sign in. Their work stays in the history.`);
      setToggle(null);
      reload();
    } catch (e) {
      setToggleError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title="People"
        subtitle="Everyone who signs in to this database, and their role. Only QA leads see this page."
        actions={
          <>
            <a className="btn btn-primary people-link" href="#/people/new">Add a person</a>
            <a className="btn people-link" href="#/people/import">Import from CSV</a>
          </>
        }
      />
      {notice ? <div className="banner banner-ok" role="status">{notice}</div> : null}
      <ErrorBanner error={error} onRetry={reload} />
      {!data && loading ? <Loading label="Loading people…" /> : null}
      {data ? (
        <section className="card" aria-labelledby="people-heading">
          <div className="people-toolbar">
            <h2 id="people-heading">{plural(active, 'active person', 'active people')}{people.length > active ? `, ${plural(people.length - active, 'deactivated')}` : ''}</h2>
            {people.length > 0 ? (
              <div className="field people-search">
                <label htmlFor="people-search">Find a person</label>
                <input id="people-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} aria-describedby="people-search-hint" />
                <span className="visually-hidden" id="people-search-hint">By name, email, team or agency</span>
              </div>
            ) : null}
          </div>
          {people.length === 0 ? (
            <EmptyState title="Nobody has been added yet">
              <a href="#/people/new">Add the first person</a> or <a href="#/people/import">import a CSV of your team</a>.
            </EmptyState>
          ) : shown.length === 0 ? (
            <EmptyState title={`Nobody matches “${search.trim()}”`}>
              <button type="button" className="btn-link" onClick={() => setSearch('')}>Show everyone</button>
            </EmptyState>
          ) : (
            <PeopleTable people={shown} meId={meId} actions={{ onOneTime: setOneTime, onActive: (person, value) => { setToggleError(null); setToggle({ person, active: value }); } }} />
          )}
        </section>
      ) : null}
      {oneTime ? (
        <OneTimePassphraseFlow
          person={oneTime}
          onClose={(changed) => {
            if (changed) {
              setNotice(`${oneTime.name} has a one-time passphrase and must choose their own at their next sign-in.`);
              reload();
            }
            setOneTime(null);
          }}
        />
      ) : null}
      <ConfirmDialog
        open={toggle !== null}
        title={toggle?.active ? `Reactivate ${toggle.person.name}?` : `Deactivate ${toggle?.person.name ?? ''}?`}
        confirmLabel={toggle?.active ? 'Reactivate' : 'Deactivate'}
        danger={!toggle?.active}
        busy={busy}
        error={toggleError}
        onConfirm={() => void setActive()}
        onCancel={() => setToggle(null)}
      >
        {toggle?.active ? (
          <p>{toggle.person.name} will be able to sign in again with their passphrase.</p>
        ) : (
          <>
            <p>{toggle?.person.name} will no longer be able to sign in.</p>
            <p>Nothing is deleted: their audits, grades and actions stay, and the history keeps their name. You can reactivate them later.</p>
          </>
        )}
      </ConfirmDialog>
    </>
  );
}
