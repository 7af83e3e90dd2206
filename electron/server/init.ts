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
 * The team's first QA lead, made by the server itself: a people row in the change log (no secret
 * in it), and the passphrase hash beside the log (only that person's own laptops receive it).
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
        value: {
          id, name: input.name, email: input.email, role: 'qa-lead', job_title: 'QA lead', manages_teams: '[]', agency: null, active: 1,
          must_change_passphrase: 0, public_key: null, created_at: now, updated_at: now,
        },
      },
    ],
    async (q) => {
      for (const t of PEOPLE_TABLES) {
        if ([...view.state.rows(t)].length > 0) {
          throw new HttpError(409, 'ALREADY_INITIALISED', 'This team server already has people: the QA lead adds everyone else from the app.');
        }
      }
      await q.query('INSERT INTO passphrases (person_id, hash, must_change, set_by_device) VALUES ($1, $2, false, $3)', [id, passphraseHash, 'server']);
    },
  );
  return { id };
}
