/**
 * The unit of replication: one replayable change. The laptop's change log stores these, the team
 * server's push and pull carry them, and exchange bundles carry them. Pure: no Node, no DOM.
 *
 * Owned by the change-log work (issue 15); the team server (issue 15) and bundles (issue 14)
 * build on this shape. Extend it only by adding optional fields.
 */
export interface Change {
  /** The device that made the change (a UUID v7, `meta.device_id` on a laptop). */
  deviceId: string;
  /** 1, 2, 3… per device, no gaps: (deviceId, deviceSeq) identifies a change everywhere. */
  deviceSeq: number;
  /** Hybrid logical clock time, see `hlc.ts`: sorts as a string; ties are impossible across devices. */
  hlc: string;
  /** The person who made it (null for Plumbline itself, e.g. seeding built-in templates). */
  personId: string | null;
  personName: string;
  /** Entity (table) name from the entity registry. */
  table: string;
  /** The row's key: its id, or a JSON array of the key columns' values for composite keys. */
  key: string;
  /**
   * 'insert' — value is the whole row (every column set at this time);
   * 'set'    — value is the new value of `column`;
   * 'delete' — a tombstone, value null;
   * 'event'  — not a row edit (submitted, exported…): value is the event's data, `column` holds its name.
   */
  op: 'insert' | 'set' | 'delete' | 'event';
  column: string | null;
  value: unknown;
  /**
   * The HLC of the value this change overwrote on the writer's device (null when none): lets a
   * receiver tell a concurrent edit (base differs from what it holds) from a later one.
   */
  base?: string | null;
  /** Hash of the previous change in this device's chain (the genesis hash for the first). */
  prevHash: string;
  /** SHA-256 (hex) over prevHash and the canonical JSON of every field above. */
  hash: string;
}

/** What a pull or a bundle reports back. */
export interface MergeReport {
  applied: number;
  alreadyHad: number;
  conflicts: number;
}
