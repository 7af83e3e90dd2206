import type { ComponentType } from 'react';
import { CasePage } from './CasePage';
import { CasesPage } from './CasesPage';
import { EditCasePage, NewCasePage } from './CaseForm';
import { ImportPage } from './ImportPage';

type Page = ComponentType<{ params: Record<string, string>; path: string }>;

/** The cases pages; the fixed paths come before '/cases/:id'. */
export const CASES_ROUTES: { pattern: string; component: Page }[] = [
  { pattern: '/cases', component: CasesPage },
  { pattern: '/cases/new', component: NewCasePage },
  { pattern: '/cases/import', component: ImportPage },
  { pattern: '/cases/:id', component: CasePage },
  { pattern: '/cases/:id/edit', component: EditCasePage },
];
