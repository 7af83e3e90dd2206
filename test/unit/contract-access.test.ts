import { describe, expect, it } from 'vitest';
import { api, can, OP_NAMES } from '../../shared/api/index';

describe('the contract declares who may call every operation', () => {
  it('every operation has an access declaration', () => {
    for (const name of OP_NAMES) {
      const access = api[name].access;
      expect(access, name).toBeDefined();
      expect('public' in access || access.roles === 'signed-in' || (Array.isArray(access.roles) && access.roles.length > 0), name).toBe(true);
    }
  });

  it('managing people is for QA leads only', () => {
    const peopleOps = OP_NAMES.filter((n) => n.startsWith('people:'));
    expect(peopleOps.length).toBeGreaterThanOrEqual(6);
    for (const name of peopleOps) {
      expect(can('qa-lead', name), name).toBe(true);
      expect(can('moderator', name), name).toBe(false);
      expect(can('auditor', name), name).toBe(false);
      expect(can(null, name), name).toBe(false);
    }
  });

  it('only signing in and the first-start questions are public', () => {
    const open = OP_NAMES.filter((n) => 'public' in api[n].access);
    expect(open.sort()).toEqual(['session:exploreDemo', 'session:me', 'session:setup', 'session:signIn', 'session:signOut', 'sync:join']);
  });
});
