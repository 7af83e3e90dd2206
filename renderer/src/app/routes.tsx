import type { ComponentType } from 'react';
import { lazyPage, type PageProps } from './lazyPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { CASES_ROUTES } from '../features/cases/routes';
import { AuditEditorPage } from '../features/audits/AuditEditorPage';
import { PROGRAMMES_ROUTES } from '../features/programmes/routes';
import { SettingsPage } from '../features/settings/SettingsPage';

export interface RouteDef {
  pattern: string;
  component: ComponentType<PageProps>;
}

const ActionsPage = lazyPage(() => import('../features/actions/ActionsPage'), (m) => m.ActionsPage);
const CalibrationPage = lazyPage(() => import('../features/moderation/CalibrationPage'), (m) => m.CalibrationPage);
const ModerationPage = lazyPage(() => import('../features/moderation/ModerationPage'), (m) => m.ModerationPage);
const QueuePage = lazyPage(() => import('../features/moderation/QueuePage'), (m) => m.QueuePage);
const ReportsPage = lazyPage(() => import('../features/reports/ReportsPage'), (m) => m.ReportsPage);

/** Every page, by hash path. Features add their routes here. */
export const ROUTES: RouteDef[] = [
  { pattern: '/', component: DashboardPage },
  { pattern: '/audits/:id', component: AuditEditorPage },
  { pattern: '/settings', component: SettingsPage },
  ...CASES_ROUTES,
  { pattern: '/moderation', component: QueuePage },
  { pattern: '/moderation/:auditId', component: ModerationPage },
  { pattern: '/calibration', component: CalibrationPage },
  { pattern: '/actions', component: ActionsPage },
  ...PROGRAMMES_ROUTES,
  { pattern: '/reports', component: ReportsPage },
];

/** The navigation, in the order users work. */
export const NAV: { path: string; label: string }[] = [
  { path: '/', label: 'Dashboard' },
  { path: '/cases', label: 'Cases' },
  { path: '/moderation', label: 'Moderation' },
  { path: '/calibration', label: 'Calibration' },
  { path: '/actions', label: 'Actions' },
  { path: '/programmes', label: 'Programmes' },
  { path: '/templates', label: 'Templates' },
  { path: '/reports', label: 'Reports and exports' },
  { path: '/settings', label: 'Settings' },
];
