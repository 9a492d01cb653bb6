import { Router } from 'express';
import type { ApiContext } from './context';

/** `GET /health`, `GET /ready`, `GET /metrics`, `GET /node`. */
export function statusRoutes(ctx: ApiContext): Router {
  const router = Router();
  const started = Date.now();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round((Date.now() - started) / 1000) });
  });
  router.get('/ready', (_req, res) => {
    const report = ctx.readiness();
    res.status(report.ready ? 200 : 503).json(report);
  });
  router.get('/metrics', async (_req, res) => {
    res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
  router.get('/node', (_req, res) => {
    res.json(ctx.nodeInfo());
  });
  return router;
}
