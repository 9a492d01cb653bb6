import fs from 'node:fs';
import path from 'node:path';
import { Router, type Response } from 'express';
import { z } from 'zod';
import { OracleNodeError } from '../../OracleNodeError';
import { modelHashParam, parseParams } from '../validation';
import type { ApiContext } from './context';

const hashPath = z.strictObject({ modelHash: modelHashParam });
const filePath = z.strictObject({
  modelHash: modelHashParam,
  file: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'a file name of the package'),
});

/**
 * `GET /packages/:modelHash` (the manifest), `/packages/:modelHash/manifest.json` and
 * `/packages/:modelHash/<paramsFile>`: the packages this node verified, content-addressed, so other
 * nodes and browsers can fetch them and check them against the on-chain commitment themselves.
 */
export function packageRoutes(ctx: ApiContext): Router {
  const router = Router();
  const dirOf = (modelHash: string): string => {
    if (!ctx.packages?.isVerified(modelHash)) {
      throw new OracleNodeError('NOT_FOUND', `this node serves no verified package ${modelHash}`);
    }
    return ctx.packages.dirOf(modelHash);
  };
  const send = (res: Response, file: string, type: string, modelHash: string) => {
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('ETag', `"${modelHash}-${path.basename(file)}"`);
    res.type(type);
    fs.createReadStream(file).pipe(res);
  };
  const manifest = (req: { params: unknown; query: unknown }, res: Response) => {
    const { modelHash } = parseParams('path', hashPath, req.params);
    parseParams('query', z.strictObject({}), req.query);
    send(res, path.join(dirOf(modelHash), 'manifest.json'), 'application/json', modelHash);
  };
  router.get('/packages/:modelHash', manifest);
  router.get('/packages/:modelHash/manifest.json', manifest);
  router.get('/packages/:modelHash/:file', (req, res) => {
    const { modelHash, file } = parseParams('path', filePath, req.params);
    parseParams('query', z.strictObject({}), req.query);
    const dir = dirOf(modelHash);
    const { paramsFile } = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      paramsFile: string;
    };
    if (file !== paramsFile) throw new OracleNodeError('NOT_FOUND', `package ${modelHash} has no file ${file}`);
    send(res, path.join(dir, paramsFile), 'application/octet-stream', modelHash);
  });
  return router;
}
