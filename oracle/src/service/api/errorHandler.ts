import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { OracleNodeError, type OracleNodeErrorCode } from '../OracleNodeError';

const STATUS: Partial<Record<OracleNodeErrorCode, number>> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
};

/** Unknown routes: 404 `{ code: 'NOT_FOUND' }`. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new OracleNodeError('NOT_FOUND', `no route ${req.method} ${req.path}`));
};

/**
 * Every error as JSON `{ code, message }` with its status: 400 for bad parameters, 404 for unknown
 * routes and ids, 405 for methods other than GET, HEAD and OPTIONS, 500 (message withheld, details
 * logged) for anything else.
 *
 * @example
 * app.use(errorHandler(log));
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (error instanceof OracleNodeError && STATUS[error.code]) {
      res.status(STATUS[error.code]!).json({ code: error.code, message: error.message });
      return;
    }
    const status = (error as { status?: number; type?: string }).status;
    if (status && status >= 400 && status < 500) {
      res.status(status).json({ code: 'BAD_REQUEST', message: 'malformed request' });
      return;
    }
    log.error({ err: error, path: req.path }, 'API error');
    res.status(500).json({ code: 'INTERNAL', message: 'internal error (see the node log)' });
  };
}
