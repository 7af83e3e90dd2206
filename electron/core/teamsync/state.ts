import type { CoreContext } from '../context';

/**
 * This laptop's sync bookkeeping, in the local `meta` table (never replicated): the server, the
 * device token, whose laptop it is, the pull cursor and the last outcome. The token lives in the
 * encrypted database, like everything else.
 */
export interface SyncMeta {
  server: string | null;
  token: string | null;
  personId: string | null;
  personName: string | null;
  cursor: number;
  syncedAt: string | null;
  offlineSince: string | null;
  refused: { code: string; message: string; at: string; change?: { deviceSeq: number; table: string; key: string; column: string | null } } | null;
  /** This laptop's own changes a person chose not to send after the server refused them (decision 57). */
  withheld: number[];
  /** SHA-256 of each passphrase hash as last exchanged with the server, by person id. */
  hashes: Record<string, string>;
  /**
   * What this laptop held when it joined, handed over once (decision 56): its change log up to
   * local position `upTo`, handed over up to `done`, with the server's counts so far.
   */
  handover: Handover | null;
}

export interface Handover {
  upTo: number;
  done: number;
  sent: number;
  alreadyThere: number;
  declined: { deviceId: string; deviceSeq: number; table: string; key: string; reason: string }[];
}

const KEYS: Record<keyof SyncMeta, string> = {
  server: 'sync.server',
  token: 'sync.token',
  personId: 'sync.person_id',
  personName: 'sync.person_name',
  cursor: 'sync.cursor',
  syncedAt: 'sync.synced_at',
  offlineSince: 'sync.offline_since',
  refused: 'sync.refused',
  hashes: 'sync.hashes',
  handover: 'sync.handover',
  withheld: 'sync.withheld',
};

export function readSyncMeta(ctx: CoreContext): SyncMeta {
  const rows = ctx.db.prepare("SELECT key, value FROM meta WHERE key LIKE 'sync.%'").all() as { key: string; value: string }[];
  const get = (k: keyof SyncMeta): string | null => rows.find((r) => r.key === KEYS[k])?.value ?? null;
  return {
    server: get('server'),
    token: get('token'),
    personId: get('personId'),
    personName: get('personName'),
    cursor: Number(get('cursor') ?? 0),
    syncedAt: get('syncedAt'),
    offlineSince: get('offlineSince'),
    refused: get('refused') ? (JSON.parse(get('refused')!) as SyncMeta['refused']) : null,
    hashes: get('hashes') ? (JSON.parse(get('hashes')!) as Record<string, string>) : {},
    handover: get('handover') ? (JSON.parse(get('handover')!) as Handover) : null,
    withheld: get('withheld') ? (JSON.parse(get('withheld')!) as number[]) : [],
  };
}

export function writeSyncMeta(ctx: CoreContext, patch: Partial<SyncMeta>): void {
  const upsert = ctx.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const remove = ctx.db.prepare('DELETE FROM meta WHERE key = ?');
  for (const [k, v] of Object.entries(patch) as [keyof SyncMeta, unknown][]) {
    if (v === null || v === undefined) remove.run(KEYS[k]);
    else upsert.run(KEYS[k], typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v));
  }
}
