import { ImoError } from '../ImoError';

/**
 * Codes of the CLI's errors and the exit status each gives: a bad argument (2: nothing was sent), a
 * verification that found another result than the operator posted (3), anything else (1).
 */
export type CliErrorCode = 'BAD_ARGUMENT' | 'MISMATCH' | 'FAILED';

const EXIT_CODES: Record<CliErrorCode, number> = { BAD_ARGUMENT: 2, MISMATCH: 3, FAILED: 1 };

/** An error the CLI reports as one line `error: …` and exits with `exitCode`. */
export class CliError extends ImoError<CliErrorCode> {
  get exitCode(): number {
    return EXIT_CODES[this.code];
  }
}

/** A bad argument, option or input file: exit status 2. */
export function badArgument(message: string): CliError {
  return new CliError('BAD_ARGUMENT', message);
}
