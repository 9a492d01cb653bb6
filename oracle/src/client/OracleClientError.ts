import { ImoError } from '../ImoError';

/** Machine-readable codes of oracle client errors. */
export type OracleClientErrorCode = 'REVERTED' | 'CANCELLED' | 'TIMEOUT' | 'NOT_FOUND' | 'NO_SIGNER';

/** Errors of the oracle client; `REVERTED` carries the decoded custom error in its message. */
export class OracleClientError extends ImoError<OracleClientErrorCode> {}
