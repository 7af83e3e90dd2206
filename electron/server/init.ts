import { hash } from '@node-rs/argon2';
import { v7 as uuidv7 } from 'uuid';
import { PEOPLE_TABLES } from '../../shared/sync/rules';
import { HttpError } from './errors';
import type { LogView } from './log';
import { appendServerChanges } from './serverDevice';
import type { Sql } from './sql';

export const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
export const PEOPLE_TABLE = 'users';

/**
 * The team's first QA lead, made by the server itself: a people row (no secret in it, so every
 * laptop may receive it) and, as a separate change, the passphrase hash (which only that
 * person's own laptops receive).
 */
export async function createFirstQaLead(sql: Sql, view: LogView, input: { email: string; name: string; passphrase: string }): Promise<{ id: string }> {
  const id = uuidv7();
  const passphraseHash = await hash(input.passphrase, ARGON2);
  const now = new Date().toISOString();
  await appendServerChanges(
    sql,
    view,
    [
      {
        table: PEOPLE_TABLE,
        key: id,
        op: 'insert',
        column: null,
        value: { id, name: input.name, email: input.email, role: 'qa-lead', job_title: 'QA lead', manages_teams: '[]', created_at: now },
      },
      { table: PEOPLE_TABLE, key: id, op: 'set', column: 'passphrase_hash', value: passphraseHash },
    ],
    async () => {
      for (const t of PEOPLE_TABLES) {
        if ([...view.state.rows(t)].length > 0) {
          throw new HttpError(409, 'ALREADY_INITIALISED', 'This team server already has people: the QA lead adds everyone else from the app.');
        }
      }
    },
  );
  return { id };
}
