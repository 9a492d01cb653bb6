import { Router } from 'express';
import { z } from 'zod';
import { OracleNodeError } from '../../OracleNodeError';
import { idParam, limitParam, parseParams, timestampParam } from '../validation';
import type { ApiContext } from './context';

/** Most buckets one revenue query returns. */
export const MAX_BUCKETS = 2000;

const listQuery = z.strictObject({ cursor: idParam.optional(), limit: limitParam });
const idPath = z.strictObject({ id: idParam });
const revenueQuery = z.strictObject({
  bucket: z.enum(['hour', 'day']).default('hour'),
  from: timestampParam.optional(),
  to: timestampParam.optional(),
});

/** `GET /models`, `GET /models/:id`, `GET /models/:id/revenue`. */
export function modelRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/models', (req, res) => {
    const q = parseParams('query', listQuery, req.query);
    res.json(ctx.queries.listModels(q.cursor, q.limit));
  });
  router.get('/models/:id', (req, res) => {
    const { id } = parseParams('path', idPath, req.params);
    parseParams('query', z.strictObject({}), req.query);
    const model = ctx.queries.getModel(id);
    if (!model) throw new OracleNodeError('NOT_FOUND', `no model ${id}`);
    res.json(model);
  });
  router.get('/models/:id/revenue', (req, res) => {
    const { id } = parseParams('path', idPath, req.params);
    const q = parseParams('query', revenueQuery, req.query);
    if (!ctx.queries.getModel(id)) throw new OracleNodeError('NOT_FOUND', `no model ${id}`);
    const size = q.bucket === 'hour' ? 3600 : 86_400;
    const to = q.to ?? Math.max(ctx.queries.chainTime() + 1, 1);
    const from = q.from ?? to - (q.bucket === 'hour' ? 7 * 86_400 : 365 * 86_400);
    if (from >= to)
      throw new OracleNodeError('BAD_REQUEST', `query parameter from (${from}) must be before to (${to})`);
    const buckets = Math.ceil((to - Math.floor(from / size) * size) / size);
    if (buckets > MAX_BUCKETS) {
      throw new OracleNodeError(
        'BAD_REQUEST',
        `query asks for ${buckets} ${q.bucket} buckets; at most ${MAX_BUCKETS}: narrow from/to or use bucket=day`,
      );
    }
    res.json(ctx.queries.revenue(id, q.bucket, from, to));
  });
  return router;
}
