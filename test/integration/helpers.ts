import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKey } from '../../electron/core/keys';
import { createCore } from '../../electron/core/index';
import type { CoreContext } from '../../electron/core/context';
import { bindDispatch, type BoundDispatch, type Dispatch } from '../../electron/core/dispatch';
import { principalForPerson, withPrincipal } from '../../electron/core/policy/principal';
import { latestPublishedTemplateId } from '../../electron/core/audits/template';
import { visibleTo } from '../../electron/core/policy/visibility';
import { newId, prepared, write } from '../../electron/core/write';
import { BUILTIN_TEMPLATE } from '../../shared/domain/builtinTemplate';
import type { Principal, Role } from '../../shared/api/session';

export interface TestCore {
  dir: string;
  key: string;
  /** A context carrying the person the test acts as (see actAs), for calling services directly. */
  readonly ctx: CoreContext;
  /** The process context (no principal). */
  baseCtx: CoreContext;
  /** Dispatch as the person the test acts as now (null before any actAs: signed out). */
  dispatch: BoundDispatch;
  /** The core's own `dispatch(principal, op, input)`. */
  dispatchAs: Dispatch;
  /** The person acted as now, or null. */
  readonly principal: Principal | null;
  /** Moves the clock (ctx.now) to this instant. */
  setNow(iso: string): void;
  /** Adds a person (once per name; email from the name, no passphrase) and acts as them from now on. Returns their id. */
  actAs(name: string, role: Role, teams?: string[]): string;
  /** The principal of a person added with actAs. */
  principalOf(name: string): Principal;
  /** Acts as nobody (signed out). */
  signOut(): void;
  close(): void;
  cleanup(): void;
}

export const testEmail = (name: string): string => `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@test.plumbline.test`;

/** A real encrypted database in a fresh temp folder, with a controllable clock. */
export function makeTestCore(options: { now?: string } = {}): TestCore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-test-'));
  const key = generateKey();
  let now = new Date(options.now ?? '2026-11-23T10:00:00Z');
  const core = createCore({ dbFile: path.join(dir, 'test.db'), key, create: true, now: () => now });
  const users = new Map<string, string>();
  let current: Principal | null = null;
  const principalOf = (name: string): Principal => {
    const id = users.get(name);
    const principal = id ? principalForPerson(core.ctx.db, id) : null;
    if (!principal) throw new Error(`No active test person called ${name}`);
    return principal;
  };
  return {
    dir,
    key,
    get ctx() {
      return withPrincipal(core.ctx, current);
    },
    baseCtx: core.ctx,
    dispatch: (name, input) => bindDispatch(core.dispatch, current)(name, input),
    dispatchAs: core.dispatch,
    get principal() {
      return current;
    },
    setNow(iso) {
      now = new Date(iso);
    },
    actAs(name, role, teams = []) {
      let id = users.get(name);
      if (!id) {
        const personId = newId();
        id = personId;
        write(core.ctx, (tx) =>
          tx.insert('users', {
            id: personId,
            name,
            email: testEmail(name),
            role,
            job_title: '',
            manages_teams: JSON.stringify(teams),
            active: 1,
            created_at: tx.at,
            updated_at: tx.at,
          }),
        );
        users.set(name, id);
      }
      current = principalOf(name);
      return id;
    },
    principalOf,
    signOut() {
      current = null;
    },
    close: () => core.close(),
    cleanup() {
      try {
        core.close();
      } catch {
        /* already closed */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Calls an operation through the real dispatcher and returns its value, or throws its error. */
export async function callOk<T = unknown>(core: { dispatch: BoundDispatch }, name: string, input: unknown): Promise<T> {
  const reply = await core.dispatch(name, input);
  if (!reply.ok) throw Object.assign(new Error(`${reply.error.code}: ${reply.error.message}`), { code: reply.error.code });
  return reply.value as T;
}

const TEST_ALLOCATIONS = 'test-allocations';

/**
 * What a QA lead does before an auditor audits a case: allocates it to them. An auditor may start
 * an audit only of a case they can see (`visibleTo`: allocated to them, or in a team they manage).
 * The allocation sits in a closed programme with no period ("Test allocations"), so no drift rule
 * and no list of planned or open programmes counts it. Does nothing when the person acted as is
 * not an auditor or already sees the case.
 */
export function allocateToCurrent(core: TestCore, caseId: string): void {
  allocateTo(core.baseCtx, core.principal, caseId);
}

/** allocateToCurrent for a core that is not a TestCore: allocates the case to `who` when they are an auditor who cannot see it. */
export function allocateTo(ctx: CoreContext, who: Principal | null, caseId: string): void {
  if (!who || who.role !== 'auditor' || visibleTo(ctx.db, who).cases(caseId)) return;
  const db = ctx.db;
  write(ctx, (tx) => {
    if (!prepared(db, 'SELECT 1 FROM programmes WHERE id = ?').get(TEST_ALLOCATIONS)) {
      const templateId = latestPublishedTemplateId(db, BUILTIN_TEMPLATE.key);
      if (!templateId) throw new Error('No published template to allocate against');
      tx.insert('programmes', { id: TEST_ALLOCATIONS, name: 'Test allocations', type: 'monthly', template_id: templateId, status: 'closed', created_at: tx.at, updated_at: tx.at });
    }
    tx.insert('programme_cases', { programme_id: TEST_ALLOCATIONS, case_id: caseId, auditor_id: who.id, chosen_by: 'hand', added_at: tx.at });
  });
}
