/**
 * Laptops for bundle tests: each a real encrypted database file in its own temp folder, with its
 * own device id and keys. `makeTeam` sets up a team without a server the way README says: the
 * QA lead's standalone database, people added there, an invitation + code per person, `join` on
 * each new laptop, and a first bundle back that registers it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Role } from '../../shared/api/session';
import { exportBundleToFile } from '../../electron/core/bundles/exportBundle';
import { importBundle, type ImportReport } from '../../electron/core/bundles/importBundle';
import { createInvitation, joinTeam } from '../../electron/core/bundles/invitation';
import type { CoreContext } from '../../electron/core/context';
import { createCore, type Core } from '../../electron/core/index';
import { generateKey } from '../../electron/core/keys';
import { addPerson } from '../../electron/core/people/service';
import { principalForPerson, withPrincipal } from '../../electron/core/policy/principal';
import { setupFirstQaLead } from '../../electron/core/session/signin';

export const PASSPHRASE = 'kettle on the viaduct at dusk';

export interface Laptop {
  name: string;
  dir: string;
  dbFile: string;
  key: string;
  core: Core;
  personId: string;
  /** The context of this laptop's person. */
  ctx(): CoreContext;
  close(): void;
  reopen(): void;
  /** SHA-256 of the database file (call after close). */
  fileHash(): string;
}

let clock = Date.parse('2026-12-02T09:00:00Z');
/** One clock for every laptop, moving a second per call: times are distinct and ordered. */
export const now = (): Date => new Date((clock += 1000));

export function newLaptop(name: string): Laptop {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `plumbline-bundle-${name}-`));
  const dbFile = path.join(dir, `${name}.db`);
  const key = generateKey();
  const laptop: Laptop = {
    name,
    dir,
    dbFile,
    key,
    core: createCore({ dbFile, key, create: true, now }),
    personId: '',
    ctx() {
      return withPrincipal(laptop.core.ctx, principalForPerson(laptop.core.ctx.db, laptop.personId));
    },
    close() {
      laptop.core.close();
    },
    reopen() {
      laptop.core = createCore({ dbFile, key, now });
    },
    fileHash() {
      return createHash('sha256').update(fs.readFileSync(dbFile)).digest('hex');
    },
  };
  return laptop;
}

export function exportTo(from: Laptop, to: Laptop | string, options: { since?: string } = {}): { file: string; changes: number } {
  const email = typeof to === 'string' ? to : emailOf(to.name);
  const file = path.join(from.dir, `to-${typeof to === 'string' ? to : to.name}-${Date.now()}-${Math.random().toString(16).slice(2)}.plb`);
  const r = exportBundleToFile(from.ctx(), { toEmail: email, since: options.since }, file);
  return { file, changes: r.changes };
}

export function importFile(into: Laptop, file: string): ImportReport {
  return importBundle(into.ctx(), new Uint8Array(fs.readFileSync(file)));
}

export const emailOf = (name: string): string => `${name.toLowerCase()}@council.gov.uk`;

export interface Team {
  lead: Laptop;
  laptops: Record<string, Laptop>;
  ids: Record<string, string>;
  cleanup(): void;
}

/** A QA lead's standalone laptop plus one joined laptop per person, registered both ways. */
export async function makeTeam(people: { name: string; role: Role; teams?: string[] }[]): Promise<Team> {
  const lead = newLaptop('lead');
  const person = await setupFirstQaLead(lead.core.ctx, { name: 'Jo Lead', email: emailOf('lead'), passphrase: PASSPHRASE });
  lead.personId = person.id;
  const ids: Record<string, string> = { lead: person.id };
  const laptops: Record<string, Laptop> = {};
  for (const p of people) {
    const added = await addPerson(lead.ctx(), { name: p.name, email: emailOf(p.name), role: p.role, teams: p.teams ?? ['North'], agency: null });
    ids[p.name] = added.id;
  }
  for (const p of people) {
    const inv = createInvitation(lead.ctx(), emailOf(p.name));
    const laptop = newLaptop(p.name);
    const joined = await joinTeam(laptop.core.ctx, inv.bytes, inv.code, { passphrase: PASSPHRASE });
    laptop.personId = joined.person.id;
    laptops[p.name] = laptop;
    // The first bundle back registers the laptop with the team.
    const back = exportTo(laptop, lead);
    importFile(lead, back.file);
  }
  // The QA lead's next bundles tell everyone about everyone.
  for (const p of people) importFile(laptops[p.name], exportTo(lead, laptops[p.name]).file);
  return {
    lead,
    laptops,
    ids,
    cleanup() {
      for (const l of [lead, ...Object.values(laptops)]) {
        try {
          l.close();
        } catch {
          /* closed */
        }
        fs.rmSync(l.dir, { recursive: true, force: true });
      }
    },
  };
}
