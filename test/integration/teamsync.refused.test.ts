/**
 * A refused push no longer blocks a laptop for good (decision 57). Sam's role is changed from
 * moderator to auditor while Sam's laptop is away; Sam starts a moderation there, which the team
 * server refuses (403), and every sync after is refused the same way. The status names the change
 * (table, key, what it set, when) beside the reason; after confirming, Sam withholds it: it stays
 * on the laptop, is no longer sent, a 'change-withheld' event records it on the server, and the
 * laptop syncs again. Real encrypted files, real HTTP, both engines.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { verifyHistory } from '../../electron/core/history/verify';
import { addPerson, updatePerson } from '../../electron/core/people/service';
import { joinTeam } from '../../electron/core/teamsync/join';
import { syncNow, syncStatus } from '../../electron/core/teamsync/sync';
import { withholdRefused } from '../../electron/core/teamsync/withhold';
import { newId, write } from '../../electron/core/write';
import { engines, LEAD, startTestServer } from '../support/teamServer';
import { cleanupLaptops, emailOf, laptop, PASS } from './serverTeamFixtures';

const ENGINES = engines();
afterAll(async () => {
  cleanupLaptops();
  for (const e of ENGINES) await e.stopAll();
}, 60_000);

describe.each(ENGINES)('a refused push on $name', (engine) => {
  it('names the refused change, and withholding it after confirmation unblocks the laptop without losing it', async () => {
    const server = await startTestServer(await engine.fresh());
    try {
      const lead = laptop('lead');
      await joinTeam(lead.core.ctx, { server: server.url, login: LEAD.email, passphrase: LEAD.passphrase });
      lead.personId = server.leadId;
      const samId = (await addPerson(lead.ctx(), { name: 'Sam', email: emailOf('Sam'), role: 'moderator', teams: ['North'], agency: null, passphrase: PASS }, { ownPassphrase: true })).id;
      const templateId = (lead.core.ctx.db.prepare("SELECT id FROM templates WHERE status = 'published' LIMIT 1").get() as { id: string }).id;
      const caseId = newId();
      const auditId = newId();
      write(lead.ctx(), (tx) => {
        tx.insert('cases', { id: caseId, reference: 'NR-3001', team: 'North', worker: 'Ash', case_type: 'cp', age_band: '0-4', created_at: tx.at, updated_at: tx.at });
        tx.insert('audits', { id: auditId, case_id: caseId, template_id: templateId, auditor_id: server.leadId, status: 'submitted', created_at: tx.at, updated_at: tx.at, submitted_at: tx.at });
      });
      await syncNow(lead.core.ctx);
      const sam = laptop('Sam');
      await joinTeam(sam.core.ctx, { server: server.url, login: emailOf('Sam'), passphrase: PASS });
      sam.personId = samId;
      expect(sam.core.ctx.db.prepare('SELECT status FROM audits WHERE id = ?').get(auditId)).toEqual({ status: 'submitted' });

      // While Sam's laptop is away, the QA lead makes Sam an auditor; Sam, unaware, starts a moderation.
      updatePerson(lead.ctx(), { id: samId, role: 'auditor' });
      await syncNow(lead.core.ctx);
      const moderationId = newId();
      write(sam.ctx(), (tx) => tx.insert('moderations', { id: moderationId, audit_id: auditId, audit_revision: 1, mode: 'open', moderator_id: samId, status: 'grading', started_at: tx.at, return_reasons: '[]' }));
      const seq = (sam.core.ctx.db.prepare("SELECT device_seq AS s FROM history WHERE format = 2 AND tbl = 'moderations' AND row_key = ?").get(moderationId) as { s: number }).s;

      // Refused, and refused again at every sync: the laptop is stuck on that change.
      for (let i = 0; i < 2; i++) await expect(syncNow(sam.core.ctx)).rejects.toThrow(/moderation is for moderators/);
      const stuck = syncStatus(sam.core.ctx);
      expect(stuck.state).toBe('refused');
      expect(stuck.refused?.change).toMatchObject({ deviceSeq: seq, table: 'moderations', key: moderationId, column: null });
      expect(stuck.refused?.change?.value).toContain('"status":"grading"');
      expect(stuck.refused?.change?.madeAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(stuck.waiting).toBe(1);

      // Only the change the server named can be withheld.
      expect(() => withholdRefused(sam.ctx(), seq + 5)).toThrow(/only that one can be withheld/);
      const after = withholdRefused(sam.ctx(), seq);
      expect(after.refused).toBeNull();
      expect(after.withheld).toBe(1);
      const report = await syncNow(sam.core.ctx);
      expect(report.pushed).toBe(1); // the 'change-withheld' event
      const status = syncStatus(sam.core.ctx);
      expect(status.state).toBe('synced');
      expect(status.waiting).toBe(0);

      // Nothing lost here; nothing of it on the server but the record of the choice.
      expect(sam.core.ctx.db.prepare('SELECT status FROM moderations WHERE id = ?').get(moderationId)).toEqual({ status: 'grading' });
      expect(verifyHistory(sam.core.ctx.db).ok).toBe(true);
      expect(sam.core.ctx.db.prepare('SELECT role FROM users WHERE id = ?').get(samId)).toEqual({ role: 'auditor' }); // the pull got through
      const onServer = await server.sql.query<{ tbl: string; col: string | null; body: string }>("SELECT tbl, col, body FROM changes WHERE tbl IN ('moderations', 'sync')");
      expect(onServer.map((r) => `${r.tbl} ${r.col}`)).toEqual(['sync change-withheld']);
      expect(JSON.parse(onServer[0].body).value).toMatchObject({ deviceSeq: seq, table: 'moderations', key: moderationId, reason: expect.stringMatching(/moderation is for moderators/) });
    } finally {
      await server.close();
    }
  }, 240_000);
});
