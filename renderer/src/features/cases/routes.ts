import type { ComponentType } from 'react';
import type { OpName } from '../../../../shared/api/index';
import { CasePage } from './CasePage';
import { CasesPage } from './CasesPage';
import { EditCasePage, NewCasePage } from './CaseForm';
import { ImportPage } from './ImportPage';

type Page = ComponentType<{ params: Record<string, string>; path: string }>;

/** The cases pages; the fixed paths come before '/cases/:id'. */
export const CASES_ROUTES: { pattern: string; component: Page; requires?: OpName }[] = [
  { pattern: '/cases', component: CasesPage, requires: 'cases:list' },
  { pattern: '/cases/new', component: NewCasePage, requires: 'cases:create' },
  { pattern: '/cases/import', component: ImportPage, requires: 'cases:import' },
  { pattern: '/cases/:id', component: CasePage, requires: 'cases:get' },
  { pattern: '/cases/:id/edit', component: EditCasePage, requires: 'cases:update' },
];
