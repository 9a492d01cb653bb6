import { Router } from 'express';
import { z } from 'zod';
import { OracleNodeError } from '../../OracleNodeError';
import { addressParam, booleanParam, idParam, limitParam, parseParams } from '../validation';
import type { ApiContext } from './context';

const listQuery = z.strictObject({
  request: idParam.optional(),
  player: addressParam.optional(),
  live: booleanParam.optional(),
  cursor: idParam.optional(),
  limit: limitParam,
});
const idPath = z.strictObject({ id: idParam });

/** `GET /games`, `GET /games/:id`. */
export function gameRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/games', (req, res) => {
    res.json(ctx.queries.listGames(parseParams('query', listQuery, req.query)));
  });
  router.get('/games/:id', (req, res) => {
    const { id } = parseParams('path', idPath, req.params);
    parseParams('query', z.strictObject({}), req.query);
    const game = ctx.queries.getGame(id);
    if (!game) throw new OracleNodeError('NOT_FOUND', `no game ${id}`);
    res.json(game);
  });
  return router;
}
