import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { OracleNodeError } from '../OracleNodeError';
import { errorHandler, notFound } from './errorHandler';
import type { ApiContext } from './routes/context';
import { gameRoutes } from './routes/gameRoutes';
import { modelRoutes } from './routes/modelRoutes';
import { packageRoutes } from './routes/packageRoutes';
import { requestRoutes } from './routes/requestRoutes';
import { saleRoutes } from './routes/saleRoutes';
import { statusRoutes } from './routes/statusRoutes';
import { verificationRoutes } from './routes/verificationRoutes';

/** What the API needs besides what it reads. */
export interface CreateApiParameters {
  context: ApiContext;
  /** `*` or the origins allowed to read the API from a browser. */
  corsOrigins: readonly string[];
  log: Logger;
}

/**
 * CORS for a read-only API (GET, HEAD and preflight OPTIONS from the allowed origins) and
 * `Cross-Origin-Resource-Policy: cross-origin`, so a cross-origin-isolated page (COOP/COEP) can
 * read responses.
 */
function crossOrigin(origins: readonly string[]): RequestHandler {
  const any = origins.includes('*');
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (any) res.setHeader('Access-Control-Allow-Origin', '*');
    else if (origin && origins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD, OPTIONS');
      next(new OracleNodeError('METHOD_NOT_ALLOWED', `${req.method} is not allowed: the API is read-only (GET)`));
      return;
    }
    next();
  };
}

/**
 * The node's HTTP API (Express 5): status, index reads and packages, every parameter validated,
 * every error JSON `{ code, message }`. Routes and shapes: `docs/oracle-node.md`.
 *
 * @example
 * const app = createApi({ context, corsOrigins: ['*'], log });
 * app.listen(8787);
 */
export function createApi(parameters: CreateApiParameters): Express {
  const { context } = parameters;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(crossOrigin(parameters.corsOrigins));
  app.use(statusRoutes(context));
  app.use(modelRoutes(context));
  app.use(requestRoutes(context));
  app.use(saleRoutes(context));
  app.use(gameRoutes(context));
  app.use(packageRoutes(context));
  app.use(verificationRoutes(context));
  app.use(notFound);
  app.use(errorHandler(parameters.log));
  return app;
}
