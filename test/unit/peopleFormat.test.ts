import { describe, expect, it } from 'vitest';
import { passphraseSchema } from '../../shared/api/session';
import { oneTimePassphrase, signInState, splitTeams } from '../../renderer/src/features/people/format';

describe('one-time passphrases', () => {
  it('pass the contract’s passphrase rule, use only unambiguous characters, and do not repeat', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i += 1) {
      const p = oneTimePassphrase();
      expect(p).toMatch(/^[a-hj-km-np-z2-9]{4}(-[a-hj-km-np-z2-9]{4}){3}$/);
      expect(passphraseSchema.safeParse(p).success).toBe(true);
      seen.add(p);
    }
    expect(seen.size).toBe(2000);
  });
});

describe('teams typed in one box', () => {
  it('split on commas or semicolons, trimmed, without blanks or repeats', () => {
    expect(splitTeams(' North, South;Hub ,, North ')).toEqual(['North', 'South', 'Hub']);
    expect(splitTeams('')).toEqual([]);
  });
});

describe('sign-in state shown to the QA lead', () => {
  const base = { id: 'p1', name: 'Sam Jones', email: 'sam@council.example', role: 'auditor' as const, teams: [], agency: null, createdAt: '', updatedAt: '' };
  it('names what stops a person signing in', () => {
    expect(signInState({ ...base, active: false, hasPassphrase: true, mustChangePassphrase: false }).text).toBe('Deactivated');
    expect(signInState({ ...base, active: true, hasPassphrase: false, mustChangePassphrase: false }).text).toBe('Needs a one-time passphrase');
    expect(signInState({ ...base, active: true, hasPassphrase: true, mustChangePassphrase: true }).text).toBe('Active · must change passphrase');
    expect(signInState({ ...base, active: true, hasPassphrase: true, mustChangePassphrase: false }).text).toBe('Active');
  });
});
