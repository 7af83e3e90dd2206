import type { OpName } from '../../../../shared/api/index';
import { lazyPage, type PageProps } from '../../app/lazyPage';
import type { ComponentType } from 'react';

const PeoplePage = lazyPage(() => import('./PeoplePage'), (m) => m.PeoplePage);
const NewPersonPage = lazyPage(() => import('./PersonPages'), (m) => m.NewPersonPage);
const EditPersonPage = lazyPage(() => import('./PersonPages'), (m) => m.EditPersonPage);
const ImportPeoplePage = lazyPage(() => import('./ImportPeoplePage'), (m) => m.ImportPeoplePage);

/** The QA lead's people pages; fixed paths before ':id'. */
export const PEOPLE_ROUTES: { pattern: string; component: ComponentType<PageProps>; requires: OpName }[] = [
  { pattern: '/people', component: PeoplePage, requires: 'people:list' },
  { pattern: '/people/new', component: NewPersonPage, requires: 'people:add' },
  { pattern: '/people/import', component: ImportPeoplePage, requires: 'people:import' },
  { pattern: '/people/:id/edit', component: EditPersonPage, requires: 'people:update' },
];
