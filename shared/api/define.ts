import type { z } from 'zod';

/** One contract operation: a zod schema for its input and (as a type only) its output. */
export interface Operation<I extends z.ZodType, O> {
  readonly input: I;
  /** Phantom field carrying the output type; never set at run time. */
  readonly __output?: O;
}

/** `op<Output>()(inputSchema)` — declares an operation with a typed output. */
export const op =
  <O>() =>
  <I extends z.ZodType>(input: I): Operation<I, O> => ({ input });

/** Every reply on every transport. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
