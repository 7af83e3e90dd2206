/**
 * A council's standalone laptop as first start makes it (README "First start"): a real encrypted
 * file in a temp folder with its key file beside it (as the command line finds it), whose first
 * person is its QA lead. On that one laptop the QA lead adds an auditor and a moderator with
 * one-time passphrases, imports the register and allocates a sampled programme; the auditor signs
 * in there, chooses their own passphrase, grades and submits; the moderator signs in there,
 * chooses theirs and moderates. Every step goes through dispatch as that signed-in person. Then
 * the IT team uses the real command line on the file: it adds an auditor and imports more cases
 * (changes with no person behind them: "command line (<OS user>)").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bindDispatch, type BoundDispatch } from '../../electron/core/dispatch';
import { createCore, type Core } from '../../electron/core/index';
import { generateKey, keyFileFor } from '../../electron/core/keys';
import { principalForPerson } from '../../electron/core/policy/principal';
import { setupFirstQaLead } from '../../electron/core/session/signin';
import type { ModerationView } from '../../shared/api/moderation';
import type { AllocationSummary, MyProgrammeCase, ProgrammePage } from '../../shared/api/programmes';
import { runCli } from '../support/serverProcess';
import { callOk } from './helpers';
import { moderateOpen, submitAudit } from './moderation.fixtures';

export const JO = { name: 'Jo Lead', email: 'jo.lead@council.example', passphrase: 'jo chose this at first start' };
export const SAM = { name: 'Sam Auditor', email: 'sam@council.example', oneTime: 'sam one-time passphrase', own: 'sam chose this on the laptop' };
export const ALEX = { name: 'Alex Moderator', email: 'alex@council.example', oneTime: 'alex one-time passphrase', own: 'alex chose this on the laptop' };
export const KIM = { name: 'Kim Auditor', email: 'kim@council.example', own: 'kim was added at the command line' };
export const NORTH = 'Team North';
export const SOUTH = 'Team South';

export interface Standalone {
  dir: string;
  file: string;
  key: string;
  core: Core;
  ids: { jo: string; sam: string; alex: string };
  programmeId: string;
  /** Sam's allocated case and his agreed audit of it. */
  samCase: MyProgrammeCase;
  auditId: string;
  /** The references the command line imported (made with no person behind them). */
  cliCases: string[];
  as(personId: string): { dispatch: BoundDispatch };
  reopen(): void;
  close(): void;
}

const CSV = [
  'Case ID,Team,Social worker,Case type,Age band,Opened,Closed',
  ...[NORTH, SOUTH].flatMap((team) => [0, 1, 2].map((i) => `${team === NORTH ? 'N' : 'S'}-20${i},${team},Pat Worker,${i % 2 ? 'CP' : 'CIN'},5-9,2026-01-10,`)),
].join('\n');
const MAPPING = { reference: 'Case ID', team: 'Team', worker: 'Social worker', caseType: 'Case type', ageBand: 'Age band', openedOn: 'Opened', closedOn: 'Closed' };

export async function standaloneLaptop(dirs: string[]): Promise<Standalone> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-standalone-'));
  dirs.push(dir);
  const file = path.join(dir, 'plumbline.db');
  const key = generateKey();
  fs.writeFileSync(keyFileFor(file), `${key}\n`, { mode: 0o600 });
  const s: Standalone = {
    dir,
    file,
    key,
    core: createCore({ dbFile: file, key, create: true }),
    ids: { jo: '', sam: '', alex: '' },
    programmeId: '',
    samCase: undefined as never,
    auditId: '',
    cliCases: [],
    as(personId) {
      const principal = principalForPerson(s.core.ctx.db, personId);
      if (!principal) throw new Error(`no active person ${personId}`);
      return { dispatch: bindDispatch(s.core.dispatch, principal) };
    },
    reopen() {
      s.core = createCore({ dbFile: file, key });
    },
    close() {
      s.core.close();
    },
  };
  s.ids.jo = (await setupFirstQaLead(s.core.ctx, JO)).id;
  const jo = s.as(s.ids.jo);
  s.ids.sam = (await callOk<{ id: string }>(jo, 'people:add', { name: SAM.name, email: SAM.email, role: 'auditor', teams: [NORTH], passphrase: SAM.oneTime })).id;
  s.ids.alex = (await callOk<{ id: string }>(jo, 'people:add', { name: ALEX.name, email: ALEX.email, role: 'moderator', teams: [], passphrase: ALEX.oneTime })).id;
  await callOk(jo, 'cases:import', { csv: CSV, mapping: MAPPING, fileName: 'register.csv' });
  const programme = await callOk<{ id: string }>(jo, 'programmes:create', { name: 'November case audits', type: 'monthly', periodStart: '2026-11-01' });
  s.programmeId = programme.id;
  await callOk<ProgrammePage>(jo, 'programmes:fixSample', { programmeId: programme.id, seed: 7, strataBy: ['team'], perStratum: 1 });
  const allocation = await callOk<AllocationSummary>(jo, 'programmes:allocate', { programmeId: programme.id, auditorIds: [s.ids.sam] });
  if (allocation.allocated !== 1) throw new Error(`expected one case allocated to Sam, got ${JSON.stringify(allocation)}`);

  // Sam signs in on the same laptop, chooses his own passphrase, grades and submits.
  const sam = s.as(s.ids.sam);
  await callOk(sam, 'session:changePassphrase', { current: SAM.oneTime, next: SAM.own });
  [s.samCase] = await callOk<MyProgrammeCase[]>(sam, 'programmes:mine', {});
  s.auditId = await submitAudit(sam as never, s.samCase.caseId, { overall: 2, programmeId: programme.id });
  // Alex signs in there too, chooses hers and moderates openly; the grades are agreed.
  const alex = s.as(s.ids.alex);
  await callOk(alex, 'session:changePassphrase', { current: ALEX.oneTime, next: ALEX.own });
  const agreed: ModerationView = await moderateOpen(alex as never, s.auditId, { s3: 3 });
  if (agreed.audit.status !== 'agreed') throw new Error(`moderation ended ${agreed.audit.status}`);

  // The council's IT team also used the command line on the file, as README offers: a person and more cases.
  s.close();
  const cli = async (args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> => {
    const r = await runCli([...args, '--db', file], env);
    if (r.code !== 0) throw new Error(`plumbline ${args[0]}: ${r.stderr}`);
  };
  await cli(['people', 'add', '--name', KIM.name, '--email', KIM.email, '--role', 'auditor', '--teams', SOUTH], { PLUMBLINE_PASSPHRASE: KIM.own });
  const csv = path.join(dir, 'more-cases.csv');
  s.cliCases = ['S-300', 'S-301'];
  fs.writeFileSync(csv, ['Case ID,Team,Social worker,Case type,Age band,Opened,Closed', ...s.cliCases.map((ref) => `${ref},${SOUTH},Lee Worker,CIN,10-15,2026-02-01,`)].join('\n'));
  await cli(['import-cases', '--csv', csv, '--map', JSON.stringify(MAPPING)]);
  s.reopen();
  return s;
}

/** Every change a person or the command line made in a laptop file (not Plumbline's own seeding), as device:seq → hash. */
export function authored(core: Core): Map<string, string> {
  const rows = core.ctx.db
    .prepare("SELECT device_id, device_seq, hash FROM history WHERE format = 2 AND (actor_id IS NOT NULL OR actor_name LIKE 'command line (%')")
    .all() as { device_id: string; device_seq: number; hash: string }[];
  return new Map(rows.map((r) => [`${r.device_id}:${r.device_seq}`, r.hash]));
}
