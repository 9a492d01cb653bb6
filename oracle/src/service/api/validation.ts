import { z } from 'zod';
import { OracleNodeError } from '../OracleNodeError';

/** A positive integer id (< 2^53) from a path or query string. */
export const idParam = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, 'a positive integer')
  .transform(Number)
  .refine(Number.isSafeInteger, 'a positive integer below 2^53');

/** An address (any case), returned lower-cased. */
export const addressParam = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'an address (0x followed by 40 hex digits)')
  .transform((a) => a.toLowerCase());

/** A page size from 1 to 100 (default 20). */
export const limitParam = z
  .string()
  .regex(/^\d{1,3}$/, 'an integer from 1 to 100')
  .transform(Number)
  .refine((n) => n >= 1 && n <= 100, 'an integer from 1 to 100')
  .default(20);

/** Unix seconds. */
export const timestampParam = z
  .string()
  .regex(/^\d{1,12}$/, 'a Unix time in seconds')
  .transform(Number);

/** true or false. */
export const booleanParam = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A modelHash (0x + 64 hex digits), returned lower-cased. */
export const modelHashParam = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, 'a modelHash (0x followed by 64 hex digits)')
  .transform((h) => h.toLowerCase());

/**
 * Validates a route's path or query parameters with a strict schema: an unknown parameter, a
 * repeated one or a malformed value throws `BAD_REQUEST` naming it and saying what is expected.
 *
 * @example
 * const { limit } = parseParams('query', z.strictObject({ limit: limitParam }), req.query);
 */
export function parseParams<T extends z.ZodType>(where: 'path' | 'query', schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    throw new OracleNodeError(
      'BAD_REQUEST',
      `unknown ${where} parameter ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`,
    );
  }
  const name = String(issue.path[0] ?? '(root)');
  const got = (value as Record<string, unknown> | undefined)?.[name];
  const shown = Array.isArray(got) ? 'a repeated parameter' : JSON.stringify(got);
  const expected = issue.code === 'invalid_type' ? 'a single value' : issue.message;
  throw new OracleNodeError('BAD_REQUEST', `${where} parameter ${name}: expected ${expected}, got ${shown}`);
}
