/**
 * A team that works by bundle beside a team server: the QA lead's laptop is joined to the server
 * (so people have the server's ids), adds Sam (auditor) and Alex (moderator), allocates a case to
 * Sam, and sets up their laptops by invitation (no server), registering them; then syncs once.
 * Laptops are real encrypted files on the real clock (the server compares clocks with its own).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportBundleToFile } from '../../electron/core/bundles/exportBundle';
import { importBundle } from '../../electron/core/bundles/importBundle';
import { createInvitation, joinTeam as joinByInvitation } from '../../electron/core/bundles/invitation';
import type { CoreContext } from '../../electron/core/context';
import { createCore, type Core } from '../../electron/core/index';
import { generateKey } from '../../electron/core/keys';
import { addPerson } from '../../electron/core/people/service';
import { principalForPerson, withPrincipal } from '../../electron/core/policy/principal';
import { joinTeam } from '../../electron/core/teamsync/join';
import { syncNow } from '../../electron/core/teamsync/sync';
import { newId, write } from '../../electron/core/write';
import { num } from '../../electron/server/sql';
import type { TeamServer } from '../../electron/server/start';
import { LEAD } from '../support/teamServer';

export const SHARED_TABLES = ['cases', 'programmes', 'programme_cases', 'audits', 'actions'];
export const PASS = 'a long passphrase for the team 2026';
export const emailOf = (name: string): string => (name === 'lead' ? LEAD.email : `${name.toLowerCase()}@council.gov.uk`);

export interface Laptop { name: string; dir: string; core: Core; personId: string; ctx(): CoreContext }

const dirs: string[] = [];
const cores: Core[] = [];

export function laptop(name: string): Laptop {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `plumbline-team-${name}-`));
  dirs.push(dir);
  const core = createCore({ dbFile: path.join(dir, `${name}.db`), key: generateKey(), create: true });
  cores.push(core);
  const l: Laptop = { name, dir, core, personId: '', ctx: () => withPrincipal(l.core.ctx, principalForPerson(l.core.ctx.db, l.personId)) };
  return l;
}

/** Closes every laptop made here and removes its folder. */
export function cleanupLaptops(): void {
  for (const c of cores.splice(0)) {
    try {
      c.close();
    } catch {
      /* closed */
    }
  }
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** One bundle from one laptop to another's person, exported and imported as files. */
export function send(from: Laptop, to: Laptop): void {
  const file = path.join(from.dir, `to-${to.name}-${newId()}.plb`);
  exportBundleToFile(from.ctx(), { toEmail: emailOf(to.name) }, file);
  importBundle(to.ctx(), new Uint8Array(fs.readFileSync(file)));
}

/** A laptop that joins the server as this person (the real client) and pulls what they may see. */
export async function joinedLaptop(url: string, name: string, personId: string): Promise<Laptop> {
  const l = laptop(`${name}-fresh`);
  const status = await joinTeam(l.core.ctx, { server: url, login: emailOf(name), passphrase: name === 'lead' ? LEAD.passphrase : PASS });
  if (status.refused) throw new Error(`${name} could not join: ${status.refused.message}`);
  l.personId = personId;
  return l;
}

/** Every change with an author held on a laptop, as (device:seq → hash). */
export function authoredChanges(l: Laptop): Map<string, string> {
  const rows = l.core.ctx.db.prepare('SELECT device_id, device_seq, hash FROM history WHERE format = 2 AND actor_id IS NOT NULL').all() as { device_id: string; device_seq: number; hash: string }[];
  return new Map(rows.map((r) => [`${r.device_id}:${r.device_seq}`, r.hash]));
}

export async function serverChanges(server: TeamServer): Promise<{ id: string; seq: number; hash: string; prev: string; device: string }[]> {
  const rows = await server.sql.query<{ device_id: string; device_seq: unknown; hash: string; prev_hash: string }>('SELECT device_id, device_seq, hash, prev_hash FROM changes');
  return rows.map((r) => ({ id: `${r.device_id}:${num(r.device_seq)}`, seq: num(r.device_seq), hash: r.hash, prev: r.prev_hash, device: r.device_id }));
}

export interface ServerTeam {
  lead: Laptop;
  sam: Laptop;
  alex: Laptop;
  templateId: string;
  caseId: string;
  programmeId: string;
}

export async function serverTeam(server: TeamServer & { leadId: string }): Promise<ServerTeam> {
  const lead = laptop('lead');
  const joined = await joinTeam(lead.core.ctx, { server: server.url, login: LEAD.email, passphrase: LEAD.passphrase });
  if (joined.refused) throw new Error(joined.refused.message);
  lead.personId = server.leadId;
  const ids: Record<string, string> = {};
  for (const [name, role] of [['Sam', 'auditor'], ['Alex', 'moderator']] as const) {
    ids[name] = (await addPerson(lead.ctx(), { name, email: emailOf(name), role, teams: ['North'], agency: null, passphrase: PASS }, { ownPassphrase: true })).id;
  }
  const templateId = (lead.core.ctx.db.prepare("SELECT id FROM templates WHERE status = 'published' ORDER BY created_at LIMIT 1").get() as { id: string }).id;
  const caseId = newId();
  const programmeId = newId();
  write(lead.ctx(), (tx) => {
    tx.insert('cases', { id: caseId, reference: 'NR-2001', team: 'North', worker: 'Pat Worker', case_type: 'cin', age_band: '5-9', created_at: tx.at, updated_at: tx.at });
    tx.insert('programmes', { id: programmeId, name: 'December CIN audits', type: 'monthly', template_id: templateId, created_at: tx.at, updated_at: tx.at });
    tx.insert('programme_cases', { programme_id: programmeId, case_id: caseId, auditor_id: ids.Sam, chosen_by: 'hand', added_at: tx.at });
  });
  const laptops: Record<string, Laptop> = {};
  for (const name of ['Sam', 'Alex']) {
    const inv = createInvitation(lead.ctx(), emailOf(name));
    const l = laptop(name);
    l.personId = (await joinByInvitation(l.core.ctx, inv.bytes, inv.code, { passphrase: PASS })).person.id;
    send(l, lead);
    laptops[name] = l;
  }
  await syncNow(lead.core.ctx);
  for (const name of ['Sam', 'Alex']) send(lead, laptops[name]);
  return { lead, sam: laptops.Sam, alex: laptops.Alex, templateId, caseId, programmeId };
}
