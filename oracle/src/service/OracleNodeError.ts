import { ImoError } from '../ImoError';

/** Machine-readable codes of the oracle node's errors. */
export type OracleNodeErrorCode =
  // configuration and start
  | 'CONFIG_INVALID'
  | 'KEY_INVALID'
  | 'KEYSTORE_INVALID'
  | 'PASSWORD_REQUIRED'
  | 'DEPLOYMENT_INVALID'
  | 'CHAIN_MISMATCH'
  | 'DATA_DIR_LOCKED'
  | 'STORE_MISMATCH'
  // chain
  | 'RPC_UNAVAILABLE'
  | 'RPC_ERROR'
  | 'REORG_TOO_DEEP'
  | 'TX_REVERTED'
  | 'TX_REJECTED'
  | 'INSUFFICIENT_FUNDS'
  | 'NOT_OPERATOR'
  // packages and execution
  | 'PACKAGE_UNREACHABLE'
  | 'PACKAGE_MISMATCH'
  | 'PACKAGE_MALFORMED'
  | 'PACKAGE_TOO_LARGE'
  | 'PACKAGE_FORBIDDEN'
  | 'INFERENCE_FAILED'
  // jobs
  | 'INVALID_TRANSITION'
  // API
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'INTERNAL';

/**
 * Errors of the oracle node. `retryable` tells the job loop whether to back off and try again
 * (an RPC timeout, an unreachable package) or to record the error on the job and stop (a revert
 * with a custom error that will not change, a package whose bytes do not match the commitment).
 */
export class OracleNodeError extends ImoError<OracleNodeErrorCode> {
  readonly retryable: boolean;

  constructor(code: OracleNodeErrorCode, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(code, message, { cause: options.cause });
    this.retryable = options.retryable ?? false;
  }
}
