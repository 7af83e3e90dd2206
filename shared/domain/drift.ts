/**
 * Actions, overdue and drift rules, and timeliness figures (domain.md "Actions").
 * Pure; all dates are London calendar dates 'YYYY-MM-DD' (see dates.ts), and
 * `today` is passed in so tests and the CLI can move time.
 *
 * Linear in the input: actions and programmes are indexed once (maps, one sort),
 * so 10,000 cases and 30,000 actions take a few milliseconds.
 */
import { daysBetween, formatUkDate, toEpochDay, toLondonDate } from './dates';
import { gradeText, type GradeOrNA } from './grades';

export type ActionStatus = 'open' | 'done' | 'cancelled' | 'verified';
export type ActionPriority = 'high' | 'medium' | 'low';

export interface ActionInput {
  id: string;
  caseId: string;
  auditId: string;
  /** What must happen, e.g. "Hold core group". */
  title: string;
  owner: string;
  team: string;
  status: ActionStatus;
  dueDate: string;
  /** 'YYYY-MM-DD' or an ISO instant (read in Europe/London); null until done. */
  doneDate: string | null;
  /** How many times the due date has been moved. */
  dueDateMoves: number;
  priority: ActionPriority;
}

export interface AuditInput {
  id: string;
  caseId: string;
  overall: GradeOrNA | null;
  programmeId: string | null;
  /** 'YYYY-MM-DD' or an ISO instant (read in Europe/London). */
  submittedAt: string;
}

export interface ProgrammeInput {
  id: string;
  startDate: string;
}

export type DriftCode = 'overdue-28' | 'actions-open-at-next-programme' | 'due-date-moved';

export interface DriftReason {
  code: DriftCode;
  actionId?: string;
  auditId?: string;
  message: string;
}

export interface DriftingCase {
  caseId: string;
  reasons: DriftReason[];
}

/** Overdue by more than this many days → drifting (day 28 is not, day 29 is). */
export const DRIFT_OVERDUE_DAYS = 28;
/** Due date moved this many times or more → drifting. */
export const DRIFT_DUE_DATE_MOVES = 2;

type ActionDates = Pick<ActionInput, 'status' | 'dueDate'>;

/** Past due (today is after the due date) and still open. Done, verified and cancelled never are. */
export function isOverdue(action: ActionDates, today: string): boolean {
  return action.status === 'open' && today > action.dueDate;
}

/** Calendar days past the due date for an overdue action; 0 when it is not overdue. */
export function daysOverdue(action: ActionDates, today: string): number {
  return isOverdue(action, today) ? daysBetween(action.dueDate, today) : 0;
}

function isDone(status: ActionStatus): boolean {
  return status === 'done' || status === 'verified';
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Cases that drift, each with every reason:
 * - 'overdue-28': an open action more than 28 days past its due date;
 * - 'due-date-moved': an open action whose due date has moved twice or more;
 * - 'actions-open-at-next-programme': an audit graded 3 or 4 overall whose actions
 *   are all still open (as of today) now that the next programme has started, i.e.
 *   a programme other than the audit's own whose startDate is after the audit's
 *   submission date and on or before today. Cancelled actions are ignored (cancelling
 *   is not progress); an audit with no other actions does not trigger this rule.
 * Cases come out in case id order; reasons by rule, then action id.
 */
export function driftingCases(input: {
  today: string;
  actions: readonly ActionInput[];
  audits: readonly AuditInput[];
  programmes: readonly ProgrammeInput[];
}): DriftingCase[] {
  const { today } = input;
  const todayDay = toEpochDay(today);
  // Due dates repeat a lot: parse and format each distinct one once.
  const dueCache = new Map<string, { day: number; label: string }>();
  const due = (iso: string) => {
    let d = dueCache.get(iso);
    if (!d) dueCache.set(iso, (d = { day: toEpochDay(iso), label: formatUkDate(iso) }));
    return d;
  };
  const byCase = new Map<string, DriftReason[]>();
  const add = (caseId: string, reason: DriftReason) => {
    const list = byCase.get(caseId);
    if (list) list.push(reason);
    else byCase.set(caseId, [reason]);
  };

  // One pass over actions: per-action rules, and index by audit for the programme rule.
  const byAudit = new Map<string, { open: number; other: number }>();
  const moved: ActionInput[] = [];
  for (const a of input.actions) {
    if (a.status !== 'cancelled') {
      let tally = byAudit.get(a.auditId);
      if (!tally) byAudit.set(a.auditId, (tally = { open: 0, other: 0 }));
      if (a.status === 'open') tally.open++;
      else tally.other++;
    }
    if (a.status !== 'open') continue;
    if (today > a.dueDate) {
      const d = due(a.dueDate);
      const days = todayDay - d.day;
      if (days > DRIFT_OVERDUE_DAYS) {
        add(a.caseId, {
          code: 'overdue-28',
          actionId: a.id,
          auditId: a.auditId,
          message: `Action '${a.title}' is ${days} days overdue (due ${d.label}).`,
        });
      }
    }
    if (a.dueDateMoves >= DRIFT_DUE_DATE_MOVES) moved.push(a);
  }

  // Programmes that have started by today, in start order, for a binary search.
  const started = input.programmes
    .filter((p) => p.startDate <= today)
    .sort((x, y) => (x.startDate < y.startDate ? -1 : x.startDate > y.startDate ? 1 : 0));
  const nextProgramme = (after: string, ownId: string | null): ProgrammeInput | undefined => {
    let lo = 0;
    let hi = started.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (started[mid].startDate <= after) lo = mid + 1;
      else hi = mid;
    }
    while (lo < started.length && started[lo].id === ownId) lo++;
    return started[lo];
  };

  for (const audit of input.audits) {
    if (audit.overall !== 3 && audit.overall !== 4) continue;
    const tally = byAudit.get(audit.id);
    if (!tally || tally.open === 0 || tally.other > 0) continue;
    const submitted = toLondonDate(audit.submittedAt);
    const next = nextProgramme(submitted, audit.programmeId);
    if (!next) continue;
    add(audit.caseId, {
      code: 'actions-open-at-next-programme',
      auditId: audit.id,
      message:
        `The audit submitted on ${formatUkDate(submitted)} was graded ${gradeText(audit.overall)} overall, ` +
        `and ${tally.open === 1 ? 'its action is' : `all ${tally.open} of its actions are`} still open ` +
        `although the next programme started on ${formatUkDate(next.startDate)}.`,
    });
  }

  for (const a of moved) {
    add(a.caseId, {
      code: 'due-date-moved',
      actionId: a.id,
      auditId: a.auditId,
      message: `The due date of action '${a.title}' has been moved ${plural(a.dueDateMoves, 'time', 'times')} (now due ${due(a.dueDate).label}).`,
    });
  }

  // Reasons were added rule by rule, so only the order within a rule is left to settle.
  const out: DriftingCase[] = [];
  byCase.forEach((reasons, caseId) => {
    if (reasons.length > 1) reasons.sort(byReason);
    out.push({ caseId, reasons });
  });
  return out.sort(byCaseId);
}

const RULE_ORDER: Record<DriftCode, number> = { 'overdue-28': 0, 'actions-open-at-next-programme': 1, 'due-date-moved': 2 };
function byReason(x: DriftReason, y: DriftReason): number {
  return RULE_ORDER[x.code] - RULE_ORDER[y.code] || cmp(x.actionId ?? x.auditId ?? '', y.actionId ?? y.auditId ?? '');
}
function byCaseId(x: DriftingCase, y: DriftingCase): number {
  return cmp(x.caseId, y.caseId);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface TimelinessFigures {
  key: string;
  /** Actions whose due date is on or before today, not cancelled. */
  due: number;
  /** Of those, done (or verified) on or before the due date. */
  doneOnTime: number;
  /** doneOnTime / due, 0..100 to 1 decimal; null when nothing was due. */
  doneOnTimePct: number | null;
  /** Median days late over actions done late or still open past due (1 decimal); null when none. */
  medianDaysLate: number | null;
  /** Still open and past due. */
  openOverdue: number;
}

/** Epoch day of a stored date or instant (London), parsing each distinct string once. */
function memoDays(): (dateOrInstant: string) => number {
  const cache = new Map<string, number>();
  return (s) => {
    let d = cache.get(s);
    if (d === undefined) cache.set(s, (d = toEpochDay(toLondonDate(s))));
    return d;
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  const m = values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  return Math.round(m * 10) / 10;
}

/**
 * Timeliness per group (e.g. `(a) => a.team` or `(a) => a.owner`; default one
 * group 'all'), groups in key order. A done action with no done date counts as
 * due but neither on time nor late (the date is unknown).
 */
export function timelinessFigures(
  actions: readonly ActionInput[],
  today: string,
  key: (action: ActionInput) => string = () => 'all',
): TimelinessFigures[] {
  const groups = new Map<string, { due: number; onTime: number; late: number[]; openOverdue: number }>();
  const todayDay = toEpochDay(today);
  const dayOf = memoDays();
  for (const a of actions) {
    if (a.status === 'cancelled' || a.dueDate > today) continue;
    const k = key(a);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { due: 0, onTime: 0, late: [], openOverdue: 0 }));
    g.due++;
    if (isDone(a.status)) {
      if (a.doneDate === null) continue;
      const late = dayOf(a.doneDate) - dayOf(a.dueDate);
      if (late <= 0) g.onTime++;
      else g.late.push(late);
    } else if (today > a.dueDate) {
      g.openOverdue++;
      g.late.push(todayDay - dayOf(a.dueDate));
    }
  }
  return [...groups.keys()].sort(cmp).map((k) => {
    const g = groups.get(k)!;
    return {
      key: k,
      due: g.due,
      doneOnTime: g.onTime,
      doneOnTimePct: g.due === 0 ? null : Math.round((1000 * g.onTime) / g.due) / 10,
      medianDaysLate: median(g.late),
      openOverdue: g.openOverdue,
    };
  });
}

/** For the chart: per month of the due date ('YYYY-MM'), in order, the same figures. */
export function timelinessByMonth(
  actions: readonly ActionInput[],
  today: string,
): ({ month: string } & Omit<TimelinessFigures, 'key'>)[] {
  return timelinessFigures(actions, today, (a) => a.dueDate.slice(0, 7)).map(({ key, ...rest }) => ({
    month: key,
    ...rest,
  }));
}
