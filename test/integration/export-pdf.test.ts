import { logHeadHash } from '../../electron/core/history/head';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packAuditRows } from '../../electron/core/exports/queries';
import { blindHiddenAuditIds } from '../../electron/core/moderation/access';
import type { TestCore } from './helpers';
import { exportNow, filesIn, makeExportCore, nonEmptyLines, outDir, pdfPageCount, pdfPages } from './exportHelpers';

const ROOT = path.resolve(__dirname, '../..');
const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

function verifyJson(core: TestCore): { ok: boolean; headHash: string; rows: number } {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'bin/plumbline.mjs'), 'verify', '--db', core.ctx.dbFile, '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PLUMBLINE_KEY: core.key },
  });
  return JSON.parse(out) as { ok: boolean; headHash: string; rows: number };
}

/** Every page: the marking first and last, and "Page N of M" with the right M. */
function expectChrome(pages: string[], total: number): void {
  expect(pages).toHaveLength(total);
  pages.forEach((page, i) => {
    const lines = nonEmptyLines(page);
    expect(lines[0], `top of page ${i + 1}`).toContain('OFFICIAL-SENSITIVE');
    expect(lines[lines.length - 1], `bottom of page ${i + 1}`).toContain('OFFICIAL-SENSITIVE');
    expect(lines[lines.length - 1], `page number on page ${i + 1}`).toContain(`Page ${i + 1} of ${total}`);
  });
}

describe('audit pack PDF', () => {
  let core: TestCore;
  let file: string;
  let pages: string[];
  let headHash: string | null;
  beforeAll(async () => {
    core = makeExportCore();
    file = path.join(outDir(core, 'out'), 'pack.pdf');
    const result = await exportNow(core, { kind: 'pack', outPath: file });
    expect(result.state, result.error ?? '').toBe('done');
    headHash = result.headHash;
    pages = pdfPages(file);
  }, 120_000);
  afterAll(() => core.cleanup());

  it('marks every page OFFICIAL-SENSITIVE at the top and bottom and numbers it "Page N of M"', () => {
    const total = pdfPageCount(file);
    expect(total).toBeGreaterThan(20);
    expectChrome(pages, total);
  });

  it('has contents entries that point at the pages where their headings are', () => {
    const entries: { text: string; page: number }[] = [];
    const summaryPage = (() => {
      for (let i = 1; i < pages.length; i += 1) {
        if (/^\s*Summary\s*$/m.test(pages[i]) && !/Contents/.test(pages[i])) return i + 1;
      }
      return 0;
    })();
    expect(summaryPage).toBeGreaterThan(2);
    for (let p = 2; p < summaryPage; p += 1) {
      for (const line of nonEmptyLines(pages[p - 1])) {
        const m = /^(.*\S)\s{2,}(\d+)$/.exec(line);
        if (m && !/OFFICIAL-SENSITIVE|Page \d+ of/.test(line)) entries.push({ text: squash(m[1]), page: Number(m[2]) });
      }
    }
    expect(entries.map((e) => e.text)).toEqual(expect.arrayContaining(['Summary', 'The audits', 'Action plan', 'Verifying this pack']));
    expect(entries.find((e) => e.text === 'Summary')!.page).toBe(summaryPage);
    for (const entry of entries) {
      expect(squash(pages[entry.page - 1]), `"${entry.text}" on page ${entry.page}`).toContain(entry.text);
    }
    // In page order, and the last entry is the verification page, the last page.
    const numbers = entries.map((e) => e.page);
    expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
    expect(entries[entries.length - 1]).toEqual({ text: 'Verifying this pack', page: pages.length });
  });

  it('holds every audit of the pack, each listed in the contents once', () => {
    const hidden = blindHiddenAuditIds(core.ctx.db, core.principal!.id);
    const refs = packAuditRows(core.ctx.db, {}).filter((r) => !hidden.has(r.id)).map((r) => r.case_ref);
    expect(refs.length).toBeGreaterThan(5);
    const contents = pages.slice(1, 4).join('\n');
    for (const ref of refs) {
      const inContents = contents.split('\n').filter((l) => l.includes(`${ref} `) || l.trim().startsWith(ref)).length;
      expect(inContents, ref).toBeGreaterThanOrEqual(1);
      expect(pages.some((p, i) => i > 3 && p.includes(ref)), ref).toBe(true);
    }
    const auditEntries = contents.split('\n').filter((l) => /^\s*DEMO-\d+\s+·/.test(l));
    expect(auditEntries).toHaveLength(refs.length);
  });

  it('leaves out audits being moderated blind (the auditor’s grades stay hidden) and says which', () => {
    const hidden = packAuditRows(core.ctx.db, {}).filter((r) => blindHiddenAuditIds(core.ctx.db, core.principal!.id).has(r.id));
    expect(hidden.length).toBeGreaterThan(0);
    const text = squash(pages.join('\n'));
    expect(text).toContain('Left out while they are moderated blind');
    for (const r of hidden) {
      expect(text).toContain(r.case_ref);
      expect(pages.some((p) => p.includes(`${r.case_ref}  ·  ${r.team}`)), r.case_ref).toBe(false);
    }
  });

  it('prints on its last page the head hash that "plumbline verify --json" reports after the export', () => {
    const last = pages[pages.length - 1];
    const printed = /Head hash\s+([0-9a-f]{64})/.exec(last)?.[1];
    expect(printed).toBeDefined();
    expect(printed).toBe(headHash);
    const verified = verifyJson(core);
    expect(verified.ok).toBe(true);
    expect(verified.headHash).toBe(printed);
    expect(squash(last)).toContain(`History entries ${verified.rows}, including the record of this export`);
  });

  it('records the export in the history (who, what, when)', () => {
    const row = core.ctx.db.prepare("SELECT * FROM history WHERE entity = 'export' ORDER BY seq DESC LIMIT 1").get() as {
      op: string; actor_name: string; at: string; new_value: string; hash: string;
    };
    expect(row.op).toBe('export.pack');
    expect(row.actor_name).toBe('Quinn Export-Lead');
    // The head hash covers every device's chain head (history/head.ts); this export is the head of this device's chain.
    const head = core.ctx.db.prepare('SELECT hash FROM history WHERE device_id = ? AND format = 2 ORDER BY device_seq DESC LIMIT 1').get(core.ctx.deviceId) as { hash: string };
    expect(row.hash).toBe(head.hash);
    expect(logHeadHash(core.ctx.db)).toBe(headHash);
    expect(JSON.parse(row.new_value)).toMatchObject({ kind: 'pack', file: 'pack.pdf' });
  });

  it('shows summary figures, the moderation record and the action plan', () => {
    const text = squash(pages.join('\n'));
    expect(text).toContain('Grades by section: auditor’s grades » agreed grades');
    expect(text).toContain('Agreement between auditors and agreed grades');
    expect(text).toContain('Moderation record');
    expect(text).toContain('Actions across all audits');
    expect(text).toMatch(/\d Requires improvement|\d Good|\d Outstanding|\d Inadequate/);
  });
});

describe('audit report PDF', () => {
  let core: TestCore;
  beforeAll(() => {
    core = makeExportCore({ cases: 20, audits: 12 });
  });
  afterAll(() => core.cleanup());

  it('reports one audit with its grades, feedback and findings, marked and numbered on every page', async () => {
    const audit = core.ctx.db.prepare("SELECT a.id, c.reference FROM audits a JOIN cases c ON c.id = a.case_id WHERE a.status = 'agreed' LIMIT 1").get() as { id: string; reference: string };
    const file = path.join(outDir(core, 'out'), 'report.pdf');
    const result = await exportNow(core, { kind: 'report', auditId: audit.id, outPath: file });
    expect(result.state, result.error ?? '').toBe('done');
    const pages = pdfPages(file);
    expectChrome(pages, pdfPageCount(file));
    const text = squash(pages.join('\n'));
    for (const s of [audit.reference, 'Grades and evidence by section', 'Child and family feedback', 'Key findings', 'Strengths', 'Areas for improvement', 'Overall grade', 'Moderation record', 'Actions']) {
      expect(text).toContain(s);
    }
    expect(text).toContain(result.headHash!);
    expect(verifyJson(core).headHash).toBe(result.headHash);
  });

  it('refuses to export an audit while it is moderated blind', async () => {
    const blind = core.ctx.db.prepare("SELECT audit_id FROM moderations WHERE mode = 'blind' AND status = 'grading' LIMIT 1").get() as { audit_id: string } | undefined;
    expect(blind).toBeDefined();
    const dir = outDir(core, 'blind');
    await expect(exportNow(core, { kind: 'report', auditId: blind!.audit_id, outPath: path.join(dir, 'x.pdf') })).rejects.toThrow(/moderated blind/);
    expect(filesIn(dir)).toEqual([]);
  });

  it('refuses an unknown audit and an unwritable place with a clear message, leaving nothing', async () => {
    const dir = outDir(core, 'refused');
    await expect(exportNow(core, { kind: 'report', auditId: 'no-such-audit', outPath: path.join(dir, 'x.pdf') })).rejects.toThrow(/no audit with the ID no-such-audit/);
    await expect(exportNow(core, { kind: 'pack', outPath: path.join(dir, 'missing-folder', 'x.pdf') })).rejects.toThrow(/does not exist/);
    await expect(exportNow(core, { kind: 'pack', outPath: path.join(dir, 'x.txt') })).rejects.toThrow(/must end in \.pdf/);
    await expect(exportNow(core, { kind: 'pack', team: 'No Such Team', outPath: path.join(dir, 'x.pdf') })).rejects.toThrow(/no team called/);
    expect(filesIn(dir)).toEqual([]);
  });
});
