import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../shared/sync/change';
import { hashChange } from '../../shared/sync/hash';
import { formatHlc, parseHlc } from '../../shared/sync/hlc';
import { newSigningKeyPair } from '../../electron/core/bundles/crypto';
import { BundleError } from '../../electron/core/bundles/errors';
import { openPayload, readBundle, writeBundle, type BundlePayload } from '../../electron/core/bundles/format';
import { createInvitation, joinTeam } from '../../electron/core/bundles/invitation';
import { personKey } from '../../electron/core/bundles/keys';
import { prepared } from '../../electron/core/db/prepared';
import { newId, write } from '../../electron/core/write';
import { emailOf, exportTo, importFile, makeTeam, newLaptop, PASSPHRASE, type Laptop, type Team } from './bundleFixtures';

const ROOT = path.resolve(__dirname, '../..');

describe('a bundle that is wrong in any way is refused whole, and the database file is unchanged', () => {
  let team: Team;
  let sam: Laptop;
  let alex: Laptop;
  let genuine: Uint8Array;
  let payload: BundlePayload;
  const auditId = newId();

  /** Imports `bytes` into Alex's laptop and returns the refusal; the file must be byte-for-byte as before. */
  function refusedAtAlex(bytes: Uint8Array): BundleError {
    alex.close();
    const before = alex.fileHash();
    alex.reopen();
    let refusal: unknown = null;
    try {
      importFile(alex, writeTemp(bytes));
    } catch (error) {
      refusal = error;
    }
    alex.close();
    expect(alex.fileHash()).toBe(before);
    alex.reopen();
    expect(refusal).toBeInstanceOf(BundleError);
    const message = (refusal as BundleError).message;
    expect(message).toMatch(/nothing was imported/i);
    expect(message).not.toContain('\n');
    return refusal as BundleError;
  }

  function writeTemp(bytes: Uint8Array): string {
    const file = path.join(alex.dir, `in-${newId()}.plb`);
    fs.writeFileSync(file, bytes);
    return file;
  }

  /** Re-seals a changed payload to Alex, signed with `signSecret`, under the genuine header's sender. */
  function reseal(changes: Change[], signSecret: Uint8Array): Uint8Array {
    const h = readBundle(genuine).header;
    return writeBundle({
      header: { bundleId: newId(), bundleSeq: h.bundleSeq + 100, createdAt: h.createdAt, sender: h.sender, recipient: h.recipient },
      payload: { changes, cursor: payload.cursor },
      to: { boxKey: Buffer.from(h.recipient.boxKey!, 'base64url') },
      senderSignSecret: signSecret,
    });
  }

  const samSigningSecret = (): Uint8Array =>
    new Uint8Array((prepared(sam.core.ctx.db, 'SELECT sign_secret FROM bundle_device_key').get() as { sign_secret: Buffer }).sign_secret);

  beforeAll(async () => {
    team = await makeTeam([
      { name: 'Sam', role: 'auditor' },
      { name: 'Alex', role: 'moderator' },
    ]);
    sam = team.laptops.Sam;
    alex = team.laptops.Alex;
    const lead = team.lead;
    const caseId = newId();
    const programmeId = newId();
    const template = prepared(lead.core.ctx.db, "SELECT id FROM templates WHERE status = 'published' ORDER BY created_at LIMIT 1").get() as { id: string };
    write(lead.ctx(), (tx) => {
      tx.insert('cases', { id: caseId, reference: 'NR-2001', team: 'North', worker: 'Pat Worker', case_type: 'cp', age_band: '0-4', created_at: tx.at, updated_at: tx.at });
      tx.insert('programmes', { id: programmeId, name: 'December CP audits', type: 'monthly', template_id: template.id, created_at: tx.at, updated_at: tx.at });
      tx.insert('programme_cases', { programme_id: programmeId, case_id: caseId, auditor_id: sam.personId, chosen_by: 'hand', added_at: tx.at });
    });
    importFile(sam, exportTo(lead, sam).file);
    write(sam.ctx(), (tx) => {
      tx.insert('audits', { id: auditId, case_id: caseId, template_id: template.id, programme_id: programmeId, auditor_id: sam.personId, status: 'draft', created_at: tx.at, updated_at: tx.at });
      tx.update('audits', { id: auditId }, { key_findings: 'Strategy discussion held late; the child was seen.', overall_grade: '3', submitted_at: tx.at, status: 'submitted' });
    });
    genuine = new Uint8Array(fs.readFileSync(exportTo(sam, alex).file));
    payload = openPayload(readBundle(genuine), { boxSecret: personKey(alex.core.ctx.db, alex.personId)!.boxSecret });
    expect(payload.changes.length).toBeGreaterThan(3);
  }, 120_000);
  afterAll(() => team?.cleanup());

  it('one byte changed anywhere: refused (positions chosen by fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: genuine.length - 1 }), fc.integer({ min: 1, max: 255 }), (position, xor) => {
        const tampered = Uint8Array.from(genuine);
        tampered[position] ^= xor;
        refusedAtAlex(tampered);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('a change removed or added by someone without the laptop\'s key: refused, the signature does not hold', () => {
    const forger = newSigningKeyPair();
    const removed = refusedAtAlex(reseal(payload.changes.slice(1), forger.secretKey));
    expect(removed.reason).toBe('BAD_SIGNATURE');
    const extra = { ...payload.changes[0], deviceSeq: 9999 };
    const added = refusedAtAlex(reseal([...payload.changes, { ...extra, hash: hashChange(extra) }], forger.secretKey));
    expect(added.reason).toBe('BAD_SIGNATURE');
  });

  it("a change its author could not have made (an auditor's laptop carrying a moderation): refused, even signed with the laptop's own key", () => {
    const last = payload.changes.filter((c) => c.deviceId === sam.core.ctx.deviceId).at(-1)!;
    const forged: Omit<Change, 'hash'> = {
      deviceId: last.deviceId,
      deviceSeq: last.deviceSeq + 1,
      hlc: formatHlc({ ...parseHlc(last.hlc), counter: parseHlc(last.hlc).counter + 1 }),
      personId: sam.personId,
      personName: last.personName,
      table: 'audits',
      key: auditId,
      op: 'set',
      column: 'status',
      value: 'agreed',
      base: null,
      prevHash: last.hash,
    };
    const refusal = refusedAtAlex(reseal([...payload.changes, { ...forged, hash: hashChange(forged) }], samSigningSecret()));
    expect(refusal.reason).toBe('NOT_PERMITTED');
    expect(refusal.message).toMatch(/could not have made/);
  });

  it('a change altered after it was made (its hash no longer holds): refused', () => {
    const changed = payload.changes.map((c, i) => (i === payload.changes.length - 1 ? { ...c, value: 'Everything was fine.' } : c));
    const refusal = refusedAtAlex(reseal(changed, samSigningSecret()));
    expect(refusal.reason).toBe('NOT_PERMITTED');
    expect(refusal.message).toMatch(/hash/);
  });

  it('imported once it applies; the same bundle again is refused as a replay and changes nothing', () => {
    const first = importFile(alex, writeTemp(genuine));
    expect(first.applied).toBeGreaterThan(0);
    expect(prepared(alex.core.ctx.db, 'SELECT status FROM audits WHERE id = ?').get(auditId)).toEqual({ status: 'submitted' });
    const replay = refusedAtAlex(genuine);
    expect(replay.reason).toBe('REPLAYED');
    expect(replay.message).toMatch(/already imported/);
  });

  it('a bundle for someone else: refused', () => {
    const toLead = new Uint8Array(fs.readFileSync(exportTo(sam, team.lead).file));
    const refusal = refusedAtAlex(toLead);
    expect(refusal.reason).toBe('NOT_FOR_YOU');
    expect(refusal.message).toMatch(/addressed to Jo Lead/);
  });

  it('a bundle from a laptop the team has not registered: refused', async () => {
    // A second laptop joins as Sam but never sends its first bundle back to the QA lead.
    const inv = createInvitation(team.lead.ctx(), emailOf('Sam'));
    const stray = newLaptop('stray');
    try {
      const joined = await joinTeam(stray.core.ctx, inv.bytes, inv.code, { passphrase: PASSPHRASE });
      stray.personId = joined.person.id;
      const refusal = refusedAtAlex(new Uint8Array(fs.readFileSync(exportTo(stray, alex).file)));
      expect(refusal.reason).toBe('UNKNOWN_DEVICE');
    } finally {
      stray.close();
      fs.rmSync(stray.dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('from the command line: one line and exit 1 for a refusal, the report as JSON for an import', () => {
    const tampered = Uint8Array.from(genuine);
    tampered[tampered.length - 10] ^= 0x40;
    const file = writeTemp(tampered);
    alex.close();
    const before = alex.fileHash();
    const env = { ...process.env, PLUMBLINE_KEY: alex.key };
    const refused = spawnSync(process.execPath, [path.join(ROOT, 'bin/plumbline.mjs'), 'bundle', 'import', '--db', alex.dbFile, '--in', file], { env, encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/^plumbline: The signature on this bundle does not match its contents/);
    expect(alex.fileHash()).toBe(before);
    alex.reopen();
    // Sam exports from the command line; Alex imports it with --json.
    sam.close();
    const out = path.join(sam.dir, 'plumbline-to-alex.plb');
    const exported = spawnSync(process.execPath, [path.join(ROOT, 'bin/plumbline.mjs'), 'bundle', 'export', '--db', sam.dbFile, '--to', emailOf('Alex'), '--out', out, '--json'], {
      env: { ...process.env, PLUMBLINE_KEY: sam.key },
      encoding: 'utf8',
    });
    sam.reopen();
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ recipient: { name: 'Alex' } });
    alex.close();
    const imported = spawnSync(process.execPath, [path.join(ROOT, 'bin/plumbline.mjs'), 'bundle', 'import', '--db', alex.dbFile, '--in', out, '--json'], { env, encoding: 'utf8' });
    alex.reopen();
    expect(imported.status).toBe(0);
    const report = JSON.parse(imported.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['applied', 'alreadyHad', 'conflicts']));
  }, 120_000);
});
