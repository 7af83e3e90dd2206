import { useState, type FormEvent } from 'react';
import { ACTION_PRIORITIES, PRIORITY_LABELS, type ActionPriority } from '../../../../shared/api/actions';
import type { ServiceFinding, ServiceLevel } from '../../../../shared/api/serviceActions';
import { call } from '../../api/client';
import { ErrorBanner } from '../../components/ui';
import { dateInput } from '../../format';

const DATE_HINT = 'For example 7 Dec 2026 or 07/12/2026.';

/** Raise a service-level finding from an audit or a programme: owned by a team or the whole service. */
export function FindingForm({ idPrefix, auditId, programmeId, defaultTeam, teams, onAdded }: {
  idPrefix: string;
  auditId: string | null;
  programmeId: string | null;
  defaultTeam: string;
  teams: string[];
  onAdded: (f: ServiceFinding) => void;
}) {
  const [level, setLevel] = useState<ServiceLevel>('team');
  const [team, setTeam] = useState(defaultTeam);
  const [title, setTitle] = useState('');
  const [ownerName, setOwnerName] = useState('');
  const [ownerRole, setOwnerRole] = useState('');
  const [due, setDue] = useState('');
  const [priority, setPriority] = useState<ActionPriority | ''>('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = (s: string) => `${idPrefix}-${s}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const dueDate = dateInput(due);
    if (!dueDate) return setError('Enter the due date as a real date, for example 7 Dec 2026 or 07/12/2026.');
    if (!priority) return setError('Choose a priority: high, medium or low.');
    if (level === 'team' && !team.trim()) return setError('Choose the team that owns this finding, or make it a finding for the whole service.');
    setBusy(true);
    try {
      const added = await call('serviceActions:add', { auditId, programmeId, level, team: level === 'team' ? team : '', title, ownerName, ownerRole, dueDate, priority });
      setTitle('');
      setOwnerName('');
      setOwnerRole('');
      setDue('');
      setPriority('');
      onAdded(added);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="finding-form" onSubmit={submit} noValidate aria-labelledby={id('title-heading')}>
      <h3 id={id('title-heading')}>Raise a service-level finding</h3>
      <ErrorBanner error={error} />
      <fieldset className="field">
        <legend>Who owns it</legend>
        <label className="radio" htmlFor={id('level-team')}>
          <input id={id('level-team')} type="radio" name={id('level')} checked={level === 'team'} onChange={() => setLevel('team')} /> A team
        </label>
        <label className="radio" htmlFor={id('level-service')}>
          <input id={id('level-service')} type="radio" name={id('level')} checked={level === 'service'} onChange={() => setLevel('service')} /> The whole service
        </label>
      </fieldset>
      {level === 'team' ? (
        <div className="field">
          <label htmlFor={id('team')}>Team</label>
          <select id={id('team')} value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">Choose a team</option>
            {teams.map((t) => (
              <option key={t} value={t}>{t}</option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={id('what')}>What the service must improve</label>
        <textarea id={id('what')} rows={2} value={title} onChange={(e) => setTitle(e.target.value)} aria-describedby={id('what-hint')} />
        <p className="field-hint" id={id('what-hint')}>Not one child's case: a practice, a process or a resource, e.g. “Supervision records set no timescales”.</p>
      </div>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={id('owner')}>Owner name</label>
          <input id={id('owner')} value={ownerName} onChange={(e) => setOwnerName(e.target.value)} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={id('role')}>Owner role</label>
          <input id={id('role')} value={ownerRole} onChange={(e) => setOwnerRole(e.target.value)} autoComplete="off" placeholder="e.g. Head of service" />
        </div>
        <div className="field">
          <label htmlFor={id('due')}>Due date</label>
          <input id={id('due')} value={due} onChange={(e) => setDue(e.target.value)} aria-describedby={id('due-hint')} autoComplete="off" />
          <p className="field-hint" id={id('due-hint')}>{DATE_HINT}</p>
        </div>
        <div className="field">
          <label htmlFor={id('priority')}>Priority</label>
          <select id={id('priority')} value={priority} onChange={(e) => setPriority(e.target.value as ActionPriority | '')}>
            <option value="">Choose a priority</option>
            {ACTION_PRIORITIES.map((p) => (
              <option key={p} value={p}>{PRIORITY_LABELS[p]}</option>
            ))}
          </select>
        </div>
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? 'Saving…' : 'Raise finding'}</button>
    </form>
  );
}
