import type { z } from 'zod';
import type { Operation } from './define';
import { sessionOps } from './session';
import { systemOps } from './system';
import { casesOps } from './cases';
import { templatesOps } from './templates';
import { auditsOps } from './audits';
import { moderationOps } from './moderation';
import { actionsOps } from './actions';
import { programmesOps } from './programmes';
import { exportsOps } from './exports';

/** The whole contract: every operation the renderer may ask for, by `feature:verb`. */
export const api = {
  ...sessionOps,
  ...systemOps,
  ...casesOps,
  ...templatesOps,
  ...auditsOps,
  ...moderationOps,
  ...actionsOps,
  ...programmesOps,
  ...exportsOps,
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

export type { Reply } from './define';
