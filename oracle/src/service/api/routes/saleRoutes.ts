import { Router } from 'express';
import { z } from 'zod';
import { idParam, limitParam, parseParams } from '../validation';
import type { ApiContext } from './context';

const listQuery = z.strictObject({
  model: idParam.optional(),
  state: z.enum(['pending', 'active', 'succeeded', 'failed']).optional(),
  cursor: idParam.optional(),
  limit: limitParam,
});

/** `GET /sales`. */
export function saleRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/sales', (req, res) => {
    res.json(ctx.queries.listSales(parseParams('query', listQuery, req.query)));
  });
  return router;
}
