import type { ComponentType } from 'react';
import type { OpName } from '../../../../shared/api/index';
import { lazyPage } from '../../app/lazyPage';

const TemplateComparePage = lazyPage(() => import('../templates/TemplateComparePage'), (m) => m.TemplateComparePage);
const TemplateEditorPage = lazyPage(() => import('../templates/TemplateEditorPage'), (m) => m.TemplateEditorPage);
const TemplatesPage = lazyPage(() => import('../templates/TemplatesPage'), (m) => m.TemplatesPage);
const AddCasesPage = lazyPage(() => import('./AddCasesPage'), (m) => m.AddCasesPage);
const ProgrammeForm = lazyPage(() => import('./ProgrammeForm'), (m) => m.ProgrammeForm);
const ProgrammePage = lazyPage(() => import('./ProgrammePage'), (m) => m.ProgrammePage);
const ProgrammesPage = lazyPage(() => import('./ProgrammesPage'), (m) => m.ProgrammesPage);
const SamplePage = lazyPage(() => import('./SamplePage'), (m) => m.SamplePage);

type Page = ComponentType<{ params: Record<string, string>; path: string }>;

/** The programme and template pages; fixed paths come before the ':id' ones. */
export const PROGRAMMES_ROUTES: { pattern: string; component: Page; requires?: OpName }[] = [
  { pattern: '/programmes', component: ProgrammesPage, requires: 'programmes:list' },
  { pattern: '/programmes/new', component: ProgrammeForm, requires: 'programmes:create' },
  { pattern: '/programmes/:id', component: ProgrammePage, requires: 'programmes:get' },
  { pattern: '/programmes/:id/sample', component: SamplePage, requires: 'programmes:fixSample' },
  { pattern: '/programmes/:id/add', component: AddCasesPage, requires: 'programmes:addCases' },
  { pattern: '/templates', component: TemplatesPage, requires: 'templates:list' },
  { pattern: '/templates/compare', component: TemplateComparePage, requires: 'templates:compare' },
  { pattern: '/templates/:id', component: TemplateEditorPage, requires: 'templates:get' },
];
