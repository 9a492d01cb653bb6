/** Machine-readable codes of runtime errors. */
export type RuntimeErrorCode =
  | 'MALFORMED_MANIFEST'
  | 'TRUNCATED_PARAMS'
  | 'SHAPE_MISMATCH'
  | 'RULE_VIOLATION'
  | 'MODEL_HASH_MISMATCH'
  | 'BAD_INPUT'
  | 'BAD_PATH';

/**
 * The one error class of the runtime: a short message saying what was expected and what was
 * found, a machine-readable `code`, and the underlying `cause` when there is one.
 */
export class RuntimeError extends Error {
  override readonly name = 'RuntimeError';
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
