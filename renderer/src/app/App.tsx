import { Suspense, useEffect } from 'react';
import { can } from '../../../shared/api/index';
import { ROLE_LABELS } from '../../../shared/api/session';

import { ErrorBanner, Loading } from '../components/ui';
import { FirstStartPage } from '../features/session/FirstStartPage';
import { MustChangePassphrase } from '../features/session/MustChangePassphrase';
import { SignInPage } from '../features/session/SignInPage';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import { DemoBanner } from './DemoBanner';
import { IdleLock, useLock } from './IdleLock';
import { NoAccess } from './NoAccess';
import { usePath } from './router';
import { findRoute, NAV } from './routes';
import { useSession } from './session';
import { ukDate } from '../format';
import { BundleDropZone } from '../features/bundles/DropZone';

function isActive(navPath: string, path: string): boolean {
  const clean = path.split('?')[0];
  return navPath === '/' ? clean === '/' : clean === navPath || clean.startsWith(`${navPath}/`);
}

export function App() {
  const { info, error, load, signOut } = useSession();
  const path = usePath();
  useEffect(() => {
    void load();
  }, [load]);
  // Signing in (or out, or into the demo) starts at the top of the page, where the demo banner is,
  // not wherever the previous screen's button had scrolled to.
  const personId = info?.person?.id ?? null;
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [personId]);

  if (error && !info) return <main className="onboarding"><ErrorBanner error={error} onRetry={() => void load()} /></main>;
  if (!info) return <Loading label="Opening Plumbline…" />;
  const demo = <DemoBanner demo={info.demo} />;
  if (!info.person) {
    if (info.state === 'first-start') return <>{demo}<FirstStartPage onDone={() => void load()} /></>;
    return <>{demo}<SignInPage demo={info.demo} onSignedIn={() => void load()} /></>;
  }
  if (info.person.mustChangePassphrase) return <>{demo}<MustChangePassphrase name={info.person.name} onDone={() => void load()} onSignOut={() => void signOut()} /></>;
  const signOutUnlocked = () => {
    useLock.getState().unlock();
    void signOut();
  };

  const role = info.person.role;
  const allowed = (requires: Parameters<typeof can>[1] | undefined) => !requires || can(role, requires);
  const found = findRoute(path);
  let page = null;
  if (found && !allowed(found.route.requires)) page = <NoAccess />;
  else if (found) {
    const Page = found.route.component;
    page = (
      <Suspense fallback={<Loading />} key={found.route.pattern + JSON.stringify(found.params)}>
        <Page params={found.params} path={path} />
      </Suspense>
    );
  }
  const nav = NAV.filter((item) => allowed(findRoute(item.path)?.route.requires));

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">⊥</span> Plumbline
        </div>
        <ul>
          {nav.map((item) => (
            <li key={item.path}>
              <a href={`#${item.path}`} aria-current={isActive(item.path, path) ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          <span className="marking">OFFICIAL-SENSITIVE</span>
          <span>Encrypted on this computer</span>
        </div>
      </nav>
      <div className="main-column">
        {demo}
        <header className="topbar">
          <span className="today">{ukDate(info.today)}</span>
          {info.transport === 'preview' ? <span className="preview-tag" title="Running in a browser on this computer only">Browser preview</span> : null}
          <span className="spacer" />
          <SyncIndicator />
          <span className="whoami">
            {info.person.name} · {ROLE_LABELS[info.person.role]}
          </span>
          <button type="button" className="btn btn-small" onClick={() => void signOut()}>
            Sign out
          </button>
        </header>
        {info.keyWarning ? <div className="banner banner-warning" role="alert">{info.keyWarning}</div> : null}
        <BundleDropZone />
        <main id="main" tabIndex={-1} className="content">
          {page ?? <p>Page not found. <a href="#/">Go to the dashboard</a>.</p>}
        </main>
      </div>
      <IdleLock name={info.person.name} minutes={info.idleLockMinutes} onSignOut={signOutUnlocked} />
    </div>
  );
}
