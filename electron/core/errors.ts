/** Stable error codes that cross the contract; the renderer picks user-facing text from them. */
export type ErrorCode =
  | 'UNKNOWN_OPERATION'
  | 'INVALID_INPUT'
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'READ_ONLY'
  | 'NO_USER'
  | 'SIGNED_OUT'
  | 'NOT_IMPLEMENTED'
  | 'PASSPHRASE'
  | 'LOCKED_OUT'
  | 'NOT_JOINED'
  | 'ALREADY_JOINED'
  | 'OFFLINE'
  | 'SYNC_REFUSED'
  | 'INTERNAL';

/** An error a person can act on: what went wrong, which record, what to do next. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, id: string) => new AppError('NOT_FOUND', `${what} ${id} was not found. It may have been removed; go back and reload the list.`);
