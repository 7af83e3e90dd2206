import type { ComponentType } from 'react';
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
export const PROGRAMMES_ROUTES: { pattern: string; component: Page }[] = [
  { pattern: '/programmes', component: ProgrammesPage },
  { pattern: '/programmes/new', component: ProgrammeForm },
  { pattern: '/programmes/:id', component: ProgrammePage },
  { pattern: '/programmes/:id/sample', component: SamplePage },
  { pattern: '/programmes/:id/add', component: AddCasesPage },
  { pattern: '/templates', component: TemplatesPage },
  { pattern: '/templates/compare', component: TemplateComparePage },
  { pattern: '/templates/:id', component: TemplateEditorPage },
];
