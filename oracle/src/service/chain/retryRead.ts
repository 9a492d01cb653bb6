import type { Logger } from 'pino';
import { OracleNodeError } from '../OracleNodeError';
import { classifyRpcError } from './classifyRpcError';

/** What `retryRead` needs. */
export interface RetryReadParameters {
  /** What is read, for the log line of each retry. */
  what: string;
  log: Logger;
  /** First wait in ms (doubled per failure, up to 30 s). Default 1000. */
  firstDelayMs?: number;
  /** Most tries before the last error is thrown. Default: no limit. */
  attempts?: number;
  /** Which errors are tried again. Default `isRetryableRead`. */
  retryIf?: (error: unknown) => boolean;
  /** The level of the retry log lines. Default `warn`. */
  logLevel?: 'warn' | 'debug';
}

/** Whether an error is worth another try: an RPC that lost or delayed the answer, not a refusal. */
export function isRetryableRead(error: unknown): boolean {
  if (error instanceof OracleNodeError) return error.retryable;
  return classifyRpcError(error).kind === 'retryable';
}

/**
 * Whether the answer to a read was lost on the way (the connection closed, the RPC answered with a
 * server error) rather than never coming (a timeout): worth trying again at once.
 */
export function isLostAnswer(error: unknown): boolean {
  const name = (error as { name?: unknown }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return false;
  return isRetryableRead(error) && !/timeout|timed out/i.test(classifyRpcError(error).message);
}

/**
 * Runs an RPC read until it succeeds, waiting `firstDelayMs` (doubled per failure, up to 30 s) after
 * each retryable failure (a lost answer, a timeout); any other error, or the last of `attempts`
 * tries, is thrown. For the reads a node makes once at start, which have no loop of their own to
 * retry them, and for reads whose one lost answer would fail a whole step.
 *
 * @example
 * const window = await retryRead(() => oracle.config(), { what: 'the oracle config', log });
 */
export async function retryRead<T>(read: () => Promise<T>, p: RetryReadParameters): Promise<T> {
  const retryIf = p.retryIf ?? isRetryableRead;
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (!retryIf(error) || (p.attempts !== undefined && attempt >= p.attempts)) throw error;
      const delay = Math.min(30_000, (p.firstDelayMs ?? 1000) * 2 ** Math.min(attempt - 1, 5));
      p.log[p.logLevel ?? 'warn'](
        { reason: classifyRpcError(error).message, retryInMs: delay },
        `reading ${p.what} failed; retrying`,
      );
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
