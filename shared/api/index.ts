import type { z } from 'zod';
import { roleAllowed, type Operation } from './define';
import { sessionOps, type Role } from './session';
import { peopleOps } from './people';
import { systemOps } from './system';
import { casesOps } from './cases';
import { templatesOps } from './templates';
import { auditsOps } from './audits';
import { moderationOps } from './moderation';
import { actionsOps } from './actions';
import { serviceActionsOps } from './serviceActions';
import { programmesOps } from './programmes';
import { exportsOps } from './exports';
import { syncOps } from './sync';
import { conflictsOps } from './conflicts';
import { bundlesOps } from './bundles';

/** The whole contract: every operation the renderer may ask for, by `feature:verb`. */
export const api = {
  ...sessionOps,
  ...peopleOps,
  ...systemOps,
  ...casesOps,
  ...templatesOps,
  ...auditsOps,
  ...moderationOps,
  ...actionsOps,
  ...serviceActionsOps,
  ...programmesOps,
  ...exportsOps,
  ...syncOps,
  ...conflictsOps,
  ...bundlesOps,
};

export type Api = typeof api;
export type OpName = keyof Api;
/** What a caller sends (before defaults are applied). */
export type InputOf<N extends OpName> = z.input<Api[N]['input']>;
/** What a handler receives (after the schema has parsed it). */
export type ParsedInputOf<N extends OpName> = z.output<Api[N]['input']>;
export type OutputOf<N extends OpName> = Api[N] extends Operation<z.ZodType, infer O> ? O : never;

export const OP_NAMES = Object.keys(api) as OpName[];

export function isOpName(name: string): name is OpName {
  return Object.prototype.hasOwnProperty.call(api, name);
}

/**
 * Whether a person of this role may call the operation (the role part of its declared access).
 * The renderer uses it to decide what to SHOW; the core enforces access (and rules) in dispatch.
 */
export function can(role: Role | null | undefined, name: OpName): boolean {
  return roleAllowed(api[name].access, role ?? null);
}

export type { Reply, Access } from './define';
export type { Principal, Person, SessionMe, Role } from './session';
