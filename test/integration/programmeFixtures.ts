import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { newId, prepared, write } from '../../electron/core/write';
import { callOk, makeTestCore, type TestCore } from './helpers';

export const TEAMS = ['Team North', 'Team South', 'Team East', 'Team West'];
export const TYPES = ['cin', 'cp'];

export interface World {
  core: TestCore;
  qa: string;
  auditors: Record<string, string>;
  caseIds: string[];
  byRef: Map<string, string>;
  templateId: string;
}

/**
 * A register of 48 cases (4 teams × 2 case types × 6) and four auditors: two team managers and
 * two senior practitioners. Today is 23 Nov 2026.
 */
export function makeWorld(): World {
  const core = makeTestCore({ now: '2026-11-23T10:00:00Z' });
  const auditors: Record<string, string> = {
    'Aria Manager': core.actAs('Aria Manager', 'auditor', ['Team North']),
    'Ben Manager': core.actAs('Ben Manager', 'auditor', ['Team South']),
    'Esme Senior': core.actAs('Esme Senior', 'auditor'),
    'Femi Senior': core.actAs('Femi Senior', 'auditor'),
  };
  const qa = core.actAs('Quinn Lead', 'qa-lead');
  const caseIds: string[] = [];
  const byRef = new Map<string, string>();
  write(core.ctx, (tx) => {
    let n = 0;
    for (const team of TEAMS) {
      for (const caseType of TYPES) {
        for (let i = 0; i < 6; i += 1) {
          const id = newId();
          const reference = `LA${String(1000 + n)}`;
          n += 1;
          caseIds.push(id);
          byRef.set(reference, id);
          tx.insert('cases', { id, reference, team, worker: 'W. Test', case_type: caseType, age_band: i % 2 ? '5-9' : '10-15', opened_on: '2025-01-01', closed_on: null, created_at: tx.at, updated_at: tx.at });
        }
      }
    }
  });
  const templateId = (prepared(core.ctx.db, "SELECT id FROM templates WHERE status = 'published'").get() as { id: string }).id;
  return { core, qa, auditors, caseIds, byRef, templateId };
}

/** An audit of a case (status and date as given), through the write path. */
export function addAudit(world: World, caseId: string, options: { auditorId: string; status: string; at: string; programmeId?: string }): string {
  const id = newId();
  write(world.core.ctx, (tx) =>
    tx.insert('audits', {
      id,
      case_id: caseId,
      template_id: world.templateId,
      programme_id: options.programmeId ?? null,
      auditor_id: options.auditorId,
      status: options.status,
      created_at: options.at,
      updated_at: options.at,
      submitted_at: options.status === 'draft' ? null : options.at,
    }),
  );
  return id;
}

export async function createProgramme(world: World, fields: Record<string, unknown> = {}): Promise<{ id: string }> {
  world.core.actAs('Quinn Lead', 'qa-lead');
  return callOk<{ id: string }>(world.core, 'programmes:create', { name: 'Thematic audit: neglect', type: 'thematic', theme: 'Neglect', ...fields });
}

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

/** Runs the real CLI (bin/plumbline.mjs) with the test database's key. */
export async function cli(key: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/plumbline.mjs'), ...args], { cwd: ROOT, env: { ...process.env, PLUMBLINE_KEY: key, PLUMBLINE_NOW: '2026-11-23T10:00:00Z' } });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}
