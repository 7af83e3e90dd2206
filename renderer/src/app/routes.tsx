import type { ComponentType } from 'react';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { ActionsPage } from '../features/actions/ActionsPage';
import { PROGRAMMES_ROUTES } from '../features/programmes/routes';
import { SettingsPage } from '../features/settings/SettingsPage';
import { Placeholder } from '../features/session/Placeholder';

export interface RouteDef {
  pattern: string;
  component: ComponentType<{ params: Record<string, string>; path: string }>;
}

/** Every page, by hash path. Features add their routes here. */
export const ROUTES: RouteDef[] = [
  { pattern: '/', component: DashboardPage },
  { pattern: '/settings', component: SettingsPage },
  { pattern: '/cases', component: Placeholder },
  { pattern: '/moderation', component: Placeholder },
  { pattern: '/actions', component: ActionsPage },
  ...PROGRAMMES_ROUTES,
  { pattern: '/reports', component: Placeholder },
];

/** The navigation, in the order users work. */
export const NAV: { path: string; label: string }[] = [
  { path: '/', label: 'Dashboard' },
  { path: '/cases', label: 'Cases' },
  { path: '/moderation', label: 'Moderation' },
  { path: '/actions', label: 'Actions' },
  { path: '/programmes', label: 'Programmes' },
  { path: '/templates', label: 'Templates' },
  { path: '/reports', label: 'Reports and exports' },
  { path: '/settings', label: 'Settings' },
];
