import { useState } from 'react';
import type { ConflictEntry, ConflictSide } from '../../../../shared/api/conflicts';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../../components/ui';
import { ukDateTime } from '../../format/dates';

const TABLE_LABELS: Record<string, string> = {
  cases: 'Case',
  audits: 'Audit',
  audit_sections: 'Audit section',
  audit_answers: 'Audit answer',
  actions: 'Action',
  service_actions: 'Service-level finding',
  service_action_due_moves: 'Service-level finding due-date move',
  programmes: 'Programme',
  programme_cases: 'Programme case',
  moderations: 'Moderation',
  moderation_grades: 'Moderation grade',
  users: 'Person',
  settings: 'Setting',
  templates: 'Template version',
};

function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A template definition in a few words (how it differs is listed under the two sides). */
function shownDefinition(value: unknown): string {
  try {
    const d = JSON.parse(String(value)) as { name?: string; sections?: { questions?: unknown[] }[] };
    const sections = d.sections ?? [];
    const questions = sections.reduce((n, s) => n + (s.questions?.length ?? 0), 0);
    return `${d.name ?? 'Definition'}: ${sections.length} sections, ${questions} questions`;
  } catch {
    return shown(value);
  }
}

function Side({ title, side, busy, onKeep, text = shown }: { title: string; side: ConflictSide; busy: boolean; onKeep?: () => void; text?: (value: unknown) => string }) {
  return (
    <div className="conflict-side">
      <h3>{title}</h3>
      <p className="conflict-value">{text(side.value)}</p>
      <p className="conflict-who">
        {side.personName || 'Someone'}, {ukDateTime(side.at)}
      </p>
      {onKeep ? (
        <button type="button" className="btn btn-small" onClick={onKeep} disabled={busy}>
          Keep this one
        </button>
      ) : null}
    </div>
  );
}

/** Changes that crossed while people worked apart: the later one is on screen, the other kept here to choose. */
export function ConflictsPage() {
  const list = useCall('conflicts:list', { includeResolved: false });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const keep = async (c: ConflictEntry, which: 'current' | 'other') => {
    setBusy(c.id);
    try {
      await call('conflicts:resolve', { id: c.id, keep: which });
      setDone(c.kind === 'duplicate' ? `Kept both: ${shown(c.current.value)} and ${shown(c.other.value)}.` : `Kept ${shown(which === 'current' ? c.current.value : c.other.value)} for ${c.field}.`);
      setError(null);
      list.reload();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageHeader
        title="Conflicts"
        subtitle="Two people changed the same thing while apart. The later change is on screen; the other is kept here until someone concerned chooses."
      />
      <ErrorBanner error={error ?? list.error} onRetry={list.error ? list.reload : undefined} />
      {done ? (
        <div className="banner banner-ok" role="status">
          {done}
        </div>
      ) : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.length === 0 ? <EmptyState title="No conflicts">Nothing needs choosing between.</EmptyState> : null}
      {list.data && list.data.length > 0 ? (
        <ul className="conflict-list" aria-label="Conflicts to choose between">
          {list.data.map((c) => (
            <li key={c.id} className="card conflict">
              <h2>
                {c.record} · <code>{c.field}</code>
                <span className="conflict-table"> ({TABLE_LABELS[c.table] ?? c.table})</span>
              </h2>
              {c.note ? <p className="conflict-who">{c.note}</p> : c.kind === 'frozen' ? <p className="conflict-who">Changed after the audit was submitted, so it was not applied.</p> : null}
              {c.kind === 'duplicate' ? (
                <>
                  <p className="conflict-who">
                    Two records were made apart with the same {c.field}, which should be one per team. Both are kept. Correct or close one of them where it is
                    edited and this goes away by itself, or keep both.
                  </p>
                  <div className="conflict-sides">
                    <Side title="Made first" side={c.current} busy={busy === c.id} />
                    <Side title="Also made" side={c.other} busy={busy === c.id} />
                  </div>
                  <button type="button" className="btn btn-small" onClick={() => void keep(c, 'current')} disabled={busy === c.id}>
                    Keep both
                  </button>
                </>
              ) : (
              <>
                <div className="conflict-sides">
                  <Side title="On screen now" side={c.current} busy={busy === c.id} onKeep={() => void keep(c, 'current')} text={c.differences ? shownDefinition : shown} />
                  <Side
                    title="The other change"
                    side={c.other}
                    busy={busy === c.id}
                    onKeep={c.keepOtherRefused ? undefined : () => void keep(c, 'other')}
                    text={c.differences ? shownDefinition : shown}
                  />
                </div>
                {c.differences ? (
                  <>
                    <h3 className="conflict-differences-title">How the other change differs</h3>
                    {c.differences.length ? (
                      <ul className="conflict-differences">
                        {c.differences.map((d) => (
                          <li key={d}>{d}</li>
                        ))}
                      </ul>
                    ) : (
                      <p>Only in how it is stored: the sections, questions and rules read the same.</p>
                    )}
                  </>
                ) : null}
                {c.keepOtherRefused ? <p className="conflict-who">{c.keepOtherRefused}</p> : null}
              </>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
