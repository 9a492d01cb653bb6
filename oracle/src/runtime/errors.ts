import { ImoError } from '../ImoError';

/** Machine-readable codes of runtime errors. */
export type RuntimeErrorCode =
  | 'MALFORMED_MANIFEST'
  | 'TRUNCATED_PARAMS'
  | 'SHAPE_MISMATCH'
  | 'RULE_VIOLATION'
  | 'MODEL_HASH_MISMATCH'
  | 'BAD_INPUT'
  | 'BAD_PATH'
  | 'BACKEND_FAILED'
  | 'NO_GPU_ADAPTER';

/**
 * Errors of the runtime: malformed packages, broken rules, bad input, bad paths, a failed backend,
 * no GPU adapter where one was required.
 */
export class RuntimeError extends ImoError<RuntimeErrorCode> {}
