import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPackage, packageSources } from './fetchPackage';

const HASH = `0x${'ab'.repeat(32)}`;

describe('packageSources', () => {
  it('reads the on-chain URI first, then each peer by modelHash', () => {
    expect(
      packageSources('oracle/models/digits/manifest.json', HASH, { packageRoot: '/srv', peers: ['http://peer:8787/'] }),
    ).toEqual([
      { kind: 'file', manifest: '/srv/oracle/models/digits/manifest.json' },
      { kind: 'http', manifest: `http://peer:8787/packages/${HASH}/manifest.json` },
    ]);
    expect(packageSources('https://models.example/d/manifest.json', HASH, { packageRoot: '/srv', peers: [] })).toEqual([
      { kind: 'http', manifest: 'https://models.example/d/manifest.json' },
    ]);
    expect(packageSources('file:///srv/m/manifest.json', HASH, { packageRoot: '/srv', peers: [] })[0]).toEqual({
      kind: 'file',
      manifest: '/srv/m/manifest.json',
    });
  });

  it('says which URI schemes it cannot read when no peer can help', () => {
    expect(() => packageSources('ipfs://bafy/manifest.json', HASH, { packageRoot: '/srv', peers: [] })).toThrow(
      /package URI scheme ipfs: is not supported/,
    );
    expect(packageSources('ipfs://bafy', HASH, { packageRoot: '/srv', peers: ['http://p'] })).toHaveLength(1);
  });
});

describe('fetchPackage', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'imo-fetch-'));
  const manifest = JSON.stringify({ paramsFile: 'params.bin', name: 'm' });
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    fs.mkdirSync(path.join(root, 'pkg'));
    fs.writeFileSync(path.join(root, 'pkg', 'manifest.json'), manifest);
    fs.writeFileSync(path.join(root, 'pkg', 'params.bin'), Buffer.alloc(100, 7));
    fs.writeFileSync(path.join(os.tmpdir(), 'imo-outside-secret.json'), manifest);
    server = http.createServer((req, res) => {
      if (req.url === '/pkg/manifest.json') return void res.end(manifest);
      if (req.url === '/pkg/params.bin') return void res.end(Buffer.alloc(100, 7));
      if (req.url === '/evil/manifest.json') return void res.end(JSON.stringify({ paramsFile: '../../etc/passwd' }));
      if (req.url === '/big/manifest.json') return void res.end(manifest);
      if (req.url === '/big/params.bin') {
        res.write(Buffer.alloc(64 * 1024)); // no content-length: the limit applies while streaming
        return void res.end(Buffer.alloc(64 * 1024));
      }
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reads a package folder or manifest inside the package root', async () => {
    for (const manifestPath of [path.join(root, 'pkg'), path.join(root, 'pkg', 'manifest.json')]) {
      const fetched = await fetchPackage({ kind: 'file', manifest: manifestPath }, { packageRoot: root, limit: 1000 });
      expect(fetched.paramsFile).toBe('params.bin');
      expect(fetched.params.byteLength).toBe(100);
    }
  });

  it("never reads outside the package root (an on-chain URI is anyone's input)", async () => {
    const outside = path.join(os.tmpdir(), 'imo-outside-secret.json');
    await expect(
      fetchPackage({ kind: 'file', manifest: outside }, { packageRoot: root, limit: 1000 }),
    ).rejects.toMatchObject({
      code: 'PACKAGE_FORBIDDEN',
    });
    fs.symlinkSync(outside, path.join(root, 'link.json'));
    await expect(
      fetchPackage({ kind: 'file', manifest: path.join(root, 'link.json') }, { packageRoot: root, limit: 1000 }),
    ).rejects.toMatchObject({ code: 'PACKAGE_FORBIDDEN' });
  });

  it('fetches over http, refusing params paths and sizes it should not accept', async () => {
    const ok = await fetchPackage(
      { kind: 'http', manifest: `${base}/pkg/manifest.json` },
      { packageRoot: root, limit: 1000 },
    );
    expect(ok.params.byteLength).toBe(100);
    await expect(
      fetchPackage({ kind: 'http', manifest: `${base}/evil/manifest.json` }, { packageRoot: root, limit: 1000 }),
    ).rejects.toMatchObject({
      code: 'PACKAGE_MALFORMED',
    });
    await expect(
      fetchPackage({ kind: 'http', manifest: `${base}/big/manifest.json` }, { packageRoot: root, limit: 100_000 }),
    ).rejects.toMatchObject({
      code: 'PACKAGE_TOO_LARGE',
    });
    await expect(
      fetchPackage({ kind: 'http', manifest: `${base}/pkg/manifest.json` }, { packageRoot: root, limit: 99 }),
    ).rejects.toMatchObject({
      code: 'PACKAGE_TOO_LARGE',
    });
    await expect(
      fetchPackage({ kind: 'http', manifest: `${base}/none/manifest.json` }, { packageRoot: root, limit: 1000 }),
    ).rejects.toMatchObject({
      code: 'PACKAGE_UNREACHABLE',
      retryable: true,
    });
    await expect(
      fetchPackage({ kind: 'http', manifest: 'http://127.0.0.1:1/manifest.json' }, { packageRoot: root, limit: 1000 }),
    ).rejects.toMatchObject({
      code: 'PACKAGE_UNREACHABLE',
    });
  });
});
