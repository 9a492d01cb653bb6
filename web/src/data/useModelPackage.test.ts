// @vitest-environment node
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchModelPackage, paramsUrlOf } from './useModelPackage';

const MODELS = path.resolve(import.meta.dirname, '..', '..', '..', 'oracle', 'models');
const digits = JSON.parse(fs.readFileSync(path.join(MODELS, 'digits', 'manifest.json'), 'utf8')) as {
  commitment: { modelHash: `0x${string}` };
};
const lite = JSON.parse(fs.readFileSync(path.join(MODELS, 'digits-lite', 'manifest.json'), 'utf8')) as {
  commitment: { modelHash: `0x${string}` };
};

describe('fetching a model’s package for the browser', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    // a package host serving the bundled packages by folder
    server = http.createServer((req, res) => {
      const file = path.join(MODELS, decodeURIComponent(req.url ?? '').replace(/^\/+/, ''));
      if (!file.startsWith(MODELS) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.statusCode = 404;
        res.end();
        return;
      }
      res.end(fs.readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('finds the params beside the manifest, or under the node’s package route', () => {
    expect(paramsUrlOf('/local-packages/oracle/models/digits/manifest.json', 'params.bin')).toBe(
      '/local-packages/oracle/models/digits/params.bin',
    );
    const node = `http://127.0.0.1:9103/packages/${digits.commitment.modelHash}`;
    expect(paramsUrlOf(node, 'params.bin')).toBe(`${node}/params.bin`);
  });

  it('loads a package whose recomputed modelHash is the registry’s, and refuses any other', async () => {
    const pkg = await fetchModelPackage(
      { packageURI: `${base}/digits/manifest.json`, modelHash: digits.commitment.modelHash },
      null,
    );
    expect(pkg.graph.length).toBeGreaterThan(0);
    // a URI that serves another model's package (digits-lite) for digits' modelHash
    await expect(
      fetchModelPackage(
        { packageURI: `${base}/digits-lite/manifest.json`, modelHash: digits.commitment.modelHash },
        null,
      ),
    ).rejects.toThrow(/no verified package could be fetched .*digits-lite/);
    await expect(
      fetchModelPackage({ packageURI: `${base}/nowhere/manifest.json`, modelHash: lite.commitment.modelHash }, null),
    ).rejects.toThrow(/HTTP 404/);
    await expect(
      fetchModelPackage({ packageURI: 'ipfs://bafy', modelHash: lite.commitment.modelHash }, null),
    ).rejects.toThrow('the package URI "ipfs://bafy" is not one the app can fetch, and no oracle node is configured');
  });
});
