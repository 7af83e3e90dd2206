export type OpenErrorCode =
  | 'NOT_FOUND'
  | 'WRONG_KEY'
  | 'NOT_PLUMBLINE'
  | 'TOO_NEW'
  | 'CORRUPT'
  | 'MIGRATION_FAILED'
  | 'BAD_KEY'
  | 'LEDGER_MISMATCH'
  | 'CANNOT_WRITE';

/** Why a database file was refused. The message says whether the file was changed (it never is). */
export class DatabaseOpenError extends Error {
  constructor(
    readonly code: OpenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

/** A copy (backup, restore) that could not be written or did not verify; the message says why and where. */
export class StorageError extends Error {
  constructor(
    readonly code: 'CANNOT_WRITE' | 'DISK_FULL' | 'UNSOUND' | 'NOT_FOUND' | 'WRONG_KEY' | 'IN_USE',
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/** Names the cause of a failed write in words: a full disk or a folder we may not write to. */
export function describeWriteFailure(error: unknown, folder: string): { code: 'CANNOT_WRITE' | 'DISK_FULL'; message: string } | null {
  const e = error as { code?: string; message?: string };
  const text = `${e.code ?? ''} ${e.message ?? ''}`;
  if (/ENOSPC|SQLITE_FULL|database or disk is full/i.test(text)) return { code: 'DISK_FULL', message: `the disk holding ${folder} is full` };
  if (/EACCES|EPERM|EROFS|SQLITE_READONLY|SQLITE_CANTOPEN|readonly database|unable to open database/i.test(text)) {
    return { code: 'CANNOT_WRITE', message: `cannot write to ${folder}` };
  }
  return null;
}
