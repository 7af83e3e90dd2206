/**
 * plumbline bundle export | import | invite | join | keys — exchange bundles between laptops
 * without a team server (README: "Exchange bundles").
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { bundleStatus } from '../../core/bundles/status';
import { exportBundleToFile } from '../../core/bundles/exportBundle';
import { importBundle } from '../../core/bundles/importBundle';
import { createInvitation, joinTeam } from '../../core/bundles/invitation';
import type { CoreContext } from '../../core/context';
import { laptopPerson } from '../../core/bundles/people';
import { principalForPerson, withPrincipal } from '../../core/policy/principal';
import { CliError, openForCli, printJson, run } from '../common';

/**
 * The command line acts for the person this laptop belongs to (issue 15): what it records, such as
 * a QA lead registering a laptop, is theirs, and is checked as theirs on every other laptop.
 */
function asLaptopPerson(ctx: CoreContext): CoreContext {
  const principal = principalForPerson(ctx.db, laptopPerson(ctx).id);
  if (!principal) throw new CliError('The person this laptop belongs to has been deactivated: bundles cannot be sent or received for them.');
  return withPrincipal(ctx, principal);
}

const MAX_BUNDLE_BYTES = 2 * 1024 * 1024 * 1024 - 1;

function readBundleFile(file: string): Uint8Array {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new CliError(`No file at ${file}.`);
  }
  if (!st.isFile()) throw new CliError(`${file} is not a file.`);
  if (st.size > MAX_BUNDLE_BYTES) throw new CliError(`${file} is too large to be a bundle.`);
  return new Uint8Array(fs.readFileSync(file));
}

/**
 * The invitation code and the new passphrase: from PLUMBLINE_INVITE_CODE and PLUMBLINE_PASSPHRASE,
 * or as lines on stdin (never as arguments, which shell histories keep).
 */
function readSecrets(): [string, string] {
  let code = process.env.PLUMBLINE_INVITE_CODE?.trim() ?? '';
  let passphrase = process.env.PLUMBLINE_PASSPHRASE ?? '';
  if (!code || !passphrase) {
    if (process.stdin.isTTY) process.stderr.write(code ? 'Your new passphrase: ' : 'Invitation code, then your new passphrase, one per line: ');
    let text = '';
    try {
      text = fs.readFileSync(0, 'utf8');
    } catch {
      /* no stdin */
    }
    const lines = text.split(/\r?\n/);
    if (!code) code = (lines.shift() ?? '').trim();
    if (!passphrase) passphrase = lines.shift() ?? '';
  }
  if (!code) throw new CliError('Give the invitation code in PLUMBLINE_INVITE_CODE or as the first line on stdin.');
  if (!passphrase) throw new CliError('Choose your passphrase for this laptop: PLUMBLINE_PASSPHRASE, or the line after the code on stdin.');
  return [code, passphrase];
}

function refuseExisting(out: string): void {
  if (fs.existsSync(out)) throw new CliError(`${out} already exists: choose another --out, or move that file away first.`);
  const dir = path.dirname(out);
  if (!fs.existsSync(dir)) throw new CliError(`The folder ${dir} does not exist.`);
}

export function registerBundle(program: Command): void {
  const bundle = program.command('bundle').description('exchange signed, encrypted bundles of changes between laptops without a team server');

  bundle
    .command('export')
    .description('write the changes a person may see and has not yet received from this laptop, sealed to them')
    .requiredOption('--db <file>', 'Plumbline database')
    .requiredOption('--to <email>', "the recipient's email (login)")
    .option('--since <cursor>', 'send everything after this cursor (from their import report) instead of what they have not yet received')
    .requiredOption('--out <file>', 'where to write the bundle (.plb)')
    .option('--json', 'print the result as JSON')
    .action((opts: { db: string; to: string; since?: string; out: string; json?: boolean }) =>
      run(() => {
        const out = path.resolve(opts.out);
        refuseExisting(out);
        const core = openForCli(opts.db);
        try {
          const result = exportBundleToFile(asLaptopPerson(core.ctx), { toEmail: opts.to, since: opts.since }, out);
          if (opts.json) printJson(result);
          else {
            console.log(`Wrote ${result.file}: ${result.changes} change${result.changes === 1 ? '' : 's'} for ${result.recipient.name}, signed by this laptop and readable only by them.`);
            console.log(`Cursor after it: ${result.cursor}`);
          }
        } finally {
          core.close();
        }
      }),
    );

  bundle
    .command('import')
    .description('check a bundle and merge its changes (refused whole, with nothing imported, if anything is wrong)')
    .requiredOption('--db <file>', 'Plumbline database')
    .requiredOption('--in <file>', 'the bundle (.plb)')
    .option('--json', 'print {applied, alreadyHad, conflicts, …} as JSON')
    .action((opts: { db: string; in: string; json?: boolean }) =>
      run(() => {
        const bytes = readBundleFile(path.resolve(opts.in));
        const core = openForCli(opts.db);
        try {
          const report = importBundle(asLaptopPerson(core.ctx), bytes);
          if (opts.json) printJson(report);
          else {
            console.log(
              `Imported bundle ${report.bundle.seq} from ${report.from.name}: ${report.applied} applied, ${report.alreadyHad} already here, ${report.conflicts} conflict${report.conflicts === 1 ? '' : 's'} to review.`,
            );
            if (report.registered) console.log(report.registered);
          }
        } finally {
          core.close();
        }
      }),
    );

  bundle
    .command('invite')
    .description('(QA lead) write an invitation that sets up a new laptop for a person, and print its one-time code')
    .requiredOption('--db <file>', 'Plumbline database')
    .requiredOption('--for <email>', "the person's email (they must be on the people list)")
    .requiredOption('--out <file>', 'where to write the invitation (.plb)')
    .option('--json', 'print the result as JSON')
    .action((opts: { db: string; for: string; out: string; json?: boolean }) =>
      run(() => {
        const out = path.resolve(opts.out);
        refuseExisting(out);
        const core = openForCli(opts.db);
        try {
          const inv = createInvitation(asLaptopPerson(core.ctx), opts.for);
          fs.writeFileSync(out, inv.bytes, { mode: 0o600, flag: 'wx' });
          const result = { file: out, person: inv.person, code: inv.code, expiresAt: inv.expiresAt, changes: inv.changes };
          if (opts.json) printJson(result);
          else {
            console.log(`Wrote ${out}: an invitation for ${inv.person.name} (${inv.changes} changes), valid until ${inv.expiresAt.slice(0, 10)}.`);
            console.log(`Invitation code: ${inv.code}`);
            console.log('Give the code another way than the file (read it out on the phone, or on paper): it is shown only once.');
          }
        } finally {
          core.close();
        }
      }),
    );

  bundle
    .command('join')
    .description('set up a new database from an invitation: the code from PLUMBLINE_INVITE_CODE, your new passphrase from PLUMBLINE_PASSPHRASE (or both as two lines on stdin)')
    .requiredOption('--db <file>', 'the new database to create')
    .requiredOption('--in <file>', 'the invitation (.plb)')
    .option('--json', 'print the result as JSON')
    .action((opts: { db: string; in: string; json?: boolean }) =>
      run(async () => {
        const file = path.resolve(opts.db);
        if (fs.existsSync(file)) throw new CliError(`${file} already exists: an invitation sets up a new database; choose a new --db.`);
        const bytes = readBundleFile(path.resolve(opts.in));
        const [code, passphrase] = readSecrets();
        const made = [file, `${file}-wal`, `${file}-shm`, ...(fs.existsSync(`${file}.key`) ? [] : [`${file}.key`])];
        const core = openForCli(file, { create: true });
        let ok = false;
        try {
          const result = await joinTeam(core.ctx, bytes, code, { passphrase });
          ok = true;
          if (opts.json) printJson({ db: file, ...result });
          else {
            console.log(`Joined ${result.invitedBy}'s team as ${result.person.name}: ${result.applied} changes received into ${file}.`);
            console.log(`Next: send a bundle back to ${result.invitedBy} (plumbline bundle export --to …) so this laptop is registered with the team.`);
          }
        } finally {
          core.close();
          if (!ok) for (const f of made) fs.rmSync(f, { force: true });
        }
      }),
    );

  bundle
    .command('status')
    .description("this laptop's bundle keys (with fingerprints to read out), who it can send to, and what it sent and received")
    .requiredOption('--db <file>', 'Plumbline database')
    .option('--json', 'print as JSON')
    .action((opts: { db: string; json?: boolean }) =>
      run(() => {
        const core = openForCli(opts.db);
        try {
          const s = bundleStatus(core.ctx);
          if (opts.json) printJson(s);
          else {
            console.log(`This laptop: ${s.deviceFingerprint ?? 'no key yet'}${s.registered ? ' (registered with the team)' : ' (not yet registered)'}`);
            for (const p of s.people) {
              console.log(`${p.name} <${p.email ?? '-'}> ${p.role}: ${p.canReceive ? 'can receive bundles' : 'cannot receive bundles yet'}${p.lastSent ? `, last sent ${p.lastSent.slice(0, 10)}` : ''}`);
            }
          }
        } finally {
          core.close();
        }
      }),
    );
}
