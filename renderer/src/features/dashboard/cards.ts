import type { ComponentType } from 'react';
import { GradeCountsCard } from './GradeCountsCard';
import { MyAuditsCard } from './MyAuditsCard';
import { MyProgrammeCasesCard } from '../programmes/MyProgrammeCasesCard';
import { StartAuditCard } from './StartAuditCard';
import { RemindersCard } from '../actions/RemindersCard';
import { BothAgreeCard } from '../moderation/BothAgreeCard';
import { FollowUpsCard } from '../actions/FollowUpsCard';

/**
 * The dashboard, as a list of cards in order. A feature adds its card with one line here
 * (e.g. overdue actions, programmes due). `wide` cards take the full width.
 */
export const DASHBOARD_CARDS: { id: string; Card: ComponentType; wide?: boolean }[] = [
  { id: 'my-audits', Card: MyAuditsCard, wide: true },
  { id: 'grade-counts', Card: GradeCountsCard },
  { id: 'start-audit', Card: StartAuditCard },
  { id: 'my-follow-ups', Card: FollowUpsCard },
  { id: 'both-agree', Card: BothAgreeCard, wide: true },
  { id: 'action-reminders', Card: RemindersCard, wide: true },
  { id: 'my-programme-cases', Card: MyProgrammeCasesCard, wide: true },
];
