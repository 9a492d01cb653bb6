import fs from 'node:fs';
import path from 'node:path';
import { encodeBytes32String, parseEther, type Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry__factory } from '../../typechain-types';
import { goldenDigitsInputs } from '../../scripts/runtime/goldenDigitsInputs';
import { MODELS_DIR, readModelPackage } from '../src/node/readModelPackage';
import { buildPackage, registryCommitment } from '../src/runtime';
import { ROOT, devWallet, startLocalChain, type LocalChain } from './support/localChain';
import { runCli, startNode, waitFor, type NodeProcess } from './support/nodeProcess';
import { oracleCallsFrom } from './support/oracleCalls';
import { makeRequest } from './support/oracleRequests';

const OPERATOR = devWallet(6);

/** The digits model repacked for `developer` (a new modelHash), written under `dir` inside the repo. */
function repack(
  developer: string,
  dir: string,
): { manifestPath: string; paramsPath: string; commitment: ReturnType<typeof registryCommitment> } {
  const digits = readModelPackage(path.join(MODELS_DIR, 'digits'));
  const { manifest, paramsBytes } = buildPackage({
    name: `digits-${developer.slice(2, 8).toLowerCase()}`,
    version: '1',
    license: 'MIT',
    developer,
    io: digits.manifest.io,
    params: digits.params.map((t, i) => ({ ...t, name: digits.manifest.params[i]!.name })),
    graph: digits.graph,
  });
  fs.mkdirSync(dir, { recursive: true });
  const manifestPath = path.join(dir, 'manifest.json');
  fs.writeFileSync(manifestPath, JSON.stringify(manifest));
  const paramsPath = path.join(dir, manifest.paramsFile);
  fs.writeFileSync(paramsPath, paramsBytes);
  return { manifestPath, paramsPath, commitment: registryCommitment(manifest) };
}

describe('oracle node: bad input', () => {
  let chain: LocalChain;
  let node: NodeProcess;
  const scratch = path.join(ROOT, '.imo', `test-packages-${process.pid}`);

  const register = async (account: number, packageURI: string, commitment: ReturnType<typeof registryCommitment>) => {
    const registry = ModelRegistry__factory.connect(
      chain.deployment.contracts.ModelRegistry,
      chain.signer(account) as unknown as Wallet,
    );
    const tx = await registry.register({
      commitment,
      packageURI,
      license: encodeBytes32String('MIT'),
      fee: parseEther('0.001'),
      split: { holdersBps: 6000, developerBps: 2000, operatorBps: 1500, protocolBps: 500 },
      token: {
        name: 'Test',
        symbol: 'T',
        recipients: [devWallet(account).address],
        amounts: [parseEther('1000')],
        escrows: [],
        reserveBps: 0,
      },
    });
    const receipt = (await tx.wait())!;
    const id = Number(
      receipt.logs.map((l) => registry.interface.parseLog(l)).find((p) => p?.name === 'ModelRegistered')!.args.modelId,
    );
    // the operator opts in with the node's own command, while the node runs
    const optIn = await runCli(['opt-in', String(id)], {
      IMO_ORACLE_RPC_URL: chain.rpcUrl,
      IMO_ORACLE_DEPLOYMENTS: chain.deploymentFile,
      IMO_ORACLE_KEY: OPERATOR.privateKey,
    });
    expect(optIn.stdout, optIn.stderr).toMatch(new RegExp(`^opted in to model ${id} \\(0x[0-9a-f]{64}\\)`));
    return id;
  };

  beforeAll(async () => {
    chain = await startLocalChain();
    await chain.setIntervalMining(500);
    node = await startNode({
      rpcUrl: chain.rpcUrl,
      deploymentFile: chain.deploymentFile,
      dataDir: path.join(chain.dir, 'node'),
      key: OPERATOR.privateKey,
      env: { IMO_ORACLE_PACKAGE_ROOT: ROOT },
    });
  }, 240_000);

  afterAll(async () => {
    await node?.stop();
    await chain?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }, 60_000);

  it('refuses to start on a bad setting, with one line naming it', async () => {
    const base = {
      IMO_ORACLE_RPC_URL: chain.rpcUrl,
      IMO_ORACLE_DEPLOYMENTS: chain.deploymentFile,
      IMO_ORACLE_DATA_DIR: path.join(chain.dir, 'bad'),
    };
    const cases: [Record<string, string>, RegExp][] = [
      [
        { IMO_ORACLE_PORT: '99999' },
        /^error: invalid config: port \(IMO_ORACLE_PORT\): expected a TCP port from 0 to 65535 .*, got "99999"$/,
      ],
      [
        { IMO_ORACLE_RPC_URL: 'localhost:8545' },
        /^error: invalid config: rpcUrl \(IMO_ORACLE_RPC_URL\): expected an http/,
      ],
      [{ IMO_ORACLE_MODE: 'operator' }, /^error: invalid config: mode .*needs a key/],
      [{ IMO_ORACLE_KEY: '0xabc' }, /^error: invalid config: key \(IMO_ORACLE_KEY\): expected .*got \(hidden\)$/],
      [{ IMO_ORACLE_CHAIN_ID: '1' }, /^error: the RPC at .* serves chain 31337, but chainId is set to 1$/],
      [
        { IMO_ORACLE_DEPLOYMENTS: path.join(chain.dir, 'nope.json') },
        /^error: cannot read deployments file .*nope\.json/,
      ],
    ];
    for (const [env, expected] of cases) {
      const { code, stderr, stdout } = await runCli(['serve'], { ...base, ...env });
      expect(code, stderr).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr.trim()).toMatch(expected);
    }
  }, 120_000);

  it('records an unreachable package, answers nothing, and answers once the package can be fetched', async () => {
    const pkg = repack(devWallet(9).address, path.join(scratch, 'reachable'));
    const modelId = await register(9, '.imo/nowhere/manifest.json', pkg.commitment);
    const r = await makeRequest(
      chain.signer(3) as unknown as Wallet,
      chain.deployment.contracts.AIOracle,
      modelId,
      goldenDigitsInputs()[0]!,
    );
    const model = await waitFor('the package failure to be recorded', async () => {
      const { body } = await node.get<{ package: { state: string; error: { code: string; message: string } | null } }>(
        `/models/${modelId}`,
      );
      return body.package.state === 'failed' ? body : undefined;
    });
    expect(model.package.error?.code).toBe('PACKAGE_UNREACHABLE');
    const ready = await node.get<{ ready: boolean; reasons: string[] }>('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.reasons.join(' ')).toMatch(new RegExp(`#${modelId} \\(PACKAGE_UNREACHABLE`));
    const job = await waitFor('the job to show why it waits', async () => {
      const { body } = await node.get<{ job: { state: string; error: { code: string } | null } }>(
        `/requests/${r.requestId}`,
      );
      return body.job?.error ? body.job : undefined;
    });
    expect(job).toMatchObject({ state: 'queued', error: { code: 'PACKAGE_UNREACHABLE' } });

    // The developer points the model at the package: the node fetches, verifies and answers.
    const registry = ModelRegistry__factory.connect(
      chain.deployment.contracts.ModelRegistry,
      chain.signer(9) as unknown as Wallet,
    );
    await (await registry.setPackageURI(modelId, path.relative(ROOT, pkg.manifestPath))).wait();
    await chain.advance(21);
    await waitFor('the answer', async () => {
      const { body } = await node.get<{ status: string }>(`/requests/${r.requestId}`);
      return body.status === 'submitted' ? true : undefined;
    });
    const calls = await oracleCallsFrom(chain.provider, chain.deployment.contracts.AIOracle, OPERATOR.address, r.block);
    expect(calls.filter((c) => c.requestIds.includes(r.requestId))).toHaveLength(1);
  }, 120_000);

  it('never answers from a package whose bytes do not match the commitment', async () => {
    const pkg = repack(devWallet(10).address, path.join(scratch, 'tampered'));
    const params = fs.readFileSync(pkg.paramsPath);
    params[7] = params[7]! ^ 0x40;
    fs.writeFileSync(pkg.paramsPath, params);
    const modelId = await register(10, path.relative(ROOT, pkg.manifestPath), pkg.commitment);
    const r = await makeRequest(
      chain.signer(3) as unknown as Wallet,
      chain.deployment.contracts.AIOracle,
      modelId,
      goldenDigitsInputs()[1]!,
    );
    const model = await waitFor('the mismatch to be recorded', async () => {
      const { body } = await node.get<{ package: { state: string; error: { code: string; message: string } | null } }>(
        `/models/${modelId}`,
      );
      return body.package.state === 'failed' ? body : undefined;
    });
    expect(model.package.error?.code).toBe('PACKAGE_MISMATCH');
    expect(model.package.error?.message).toMatch(/paramsRoot/);
    await chain.advance(21);
    await new Promise((res) => setTimeout(res, 2000));
    const { body } = await node.get<{ status: string; job: { state: string; output: string | null } }>(
      `/requests/${r.requestId}`,
    );
    expect(body.status).toBe('requested');
    expect(body.job).toMatchObject({ state: 'queued', output: null });
    const calls = await oracleCallsFrom(chain.provider, chain.deployment.contracts.AIOracle, OPERATOR.address, r.block);
    expect(calls.filter((c) => c.requestIds.includes(r.requestId))).toHaveLength(0);
    expect(
      (
        await node.get(
          `/packages/${(await ModelRegistry__factory.connect(chain.deployment.contracts.ModelRegistry, chain.provider).getModel(modelId)).modelHash}`,
        )
      ).status,
    ).toBe(404);
  }, 120_000);

  it('answers every API route with malformed parameters with 400 (or 404, 405) and a JSON code', async () => {
    const hash = chain.deployment.models[0]!.modelHash;
    const cases: [string, number, string, RegExp?][] = [
      ['/models?limit=0', 400, 'BAD_REQUEST', /query parameter limit: expected an integer from 1 to 100/],
      ['/models?limit=101', 400, 'BAD_REQUEST'],
      ['/models?cursor=abc', 400, 'BAD_REQUEST', /query parameter cursor/],
      ['/models?sort=fee', 400, 'BAD_REQUEST', /unknown query parameter "sort"/],
      ['/models/abc', 400, 'BAD_REQUEST', /path parameter id: expected a positive integer/],
      ['/models/0', 400, 'BAD_REQUEST'],
      ['/models/99999999999999999999', 400, 'BAD_REQUEST'],
      ['/models/999', 404, 'NOT_FOUND', /no model 999/],
      ['/models/1?x=1', 400, 'BAD_REQUEST'],
      ['/models/1/revenue?bucket=week', 400, 'BAD_REQUEST', /query parameter bucket/],
      ['/models/1/revenue?from=100&to=50', 400, 'BAD_REQUEST', /must be before/],
      ['/models/1/revenue?bucket=hour&from=0&to=100000000', 400, 'BAD_REQUEST', /at most 2000/],
      ['/models/1/revenue?from=-5', 400, 'BAD_REQUEST'],
      ['/models/999/revenue', 404, 'NOT_FOUND'],
      ['/requests?status=done', 400, 'BAD_REQUEST', /query parameter status/],
      ['/requests?requester=0x1234', 400, 'BAD_REQUEST', /expected an address/],
      ['/requests?operator=nobody', 400, 'BAD_REQUEST'],
      ['/requests?model=1&model=2', 400, 'BAD_REQUEST', /a repeated parameter/],
      ['/requests?cursor=-1', 400, 'BAD_REQUEST'],
      ['/requests?limit=1.5', 400, 'BAD_REQUEST'],
      ['/requests/1.5', 400, 'BAD_REQUEST'],
      ['/requests/123456', 404, 'NOT_FOUND', /no request 123456/],
      ['/sales?state=open', 400, 'BAD_REQUEST', /query parameter state/],
      ['/sales?model=x', 400, 'BAD_REQUEST'],
      ['/games?live=yes', 400, 'BAD_REQUEST', /query parameter live/],
      ['/games?player=0xzz', 400, 'BAD_REQUEST'],
      ['/games?request=0', 400, 'BAD_REQUEST'],
      ['/games/x', 400, 'BAD_REQUEST'],
      ['/games/77', 404, 'NOT_FOUND', /no game 77/],
      ['/packages/0x1234', 400, 'BAD_REQUEST', /a modelHash/],
      [`/packages/0x${'ab'.repeat(32)}`, 404, 'NOT_FOUND'],
      [`/packages/${hash}/secrets.txt`, 404, 'NOT_FOUND'],
      [`/packages/${hash}/..%2F..%2Fetc%2Fpasswd`, 400, 'BAD_REQUEST'],
      [`/packages/${hash}?v=1`, 400, 'BAD_REQUEST'],
      ['/nowhere', 404, 'NOT_FOUND', /no route GET \/nowhere/],
    ];
    for (const [route, status, code, message] of cases) {
      const res = await fetch(`${node.url}${route}`);
      const body = (await res.json()) as { code: string; message: string };
      expect({ route, status: res.status, code: body.code }).toEqual({ route, status, code });
      expect(typeof body.message).toBe('string');
      if (message) expect(body.message).toMatch(message);
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await fetch(`${node.url}/models`, { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
      expect(((await res.json()) as { code: string }).code).toBe('METHOD_NOT_ALLOWED');
    }
    const preflight = await fetch(`${node.url}/requests`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
    // and the well-formed routes answer
    for (const route of [
      '/health',
      '/node',
      '/models',
      '/models/1',
      '/models/1/revenue?bucket=day',
      '/requests?limit=2',
      '/sales',
      '/sales?state=succeeded',
      '/games',
      `/packages/${hash}`,
    ]) {
      expect((await fetch(`${node.url}${route}`)).status, route).toBe(200);
    }
    const manifest = (await (await fetch(`${node.url}/packages/${hash}`)).json()) as {
      paramsFile: string;
      commitment: { modelHash: string };
    };
    expect(manifest.commitment.modelHash).toBe(hash);
    const params = await fetch(`${node.url}/packages/${hash}/${manifest.paramsFile}`);
    expect(params.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await params.arrayBuffer())).toEqual(
      fs.readFileSync(path.join(MODELS_DIR, 'digits', manifest.paramsFile)),
    );
  }, 60_000);
});
