/**
 * The oracle node: the service operators run to index the protocol's contracts, answer and
 * finalize requests, and serve the API the web app and dApps read. `OracleNode.start(config)` is
 * the way in; `npm run oracle -- <command>` its command line (`cli/main.ts`).
 */
export { OracleNode, type StartOracleNodeParameters } from './OracleNode';
export { OracleNodeError, type OracleNodeErrorCode } from './OracleNodeError';
export { CONFIG_FIELDS, envName, flagName, type ConfigField, type OracleNodeConfig } from './config/configSchema';
export { loadConfig, type LoadConfigParameters, type LoadConfigReturnType } from './config/loadConfig';
export { loadSigner, type LoadSignerParameters } from './config/loadSigner';
export { createLogger, REDACTED_PATHS } from './logging/createLogger';
export { createApi, type CreateApiParameters } from './api/createApi';
export type { ReadyReport, ReadyCheck } from './api/routes/context';
export { JOB_STATES, LOCAL_TRANSITIONS, type JobState } from './jobs/jobStates';
export { classifyRpcError, decodeRevert, type ClassifiedError, type DecodedRevert } from './chain/classifyRpcError';
