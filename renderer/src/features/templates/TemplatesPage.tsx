import { useState } from 'react';
import type { TemplateVersionSummary } from '../../../../shared/api/templates';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { navigate } from '../../app/router';
import { useCan } from '../../app/session';
import { EmptyState, ErrorBanner, Loading, PageHeader, StatusPill } from '../../components/ui';
import { ukDate } from '../../format';

function CompareForm({ versions }: { versions: TemplateVersionSummary[] }) {
  const [from, setFrom] = useState(versions[1]?.id ?? versions[0]?.id ?? '');
  const [to, setTo] = useState(versions[0]?.id ?? '');
  const label = (v: TemplateVersionSummary) => `Version ${v.version} (${v.status === 'draft' ? 'draft' : 'published'})`;
  return (
    <form className="tp-compare-form" onSubmit={(e) => { e.preventDefault(); navigate(`/templates/compare?from=${from}&to=${to}`); }}>
      <div className="field">
        <label htmlFor={`cmp-from-${versions[0]?.key}`}>Compare</label>
        <select id={`cmp-from-${versions[0]?.key}`} value={from} onChange={(e) => setFrom(e.target.value)}>
          {versions.map((v) => <option key={v.id} value={v.id}>{label(v)}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`cmp-to-${versions[0]?.key}`}>with</label>
        <select id={`cmp-to-${versions[0]?.key}`} value={to} onChange={(e) => setTo(e.target.value)}>
          {versions.map((v) => <option key={v.id} value={v.id}>{label(v)}</option>)}
        </select>
      </div>
      <button type="submit" className="btn" disabled={!from || !to || from === to}>Compare side by side</button>
    </form>
  );
}

/** Template versions by template: copy a version into a new draft, open, compare. */
export function TemplatesPage() {
  const mayEdit = useCan('templates:update');
  const { data, error, loading, reload } = useCall('templates:list', {});
  const [actionError, setActionError] = useState<string | null>(null);
  const copy = async (id: string) => {
    try {
      navigate(`/templates/${(await call('templates:copy', { id })).id}`);
    } catch (e) {
      setActionError((e as Error).message);
    }
  };
  const families = new Map<string, TemplateVersionSummary[]>();
  for (const v of data ?? []) families.set(v.key, [...(families.get(v.key) ?? []), v]);
  return (
    <>
      <PageHeader title="Templates" subtitle="Audit templates carry their sections, questions, limiting rules and concern words. Published versions are frozen." />
      <ErrorBanner error={error ?? actionError} onRetry={error ? reload : undefined} />
      {loading && !data ? <Loading /> : null}
      {data && data.length === 0 ? <EmptyState title="No templates" /> : null}
      {[...families.values()].map((versions) => (
        <section key={versions[0]!.key} className="card" aria-labelledby={`tf-${versions[0]!.key}`}>
          <h2 id={`tf-${versions[0]!.key}`}>{versions[0]!.name}</h2>
          <table className="data pg-table">
            <caption className="visually-hidden">Versions of {versions[0]!.name}</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Published</th>
                <th scope="col">Contents</th>
                <th scope="col">Used by</th>
                <th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id}>
                  <th scope="row"><a href={`#/templates/${v.id}`}>Version {v.version}</a></th>
                  <td><StatusPill status={v.status} /></td>
                  <td>{ukDate(v.createdAt)}</td>
                  <td>{ukDate(v.publishedAt)}</td>
                  <td>{v.sections} sections, {v.questions} questions</td>
                  <td>{v.audits} audits, {v.programmes} programmes</td>
                  <td className="tp-actions">
                    <a className="btn btn-small" href={`#/templates/${v.id}`}>{v.status === 'draft' && mayEdit ? 'Edit' : 'View'}</a>
                    {mayEdit ? (
                      <button type="button" className="btn btn-small" onClick={() => void copy(v.id)} aria-label={`Copy into new version (from version ${v.version})`}>
                        Copy into new version
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {versions.length > 1 ? <CompareForm versions={versions} /> : null}
        </section>
      ))}
    </>
  );
}
