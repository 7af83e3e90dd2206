import type { ComponentType } from 'react';
import type { OpName } from '../../../shared/api/index';
import { lazyPage, type PageProps } from './lazyPage';
import { matchPath } from './router';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { CASES_ROUTES } from '../features/cases/routes';
import { AuditEditorPage } from '../features/audits/AuditEditorPage';
import { PROGRAMMES_ROUTES } from '../features/programmes/routes';
import { SettingsPage } from '../features/settings/SettingsPage';
import { PEOPLE_ROUTES } from '../features/people/routes';

export interface RouteDef {
  pattern: string;
  component: ComponentType<PageProps>;
  /**
   * The operation the page exists to call: people whose role may not call it see "You do not have
   * access to this page" instead (read from the contract's declared access, never a role list here).
   */
  requires?: OpName;
}

const ActionsPage = lazyPage(() => import('../features/actions/ActionsPage'), (m) => m.ActionsPage);
const CalibrationPage = lazyPage(() => import('../features/moderation/CalibrationPage'), (m) => m.CalibrationPage);
const ModerationPage = lazyPage(() => import('../features/moderation/ModerationPage'), (m) => m.ModerationPage);
const QueuePage = lazyPage(() => import('../features/moderation/QueuePage'), (m) => m.QueuePage);
const ConflictsPage = lazyPage(() => import('../features/conflicts/ConflictsPage'), (m) => m.ConflictsPage);
const ReportsPage = lazyPage(() => import('../features/reports/ReportsPage'), (m) => m.ReportsPage);

/** Every page, by hash path. Features add their routes here. */
export const ROUTES: RouteDef[] = [
  { pattern: '/', component: DashboardPage },
  { pattern: '/audits/:id', component: AuditEditorPage },
  { pattern: '/settings', component: SettingsPage },
  ...CASES_ROUTES,
  { pattern: '/moderation', component: QueuePage, requires: 'moderation:queue' },
  { pattern: '/moderation/:auditId', component: ModerationPage, requires: 'moderation:get' },
  { pattern: '/calibration', component: CalibrationPage, requires: 'moderation:figures' },
  { pattern: '/actions', component: ActionsPage, requires: 'actions:list' },
  ...PROGRAMMES_ROUTES,
  { pattern: '/reports', component: ReportsPage, requires: 'exports:options' },
  ...PEOPLE_ROUTES,
  { pattern: '/conflicts', component: ConflictsPage, requires: 'conflicts:list' },
];

/** The navigation, in the order users work; an entry shows only to those who may open its page. */
export const NAV: { path: string; label: string }[] = [
  { path: '/', label: 'Dashboard' },
  { path: '/cases', label: 'Cases' },
  { path: '/moderation', label: 'Moderation' },
  { path: '/calibration', label: 'Calibration' },
  { path: '/actions', label: 'Actions' },
  { path: '/programmes', label: 'Programmes' },
  { path: '/templates', label: 'Templates' },
  { path: '/reports', label: 'Reports and exports' },
  { path: '/people', label: 'People' },
  { path: '/conflicts', label: 'Conflicts' },
  { path: '/settings', label: 'Settings' },
];

/** The route a path opens (the first that matches), with its parameters. */
export function findRoute(path: string): { route: RouteDef; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params) return { route, params };
  }
  return null;
}
