import { ROLE_LABELS, type Person } from '../../../../shared/api/session';

export const roleText = (p: Pick<Person, 'role'>): string => ROLE_LABELS[p.role] ?? p.role;
export const teamsText = (teams: readonly string[]): string => (teams.length ? teams.join(', ') : '—');

/** Where a person stands with signing in, as the QA lead needs to know it. */
export function signInState(p: Person): { text: string; tone: 'ok' | 'warn' | 'off' } {
  if (!p.active) return { text: 'Deactivated', tone: 'off' };
  if (!p.hasPassphrase) return { text: 'Needs a one-time passphrase', tone: 'warn' };
  if (p.mustChangePassphrase) return { text: 'Active · must change passphrase', tone: 'warn' };
  return { text: 'Active', tone: 'ok' };
}

/** Teams as typed in one box: "North, South; Hub" → ["North", "South", "Hub"], without blanks or repeats. */
export function splitTeams(text: string): string[] {
  return [...new Set(text.split(/[,;]/).map((t) => t.trim()).filter(Boolean))];
}

// No 0/o, 1/l/i: read aloud or copied from a screen without mistakes.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A one-time passphrase: four groups of four characters from the browser's cryptographic random
 * source (about 79 bits), e.g. "k7rm-2xqp-9vhd-3tfw". Long enough for the 12-character rule.
 */
export function oneTimePassphrase(): string {
  const groups: string[] = [];
  const bytes = new Uint8Array(64);
  crypto.getRandomValues(bytes);
  let chars = '';
  for (const b of bytes) {
    if (b >= 248) continue; // 248 = 8 × 31: keeps every character equally likely
    chars += ALPHABET[b % ALPHABET.length];
    if (chars.length === 16) break;
  }
  for (let i = 0; i < 16; i += 4) groups.push(chars.slice(i, i + 4));
  return groups.join('-');
}
