import type { Logger } from 'pino';
import { OracleNodeError } from '../OracleNodeError';
import { classifyRpcError } from './classifyRpcError';

/** What `retryRead` needs. */
export interface RetryReadParameters {
  /** What is read, for the log line of each retry. */
  what: string;
  log: Logger;
  /** First wait in ms (doubled per failure, up to 30 s). */
  firstDelayMs?: number;
}

/** Whether an error is worth another try: an RPC that lost or delayed the answer, not a refusal. */
export function isRetryableRead(error: unknown): boolean {
  if (error instanceof OracleNodeError) return error.retryable;
  return classifyRpcError(error).kind === 'retryable';
}

/**
 * Runs an RPC read until it succeeds, waiting 1 s (doubled per failure, up to 30 s) after each
 * retryable failure (a lost answer, a timeout); any other error is thrown at once. For the reads a
 * node makes once at start, which have no loop of their own to retry them.
 *
 * @example
 * const window = await retryRead(() => oracle.config(), { what: 'the oracle config', log });
 */
export async function retryRead<T>(read: () => Promise<T>, p: RetryReadParameters): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (!isRetryableRead(error)) throw error;
      const delay = Math.min(30_000, (p.firstDelayMs ?? 1000) * 2 ** Math.min(attempt, 5));
      p.log.warn({ reason: classifyRpcError(error).message, retryInMs: delay }, `reading ${p.what} failed; retrying`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
