import { Router } from 'express';
import { z } from 'zod';
import { OracleNodeError } from '../../OracleNodeError';
import { addressParam, idParam, limitParam, parseParams } from '../validation';
import type { ApiContext } from './context';

const listQuery = z.strictObject({
  model: idParam.optional(),
  status: z.enum(['requested', 'submitted', 'finalized', 'cancelled']).optional(),
  requester: addressParam.optional(),
  operator: addressParam.optional(),
  cursor: idParam.optional(),
  limit: limitParam,
});
const idPath = z.strictObject({ id: idParam });

/** `GET /requests`, `GET /requests/:id`. */
export function requestRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/requests', (req, res) => {
    res.json(ctx.queries.listRequests(parseParams('query', listQuery, req.query)));
  });
  router.get('/requests/:id', (req, res) => {
    const { id } = parseParams('path', idPath, req.params);
    parseParams('query', z.strictObject({}), req.query);
    const request = ctx.queries.getRequest(id);
    if (!request) throw new OracleNodeError('NOT_FOUND', `no request ${id}`);
    res.json(request);
  });
  return router;
}
