import type { CoreContext } from '../context';

/** Something that stops an audit being submitted, with where to fix it. */
export interface MissingItem {
  /** Stable code, e.g. 'section-ungraded', 'key-findings', 'action-required'. */
  code: string;
  message: string;
  /** Where in the editor to go: a section key, or a named step ('feedback', 'findings', 'overall', 'actions'). */
  target: { kind: 'section'; section: string } | { kind: 'step'; step: 'feedback' | 'findings' | 'lists' | 'overall' | 'actions' };
}

/** Extra submission checks contributed by other features (e.g. actions: "a 3 or 4 overall needs an action"). */
export type SubmitCheck = (ctx: CoreContext, audit: { id: string; overallGrade: number | null; caseId: string }) => MissingItem[];

export const submitChecks: SubmitCheck[] = [];

export function registerSubmitCheck(check: SubmitCheck): void {
  if (!submitChecks.includes(check)) submitChecks.push(check);
}

import { actionRequiredCheck } from '../actions/submitCheck';
registerSubmitCheck(actionRequiredCheck);
