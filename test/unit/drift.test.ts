import { describe, expect, it } from 'vitest';
import {
  daysOverdue,
  driftingCases,
  isOverdue,
  timelinessByMonth,
  timelinessFigures,
  type ActionInput,
  type AuditInput,
  type ProgrammeInput,
} from '../../shared/domain/drift';
import { addDays, londonDate } from '../../shared/domain/dates';

function action(extra: Partial<ActionInput> = {}): ActionInput {
  return {
    id: 'act1', caseId: 'C1', auditId: 'A1', title: 'Hold core group', owner: 'Sam Patel (SW)', team: 'CP East',
    status: 'open', dueDate: '2026-10-25', doneDate: null, dueDateMoves: 0, priority: 'high', ...extra,
  };
}

function drift(today: string, actions: ActionInput[], audits: AuditInput[] = [], programmes: ProgrammeInput[] = []) {
  return driftingCases({ today, actions, audits, programmes });
}

describe('isOverdue / daysOverdue', () => {
  it('is overdue only after the due date, and only while open', () => {
    expect(isOverdue(action(), '2026-10-25')).toBe(false); // due today
    expect(isOverdue(action(), '2026-10-26')).toBe(true);
    expect(daysOverdue(action(), '2026-10-26')).toBe(1);
    expect(daysOverdue(action(), '2026-10-20')).toBe(0);
    for (const status of ['done', 'verified', 'cancelled'] as const) {
      expect(isOverdue(action({ status }), '2027-01-01')).toBe(false);
      expect(daysOverdue(action({ status }), '2027-01-01')).toBe(0);
    }
  });

  it('counts calendar days across the BST changes', () => {
    // 29 Mar 2026 (clocks forward) and 25 Oct 2026 (clocks back) are one day each.
    expect(daysOverdue(action({ dueDate: '2026-03-28' }), '2026-03-30')).toBe(2);
    expect(daysOverdue(action({ dueDate: '2026-10-24' }), '2026-10-26')).toBe(2);
  });
});

describe('driftingCases: overdue by more than 28 days', () => {
  it('day 28 is not drifting, day 29 is (due on the day the clocks go back)', () => {
    // 25 Oct 2026 + 28 days = 22 Nov; + 29 = 23 Nov.
    expect(drift('2026-11-22', [action()])).toEqual([]);
    expect(drift('2026-11-23', [action()])).toEqual([
      {
        caseId: 'C1',
        reasons: [{
          code: 'overdue-28', actionId: 'act1', auditId: 'A1',
          message: "Action 'Hold core group' is 29 days overdue (due 25 Oct 2026).",
        }],
      },
    ]);
  });

  it('across the spring change: due 1 Mar, 29 Mar is day 28, 30 Mar is day 29', () => {
    const a = action({ dueDate: '2026-03-01' });
    expect(drift('2026-03-29', [a])).toEqual([]);
    expect(drift('2026-03-30', [a])).toHaveLength(1);
  });

  it("'today' from an instant is London's date: 23:30 UTC in BST is already tomorrow", () => {
    const a = action({ dueDate: '2026-06-02' });
    // 30 Jun is day 28, 1 Jul day 29. At 23:30 UTC on 30 Jun it is 00:30 on 1 Jul in London.
    expect(drift(londonDate(new Date('2026-06-30T22:30:00Z')), [a])).toEqual([]);
    expect(drift(londonDate(new Date('2026-06-30T23:30:00Z')), [a])).toHaveLength(1);
    // In GMT, 23:30 UTC is 23:30 in London: still the same day.
    const b = action({ dueDate: '2026-11-24' }); // + 28 = 22 Dec
    expect(drift(londonDate(new Date('2026-12-22T23:30:00Z')), [b])).toEqual([]);
    expect(drift(londonDate(new Date('2026-12-23T00:30:00Z')), [b])).toHaveLength(1);
  });

  it('a cancelled, done or verified action never drifts, however late', () => {
    for (const status of ['cancelled', 'done', 'verified'] as const) {
      expect(drift('2027-06-01', [action({ status, dueDateMoves: 5, doneDate: '2027-05-01' })])).toEqual([]);
    }
  });
});

describe('driftingCases: due date moved', () => {
  it('moved once is not drifting; twice is', () => {
    expect(drift('2026-10-01', [action({ dueDateMoves: 1 })])).toEqual([]);
    expect(drift('2026-10-01', [action({ dueDateMoves: 2 })])).toEqual([
      {
        caseId: 'C1',
        reasons: [{
          code: 'due-date-moved', actionId: 'act1', auditId: 'A1',
          message: "The due date of action 'Hold core group' has been moved 2 times (now due 25 Oct 2026).",
        }],
      },
    ]);
  });

  it('an action both long overdue and moved gives both reasons, overdue first', () => {
    const rows = drift('2026-12-31', [action({ dueDateMoves: 3 })]);
    expect(rows[0].reasons.map((r) => r.code)).toEqual(['overdue-28', 'due-date-moved']);
  });
});

describe('driftingCases: audit graded 3–4 with all actions open at the next programme', () => {
  const audit: AuditInput = { id: 'A1', caseId: 'C1', overall: 4, programmeId: 'P1', submittedAt: '2026-03-10T10:00:00Z' };
  const programmes: ProgrammeInput[] = [
    { id: 'P1', startDate: '2026-03-01' },
    { id: 'P3', startDate: '2026-05-01' },
    { id: 'P2', startDate: '2026-04-01' },
  ];
  const open = [
    action({ id: 'x1', dueDate: '2026-06-01' }),
    action({ id: 'x2', dueDate: '2026-06-15' }),
  ];

  it('drifts once the next programme has started with every action still open', () => {
    expect(drift('2026-03-31', open, [audit], programmes)).toEqual([]);
    expect(drift('2026-04-01', open, [audit], programmes)).toEqual([
      {
        caseId: 'C1',
        reasons: [{
          code: 'actions-open-at-next-programme', auditId: 'A1',
          message:
            'The audit submitted on 10 Mar 2026 was graded 4 Inadequate overall, and all 2 of its actions ' +
            'are still open although the next programme started on 1 Apr 2026.',
        }],
      },
    ]);
  });

  it('one action done: not drifting', () => {
    const oneDone = [open[0], { ...open[1], status: 'done' as const, doneDate: '2026-03-20' }];
    expect(drift('2026-04-15', oneDone, [audit], programmes)).toEqual([]);
  });

  it('cancelled actions are ignored: open + cancelled drifts, all cancelled does not', () => {
    const mixed = [open[0], { ...open[1], status: 'cancelled' as const }];
    expect(drift('2026-04-15', mixed, [audit], programmes)[0].reasons[0].message).toContain('its action is still open');
    const allCancelled = open.map((a) => ({ ...a, status: 'cancelled' as const }));
    expect(drift('2026-04-15', allCancelled, [audit], programmes)).toEqual([]);
  });

  it('grades 1–2 and N/A overall never trigger the rule', () => {
    for (const overall of [1, 2, 'na', null] as const) {
      expect(drift('2026-04-15', open, [{ ...audit, overall }], programmes)).toEqual([]);
    }
    expect(drift('2026-04-15', open, [{ ...audit, overall: 3 }], programmes)).toHaveLength(1);
  });

  it("the next programme starts strictly after submission (London date) and is not the audit's own", () => {
    // Submitted 23:30 UTC on 31 Mar = 00:30 BST on 1 Apr: P2 starting 1 Apr is not after it.
    const late = { ...audit, submittedAt: '2026-03-31T23:30:00Z' };
    expect(drift('2026-04-20', open, [late], programmes)).toEqual([]);
    expect(drift('2026-05-01', open, [late], programmes)[0].reasons[0].message).toContain('started on 1 May 2026');
    // The audit belongs to P2 (which starts after its submission date): P3 is the next one.
    const own = { ...audit, programmeId: 'P2' };
    expect(drift('2026-04-20', open, [own], programmes)).toEqual([]);
    expect(drift('2026-05-01', open, [own], programmes)).toHaveLength(1);
  });

  it('an audit with no actions does not trigger the rule', () => {
    expect(drift('2026-04-15', [], [audit], programmes)).toEqual([]);
  });
});

describe('driftingCases: output', () => {
  it('groups reasons per case, cases in id order', () => {
    const rows = drift('2026-12-31', [
      action({ id: 'b', caseId: 'C2' }),
      action({ id: 'a', caseId: 'C1', dueDateMoves: 2, dueDate: '2027-01-10' }),
      action({ id: 'c', caseId: 'C2', dueDate: '2026-11-01' }),
      action({ id: 'd', caseId: 'C3', dueDate: '2026-12-20' }), // 11 days: not drifting
    ]);
    expect(rows.map((r) => r.caseId)).toEqual(['C1', 'C2']);
    expect(rows[1].reasons.map((r) => r.actionId)).toEqual(['b', 'c']);
  });
});

describe('timeliness', () => {
  const today = '2026-11-30';
  const actions = [
    action({ id: '1', team: 'A', dueDate: '2026-10-10', status: 'done', doneDate: '2026-10-10' }), // on time (same day)
    action({ id: '2', team: 'A', dueDate: '2026-10-10', status: 'verified', doneDate: '2026-10-09' }), // on time
    action({ id: '3', team: 'A', dueDate: '2026-10-20', status: 'done', doneDate: '2026-10-23' }), // 3 days late
    action({ id: '4', team: 'A', dueDate: '2026-11-25' }), // open, 5 days overdue
    action({ id: '5', team: 'A', dueDate: '2026-11-30' }), // due today, open: due, not late
    action({ id: '6', team: 'A', dueDate: '2026-11-01', status: 'cancelled' }), // not counted
    action({ id: '7', team: 'A', dueDate: '2026-12-15', status: 'done', doneDate: '2026-11-01' }), // not yet due
    action({ id: '8', team: 'B', dueDate: '2026-10-31', status: 'done', doneDate: '2026-10-31T23:30:00Z' }), // 31 Oct GMT: on time
    action({ id: '9', team: 'B', dueDate: '2026-06-30', status: 'done', doneDate: '2026-06-30T23:30:00Z' }), // 1 Jul BST: 1 day late
  ];

  it('per team: due, done on time, median days late, open overdue', () => {
    expect(timelinessFigures(actions, today, (a) => a.team)).toEqual([
      // due: 1,2,3,4,5 = 5; on time 1,2; late [3 (done), 5 (open)] → median 4.
      { key: 'A', due: 5, doneOnTime: 2, doneOnTimePct: 40, medianDaysLate: 4, openOverdue: 1 },
      { key: 'B', due: 2, doneOnTime: 1, doneOnTimePct: 50, medianDaysLate: 1, openOverdue: 0 },
    ]);
  });

  it('default group and empty input', () => {
    expect(timelinessFigures(actions, today)).toEqual([
      { key: 'all', due: 7, doneOnTime: 3, doneOnTimePct: 42.9, medianDaysLate: 3, openOverdue: 1 },
    ]);
    expect(timelinessFigures([], today)).toEqual([]);
  });

  it('by month of the due date, in order', () => {
    expect(timelinessByMonth(actions, today).map((m) => [m.month, m.due, m.doneOnTimePct])).toEqual([
      ['2026-06', 1, 0],
      ['2026-10', 4, 75],
      ['2026-11', 2, 0],
    ]);
  });
});

describe('scale', () => {
  // Speed is measured by `npm run bench` (bench/drift.ts), not asserted here.
  it('drift report over 10,000 cases and 30,000 actions finds every kind of drifting case', () => {
    // A heavy but plausible load: a quarter of the actions still open (most of them long
    // overdue), a seventh moved twice, a quarter of audits graded 3–4 → ~6,700 drifting cases.
    const today = '2026-12-01';
    const programmes: ProgrammeInput[] = Array.from({ length: 24 }, (_, i) => ({
      id: `P${i}`, startDate: addDays('2025-01-01', i * 30),
    }));
    const audits: AuditInput[] = [];
    const actions: ActionInput[] = [];
    for (let c = 0; c < 10_000; c++) {
      const auditId = `A${c}`;
      audits.push({
        id: auditId, caseId: `C${c}`, overall: ((c % 4) + 1) as 1 | 2 | 3 | 4, programmeId: `P${c % 24}`,
        submittedAt: `${addDays('2025-01-05', c % 600)}T10:00:00Z`,
      });
      for (let k = 0; k < 3; k++) {
        const n = c * 3 + k;
        const dueDate = addDays('2025-03-01', n % 700);
        actions.push(action({
          id: `X${n}`, caseId: `C${c}`, auditId, team: `T${c % 12}`, owner: `O${c % 150}`,
          status: n % 4 === 0 ? 'open' : n % 11 === 0 ? 'cancelled' : n % 3 === 0 ? 'verified' : 'done',
          dueDate, doneDate: n % 4 === 0 ? null : addDays(dueDate, (n % 9) - 4),
          dueDateMoves: n % 7 === 0 ? 2 : 0,
        }));
      }
    }
    const run = () => {
      const rows = driftingCases({ today, actions, audits, programmes });
      timelinessFigures(actions, today, (a) => a.team);
      timelinessByMonth(actions, today);
      return rows;
    };
    const rows = run();
    expect(rows.length).toBeGreaterThan(5000);
    const codes = new Set(rows.flatMap((r) => r.reasons.map((x) => x.code)));
    expect([...codes].sort()).toEqual(['due-date-moved', 'overdue-28']);
    expect(run()).toEqual(rows);
  });
});
