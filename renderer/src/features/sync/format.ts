import type { SyncStatus } from '../../../../shared/api/sync';
import { plural, ukWhen } from '../../format';

const changes = (n: number) => plural(n, 'change');

/** The shell's one line about syncing: synced at 10:42 / 12 changes waiting / offline since 09:15 / refused: why. */
export function syncText(s: SyncStatus, now: Date = new Date()): { text: string; tone: 'ok' | 'busy' | 'warn' | 'bad' } | null {
  switch (s.state) {
    case 'not-joined':
      return null;
    case 'syncing':
      return { text: 'Syncing…', tone: 'busy' };
    case 'refused':
      return { text: `Refused: ${s.refused?.message ?? 'the team server refused the last changes.'}`, tone: 'bad' };
    case 'offline':
      return { text: `Offline since ${s.offlineSince ? ukWhen(s.offlineSince, now) : 'the last try'}${s.waiting ? ` · ${changes(s.waiting)} waiting` : ''}`, tone: 'warn' };
    case 'waiting':
      return { text: `${changes(s.waiting)} waiting`, tone: 'warn' };
    default:
      return s.waiting > 0 ? { text: `${changes(s.waiting)} waiting`, tone: 'warn' } : { text: s.syncedAt ? `Synced at ${ukWhen(s.syncedAt, now)}` : 'Not synced yet', tone: 'ok' };
  }
}
