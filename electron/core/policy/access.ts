import type { Access } from '../../../shared/api/define';
import { ROLE_LABELS, type Principal, type Role } from '../../../shared/api/session';
import type { CoreContext } from '../context';
import { RULES } from './rules';

const PLURAL: Record<Role, string> = { auditor: 'auditors', moderator: 'moderators', 'qa-lead': 'QA leads' };

export interface Refusal {
  code: 'SIGNED_OUT' | 'FORBIDDEN';
  message: string;
}

/** The role part of an operation's access: who may call it at all (before the input is read). */
export function checkRole(access: Access, principal: Principal | null, op: string): Refusal | null {
  if ('public' in access) return null;
  if (!principal) return { code: 'SIGNED_OUT', message: 'Sign in first: Plumbline records every change under the name of the person who made it.' };
  if (access.roles === 'signed-in' || access.roles.includes(principal.role)) return null;
  const allowed = access.roles.map((r) => PLURAL[r]).join(' and ');
  return { code: 'FORBIDDEN', message: `Only ${allowed} can do this (${op}). You are signed in as ${principal.name} (${ROLE_LABELS[principal.role]}); ask one of them.` };
}

/** The ownership rule of an operation's access, if it names one, with the parsed input. */
export function checkRule(ctx: CoreContext, access: Access, principal: Principal | null, input: unknown): Refusal | null {
  if ('public' in access || !access.rule || !principal) return null;
  const rule = RULES[access.rule];
  if (!rule) return { code: 'FORBIDDEN', message: `This operation names an access rule "${access.rule}" that does not exist, so it is refused.` };
  const reason = rule(ctx, principal, input);
  return reason ? { code: 'FORBIDDEN', message: reason } : null;
}
