import type { z } from 'zod';
import type { Role } from './session';

/**
 * Who may call an operation, declared beside its schema and enforced by `createDispatch`
 * before the handler runs (FORBIDDEN / SIGNED_OUT). Services keep only domain rules.
 * - `{ public: true }`: no sign-in needed (signing in, the first-start questions).
 * - `{ roles: [...] }`: a signed-in person with one of these roles; `'signed-in'` for any role.
 * - `rule`: the name of an ownership rule in `electron/core/policy/rules.ts`, checked with the
 *   parsed input after the role (e.g. 'exportKind': data exports for QA leads only).
 * - `sees`: the input fields that name an entity the caller acts on or reads, and which entity
 *   (`{ auditId: 'audits' }`). Dispatch checks each against the caller's `visibleTo` before the
 *   handler runs, and answers NOT_FOUND, as for a missing one, when the caller cannot see it
 *   (electron/core/policy/inputScope.ts). A list of ids is checked id by id.
 */
export type Access = { public: true } | { roles: readonly Role[] | 'signed-in'; rule?: string; sees?: Readonly<Record<string, SeenAs>> };

/**
 * What an input field names: a table of the entity registry (checked with `visibleTo`), or
 * `'case-reference'` (a case named by its reference rather than its id).
 */
export type SeenAs = 'cases' | 'case-reference' | 'audits' | 'actions' | 'programmes' | 'templates' | 'moderation_flags';

/** One contract operation: a zod schema for its input, who may call it, and (as a type only) its output. */
export interface Operation<I extends z.ZodType, O> {
  readonly input: I;
  readonly access: Access;
  /** Phantom field carrying the output type; never set at run time. */
  readonly __output?: O;
}

/** `op<Output>()(inputSchema, access)` — declares an operation with a typed output and its callers. */
export const op =
  <O>() =>
  <I extends z.ZodType>(input: I, access: Access): Operation<I, O> => ({ input, access });

/** Shorthands for the common access declarations. */
export const PUBLIC: Access = { public: true };
export const SIGNED_IN: Access = { roles: 'signed-in' };
export const QA_LEAD: Access = { roles: ['qa-lead'] };
export const REVIEWERS: Access = { roles: ['moderator', 'qa-lead'] };

/** `access` with input fields checked against what the caller may see (see `Access.sees`). */
export function seeing(access: Access, sees: Readonly<Record<string, SeenAs>>): Access {
  if ('public' in access) throw new Error('A public operation has no caller whose scope could be checked.');
  return { ...access, sees };
}

/** True when a person of this role passes the role part of `access` (rules are checked by the core). */
export function roleAllowed(access: Access, role: Role | null): boolean {
  if ('public' in access) return true;
  if (role === null) return false;
  return access.roles === 'signed-in' || access.roles.includes(role);
}

/** Every reply on every transport. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
