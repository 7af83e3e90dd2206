import { useEffect, useMemo, useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import type { TemplateVersion } from '../../../../shared/api/templates';
import { validateTemplate } from '../../../../shared/domain/templateValidation';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { navigate } from '../../app/router';
import { useCan } from '../../app/session';
import { ErrorBanner, Loading, PageHeader, StatusPill } from '../../components/ui';
import { RulesEditor } from './RulesEditor';
import { SectionsEditor } from './SectionsEditor';
import { definitionOf, fromForm, toForm, type FormValues } from './templateForm';
import { ukDate } from '../../format';

function Editor({ version, onSaved }: { version: TemplateVersion; onSaved(v: TemplateVersion): void }) {
  const mayEdit = useCan('templates:update');
  const readOnly = version.status === 'published' || !mayEdit;
  const form = useForm<FormValues>({ defaultValues: toForm(version.definition) });
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const values = form.watch();
  const problems = useMemo(() => (readOnly ? [] : validateTemplate(definitionOf(version.key, version.version, values))), [readOnly, version, values]);

  const act = async (what: () => Promise<void>) => {
    setBusy(true);
    setNotice(null);
    try {
      await what();
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    act(async () => {
      const saved = await call('templates:update', { id: version.id, definition: fromForm(form.getValues()) });
      form.reset(toForm(saved.definition));
      onSaved(saved);
      setNotice('Draft saved.');
    });
  const publish = () =>
    act(async () => {
      if (form.formState.isDirty) await call('templates:update', { id: version.id, definition: fromForm(form.getValues()) });
      onSaved(await call('templates:publish', { id: version.id }));
    });
  const copy = () => act(async () => navigate(`/templates/${(await call('templates:copy', { id: version.id })).id}`));
  const discard = () => act(async () => { await call('templates:discard', { id: version.id }); navigate('/templates'); });

  return (
    <FormProvider {...form}>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
        <div className="tp-toolbar">
          {readOnly ? (
            <p className="muted">{version.status === 'published' ? 'Published versions are frozen: audits and programmes rely on them.' : 'Only a QA lead can edit templates.'}</p>
          ) : (
            <>
              <button type="submit" className="btn" disabled={busy}>Save draft</button>
              <button type="button" className="btn btn-primary" disabled={busy || problems.length > 0} onClick={() => void publish()}>Publish</button>
              <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void discard()}>Discard draft</button>
            </>
          )}
          {mayEdit ? <button type="button" className="btn" disabled={busy} onClick={() => void copy()}>Copy into a new version</button> : null}
          {version.basedOnId ? <a className="btn" href={`#/templates/compare?from=${version.basedOnId}&to=${version.id}`}>Compare with the version it came from</a> : null}
        </div>
        <ErrorBanner error={error} />
        {notice ? <div className="banner banner-ok" role="status">{notice}</div> : null}
        {problems.length > 0 ? (
          <div className="banner banner-warning tp-problems" role="status" aria-live="polite">
            <div>
              <strong>{problems.length === 1 ? '1 problem to fix' : `${problems.length} problems to fix`} before this version can be saved or published:</strong>
              <ul className="pg-list">{problems.map((p) => <li key={p}>{p}</li>)}</ul>
            </div>
          </div>
        ) : null}
        <section className="card tp-settings" aria-labelledby="tp-settings-h">
          <h2 id="tp-settings-h">Template</h2>
          <div className="tp-section-row">
            <div className="field tp-title">
              <label htmlFor="tp-name">Name</label>
              <input id="tp-name" type="text" {...form.register('name')} readOnly={readOnly} />
            </div>
            <div className="field tp-number">
              <label htmlFor="tp-limit">Key findings word limit</label>
              <input id="tp-limit" type="number" min={1} {...form.register('keyFindingsWordLimit')} readOnly={readOnly} />
            </div>
          </div>
        </section>
        <SectionsEditor readOnly={readOnly} />
        <RulesEditor readOnly={readOnly} />
        <section className="card" aria-labelledby="tp-words-h">
          <h2 id="tp-words-h">Concern words</h2>
          <div className="field">
            <label htmlFor="tp-words">One word or phrase per line</label>
            <textarea id="tp-words" rows={8} {...form.register('concernWords')} readOnly={readOnly} aria-describedby="tp-words-hint" />
            <p className="field-hint" id="tp-words-hint">A section graded Outstanding or Good whose evidence mentions one of these is flagged at submission.</p>
          </div>
        </section>
      </form>
    </FormProvider>
  );
}

/** One template version: a form for a draft, a frozen view of a published version. */
export function TemplateEditorPage({ params }: { params: Record<string, string> }) {
  const loaded = useCall('templates:get', { id: params.id });
  const [version, setVersion] = useState<TemplateVersion | undefined>();
  useEffect(() => setVersion(loaded.data), [loaded.data]);
  if (loaded.error) return <ErrorBanner error={loaded.error} onRetry={loaded.reload} />;
  if (!version) return <Loading />;
  const when = version.status === 'published' ? `on ${ukDate(version.publishedAt)}` : `created ${ukDate(version.createdAt)}`;
  return (
    <>
      <PageHeader
        title={`${version.name}, version ${version.version}`}
        subtitle={<><a href="#/templates">Templates</a> · <StatusPill status={version.status} /> {when} · used by {version.audits} audits and {version.programmes} programmes</>}
      />
      <Editor key={`${version.id}-${version.status}`} version={version} onSaved={setVersion} />
    </>
  );
}
