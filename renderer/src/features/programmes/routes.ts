import type { ComponentType } from 'react';
import { TemplateComparePage } from '../templates/TemplateComparePage';
import { TemplateEditorPage } from '../templates/TemplateEditorPage';
import { TemplatesPage } from '../templates/TemplatesPage';
import { AddCasesPage } from './AddCasesPage';
import { ProgrammeForm } from './ProgrammeForm';
import { ProgrammePage } from './ProgrammePage';
import { ProgrammesPage } from './ProgrammesPage';
import { SamplePage } from './SamplePage';

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
