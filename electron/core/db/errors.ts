export type OpenErrorCode = 'NOT_FOUND' | 'WRONG_KEY' | 'NOT_PLUMBLINE' | 'TOO_NEW' | 'CORRUPT' | 'MIGRATION_FAILED' | 'BAD_KEY';

/** Why a database file was refused. The file is always left untouched. */
export class DatabaseOpenError extends Error {
  constructor(
    readonly code: OpenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}
