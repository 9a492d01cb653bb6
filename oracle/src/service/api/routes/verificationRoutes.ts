import { Router } from 'express';
import { z } from 'zod';
import { OracleNodeError } from '../../OracleNodeError';
import { VERIFICATION_STATES } from '../../dispute/Verifier';
import { idParam, limitParam, parseParams } from '../validation';
import type { ApiContext } from './context';

const listQuery = z.strictObject({
  state: z.enum(VERIFICATION_STATES).optional(),
  request: idParam.optional(),
  cursor: idParam.optional(),
  limit: limitParam,
});

/** `GET /verifications`: the results this node re-ran (operators and verifiers with `verify` on). */
export function verificationRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/verifications', (req, res) => {
    const filters = parseParams('query', listQuery, req.query);
    if (!ctx.verifications) {
      throw new OracleNodeError('NOT_FOUND', 'this node verifies nothing (it has no key, or IMO_ORACLE_VERIFY=false)');
    }
    res.json(ctx.verifications(filters));
  });
  return router;
}
