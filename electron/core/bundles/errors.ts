import { AppError } from '../errors';

export type BundleErrorCode =
  | 'NOT_A_BUNDLE'
  | 'UNSUPPORTED_VERSION'
  | 'DAMAGED'
  | 'BAD_SIGNATURE'
  | 'CANNOT_DECRYPT'
  | 'NOT_FOR_YOU'
  | 'NO_KEYS'
  | 'UNKNOWN_DEVICE'
  | 'REPLAYED'
  | 'MISSING_EARLIER'
  | 'BROKEN_CHAIN'
  | 'NOT_PERMITTED'
  | 'UNKNOWN_PERSON';

/** A bundle refused: one line that says what is wrong and that nothing was imported. */
export class BundleError extends AppError {
  constructor(
    readonly reason: BundleErrorCode,
    message: string,
  ) {
    super('VALIDATION', message);
    this.name = 'BundleError';
  }
}
