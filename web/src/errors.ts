import { ImoError } from '../../oracle/src/ImoError';

/** Machine-readable codes of the web app's own errors. */
export type AppErrorCode = 'BAD_CONFIG' | 'NO_DEPLOYMENT' | 'NODE_UNAVAILABLE' | 'BAD_PACKAGE' | 'WRONG_DEVELOPER';

/** Errors of the web app (the project's one error base, `ImoError`, with the app's codes). */
export class AppError extends ImoError<AppErrorCode> {}
