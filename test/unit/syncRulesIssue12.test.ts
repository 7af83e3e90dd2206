import { describe, expect, it } from 'vitest';
import type { Change } from '../../shared/sync/change';
import { canWrite, visibility } from '../../shared/sync/rules';
import { MemoryState } from '../../shared/sync/state';

/** What the team server and bundles check: an auditor's "both agree" changes to their audit's moderation are theirs to make. */
describe('sync rules for "both agree"', () => {
  const state = new MemoryState();
  let seq = 0;
  const change = (personId: string, table: string, key: string, op: Change['op'], column: string | null, value: unknown): Change => ({
    deviceId: 'd1', deviceSeq: ++seq, hlc: `0000000000001-${String(seq).padStart(4, '0')}-d1`, personId, personName: personId, table, key, op, column, value, prevHash: '', hash: '',
  });
  state.apply(change('lead', 'audits', 'a1', 'insert', null, { id: 'a1', auditor_id: 'ann', status: 'agreed' }));
  state.apply(change('mo', 'moderations', 'm1', 'insert', null, { id: 'm1', audit_id: 'a1', moderator_id: 'mo', status: 'agreed' }));
  const ann = { id: 'ann', role: 'auditor' as const };
  const bob = { id: 'bob', role: 'auditor' as const };

  it('the audit\'s own auditor may acknowledge and ask to reconsider, nothing more', () => {
    for (const column of ['auditor_agreed_at', 'reconsider_reason', 'reconsider_requested_at']) {
      expect(canWrite(ann, change('ann', 'moderations', 'm1', 'set', column, 'x'), state)).toEqual({ ok: true });
      expect(canWrite(bob, change('bob', 'moderations', 'm1', 'set', column, 'x'), state).ok).toBe(false);
    }
    for (const column of ['status', 'reconsider_answer', 'moderator_agreed_at', 'agreed_rule_justification']) {
      expect(canWrite(ann, change('ann', 'moderations', 'm1', 'set', column, 'x'), state).ok).toBe(false);
    }
    expect(canWrite(ann, change('ann', 'moderation_grades', '["m1","s3"]', 'set', 'agreed_grade', '2'), state).ok).toBe(false);
  });
});

describe('sync rules for follow-up re-audits', () => {
  const state = new MemoryState();
  let seq = 100;
  const change = (personId: string, table: string, key: string, op: Change['op'], column: string | null, value: unknown): Change => ({
    deviceId: 'd1', deviceSeq: ++seq, hlc: `0000000000002-${String(seq).padStart(4, '0')}-d1`, personId, personName: personId, table, key, op, column, value, prevHash: '', hash: '',
  });
  state.apply(change('lead', 'cases', 'c1', 'insert', null, { id: 'c1', team: 'North' }));
  state.apply(change('lead', 'audits', 'a1', 'insert', null, { id: 'a1', case_id: 'c1', auditor_id: 'ann', status: 'submitted' }));
  state.apply(change('lead', 'actions', 'x1', 'insert', null, { id: 'x1', audit_id: 'a1', case_id: 'c1', follow_up_auditor_id: 'femi', follow_up_on: '2026-12-14' }));
  const femi = { id: 'femi', role: 'auditor' as const };
  const gus = { id: 'gus', role: 'auditor' as const };

  it('the scheduled auditor receives the action and its case, and may link their re-audit to it; nobody else', () => {
    expect(canWrite(femi, change('femi', 'actions', 'x1', 'set', 'follow_up_audit_id', 'a2'), state)).toEqual({ ok: true });
    expect(canWrite(gus, change('gus', 'actions', 'x1', 'set', 'follow_up_audit_id', 'a2'), state).ok).toBe(false);
    expect(canWrite(femi, change('femi', 'actions', 'x1', 'set', 'follow_up_auditor_id', 'gus'), state).ok).toBe(false);
    expect(canWrite(femi, change('femi', 'actions', 'x1', 'set', 'status', 'done'), state).ok).toBe(false);
    expect(visibility(femi, state)('actions', 'x1')).toBe(true);
    expect(visibility(femi, state)('cases', 'c1')).toBe(true);
    expect(visibility(femi, state)('audits', 'a1')).toBe(true); // the audit it follows: its row, for the grade before
    expect(visibility(gus, state)('audits', 'a1')).toBe(false);
    expect(visibility(gus, state)('actions', 'x1')).toBe(false);
    expect(visibility(gus, state)('cases', 'c1')).toBe(false);
  });
});

describe('sync rules for service-level findings', () => {
  const state = new MemoryState();
  const change = (personId: string, table: string, key: string): Change => ({
    deviceId: 'd1', deviceSeq: 1, hlc: '0000000000003-0001-d1', personId, personName: personId, table, key, op: 'insert', column: null, value: { id: key }, prevHash: '', hash: '',
  });
  it('moderators and QA leads write them; auditors neither write nor receive them', () => {
    for (const table of ['service_actions', 'service_action_due_moves']) {
      expect(canWrite({ id: 'mo', role: 'moderator' }, change('mo', table, 's1'), state)).toEqual({ ok: true });
      expect(canWrite({ id: 'ann', role: 'auditor' }, change('ann', table, 's1'), state).ok).toBe(false);
    }
    state.apply(change('mo', 'service_actions', 's1'));
    expect(visibility({ id: 'mo', role: 'moderator' }, state)('service_actions', 's1')).toBe(true);
    expect(visibility({ id: 'ann', role: 'auditor' }, state)('service_actions', 's1')).toBe(false);
  });
});
