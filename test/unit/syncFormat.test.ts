import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/api/sync';
import { syncText } from '../../renderer/src/features/sync/format';

const NOW = new Date('2026-11-23T12:00:00Z');
const base: SyncStatus = { state: 'synced', server: 'https://team.example', personName: 'Sam Jones', syncedAt: null, waiting: 0, offlineSince: null, refused: null, withheld: 0 };

describe('the shell’s sync line', () => {
  it('says when it last synced, as a London time today and with the date another day', () => {
    expect(syncText({ ...base, syncedAt: '2026-11-23T10:42:10Z' }, NOW)?.text).toBe('Synced at 10:42');
    expect(syncText({ ...base, syncedAt: '2026-11-20T10:42:10Z' }, NOW)?.text).toBe('Synced at 20 Nov 2026, 10:42');
    // British Summer Time: 09:15 UTC is 10:15 in London.
    expect(syncText({ ...base, syncedAt: '2026-06-01T09:15:00Z' }, new Date('2026-06-01T12:00:00Z'))?.text).toBe('Synced at 10:15');
  });

  it('counts changes waiting, says since when it is offline, and gives the server’s reason for a refusal', () => {
    expect(syncText({ ...base, state: 'waiting', waiting: 12 }, NOW)?.text).toBe('12 changes waiting');
    expect(syncText({ ...base, state: 'waiting', waiting: 1 }, NOW)?.text).toBe('1 change waiting');
    expect(syncText({ ...base, state: 'offline', offlineSince: '2026-11-23T09:15:00Z', waiting: 3 }, NOW)?.text).toBe('Offline since 09:15 · 3 changes waiting');
    const refused = syncText({ ...base, state: 'refused', refused: { code: 'FORBIDDEN', message: 'You cannot change an audit that has been submitted.', at: '2026-11-23T11:00:00Z' } }, NOW);
    expect(refused).toEqual({ text: 'Refused: You cannot change an audit that has been submitted.', tone: 'bad' });
  });

  it('shows nothing on a standalone laptop', () => {
    expect(syncText({ ...base, state: 'not-joined', server: null }, NOW)).toBeNull();
  });
});
