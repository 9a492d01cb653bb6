import path from 'node:path';
import { hexlify, type Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ModelToken__factory,
  OpmlDisputeGame__factory,
  PromptConsumer__factory,
  type PromptConsumer,
} from '../../typechain-types';
import { goldenDigitsInputs } from '../../scripts/runtime/goldenDigitsInputs';
import { encodeTextPrompt } from '../src/client/textCodec';
import { MODELS_DIR, readModelPackage } from '../src/node/readModelPackage';
import { OracleClient } from '../src/client/oracleClient';
import { registryCommitment, runModel } from '../src/runtime';
import { devWallet, startLocalChain, type LocalChain } from './support/localChain';
import { startNode, waitFor, type NodeProcess } from './support/nodeProcess';
import { countFor, oracleCallsFrom } from './support/oracleCalls';
import { makeRequest } from './support/oracleRequests';

const OPERATOR = devWallet(6);
const GAS_PRICE = 2_000_000_000n;
/** ModelToken's fixed-point scale. */
const MAGNITUDE = 2n ** 64n;
/** The poll interval of the last test's node: long, so that a result waiting for a read would show. */
const SLOW_POLL_MS = 2000;

interface RequestView {
  status: string;
  operator: string | null;
  job: { state: string } | null;
}

describe('oracle node, end to end on a local chain', () => {
  let chain: LocalChain;
  let node: NodeProcess;
  let consumer: PromptConsumer;
  const answered: number[] = [];

  beforeAll(async () => {
    chain = await startLocalChain();
    await chain.setIntervalMining(500);
    node = await startNode({
      rpcUrl: chain.rpcUrl,
      deploymentFile: chain.deploymentFile,
      dataDir: path.join(chain.dir, 'node'),
      key: OPERATOR.privateKey,
    });
    consumer = await new PromptConsumer__factory(chain.signer(0) as unknown as Wallet).deploy(
      chain.deployment.contracts.AIOracle,
    );
    await consumer.waitForDeployment();
  }, 240_000);

  afterAll(async () => {
    await node?.stop();
    await chain?.stop();
  }, 60_000);

  const cases = [
    { name: 'digits', input: () => goldenDigitsInputs()[0]! },
    { name: 'digits-lite', input: () => goldenDigitsInputs()[1]! },
    { name: 'kjv-textgen', input: () => encodeTextPrompt('In the beginning God created', 32) },
  ];

  for (const c of cases) {
    it(`answers and finalizes a ${c.name} request: the callback gets the model's bytes, holders their share`, async () => {
      const model = chain.deployment.models.find((m) => m.name === c.name)!;
      const pkg = readModelPackage(path.join(MODELS_DIR, c.name));
      const input = c.input();
      const expected = hexlify((await runModel(pkg, input)).output);
      const token = ModelToken__factory.connect(model.token, chain.provider);
      const holder = pkg.manifest.developer;
      const [balance, eligible, claimableBefore, perTokenBefore] = await Promise.all([
        token.balanceOf(holder),
        token.eligibleSupply(),
        token.claimable(holder),
        token.magnifiedRevenuePerToken(),
      ]);

      const oracleFee = 10n ** 15n; // the demo's fee: 0.001 ETH
      const gasLimit = await consumer.CALLBACK_GAS_LIMIT();
      const tx = await consumer
        .connect(chain.signer(3) as unknown as Wallet)
        .calculateAIResult(model.id, input, { value: oracleFee + gasLimit * GAS_PRICE, gasPrice: GAS_PRICE, type: 0 });
      const receipt = (await tx.wait())!;
      const requestId = Number(
        receipt.logs.map((l) => consumer.interface.parseLog(l)).find((p) => p?.name === 'promptRequest')!.args
          .requestId,
      );

      const posted = await waitFor('the node to post a result', async () => {
        const { body } = await node.get<RequestView>(`/requests/${requestId}`);
        return body.status === 'submitted' ? body : undefined;
      });
      expect(posted.operator).toBe(OPERATOR.address);
      await chain.advance(31); // past the challenge window
      await waitFor('the node to finalize', async () => {
        const { body } = await node.get<RequestView>(`/requests/${requestId}`);
        return body.status === 'finalized' && body.job?.state === 'finalized' ? body : undefined;
      });

      const stored = await consumer.requests(requestId);
      expect(stored.output).toBe(expected);

      const deposits = await token.queryFilter(
        token.filters.RevenueDeposited(chain.deployment.contracts.AIOracle),
        receipt.blockNumber,
      );
      expect(deposits).toHaveLength(1);
      const { amount, reserved } = deposits[0]!.args;
      expect(amount).toBe((oracleFee * 6000n) / 10_000n); // the holders' 60 %
      expect(reserved).toBe((amount * 1000n) / 10_000n); // the token's 10 % redemption reserve
      // The distributable part went to the eligible supply (2^64 fixed point; the remainder below one
      // unit per token is carried, as the token documents), and the holder earned its balance's share.
      const perToken = (await token.magnifiedRevenuePerToken()) - perTokenBefore;
      const distributed = (amount - reserved) * MAGNITUDE;
      expect(perToken * eligible > distributed - eligible && perToken * eligible < distributed + eligible).toBe(true);
      const gained = (await token.claimable(holder)) - claimableBefore;
      const share = (perToken * balance) / MAGNITUDE;
      expect([share, share + 1n]).toContain(gained);
      answered.push(requestId);
    }, 120_000);
  }

  it('sent one submission and one finalization per request, all of them mined', async () => {
    const calls = await oracleCallsFrom(chain.provider, chain.deployment.contracts.AIOracle, OPERATOR.address);
    for (const id of answered) expect(countFor(calls, id)).toEqual({ submits: 1, finalizes: 1, failed: 0 });
    expect(calls.every((c) => c.ok)).toBe(true);
    // the drawn primary's submissions go unsimulated, with a computed limit about twice what they use
    // (an estimate would have given 1.2×)
    const submits = calls.filter((c) => c.name === 'submit' || c.name === 'submitBatch');
    expect(submits.length).toBeGreaterThan(0);
    for (const c of submits) {
      expect(Number(c.gasLimit) / Number(c.gasUsed)).toBeGreaterThan(1.5);
      expect(Number(c.gasLimit) / Number(c.gasUsed)).toBeLessThan(5);
    }
    const metrics = await (await fetch(`${node.url}/metrics`)).text();
    expect(metrics).toMatch(/imo_oracle_jobs\{state="finalized"\} 3/);
    expect(metrics).toMatch(/imo_oracle_inference_seconds_count\{model="3"\} 1/);
    const ready = await node.get<{ ready: boolean }>('/ready');
    expect(ready).toMatchObject({ status: 200, body: { ready: true } });
    // the default backend setting is auto: WebAssembly here (no hardware adapter), saying why
    expect(ready.body).toMatchObject({ checks: { backend: { ok: true, mode: 'auto', kind: 'wasm' } } });
    expect(metrics).toMatch(/imo_oracle_runtime_backend_info\{mode="auto",kind="wasm",name="wasm-simd",adapter=""\} 1/);
    // the node process runs on the same Node.js as this suite (CI runs it on 20 and on 24)
    const info = await node.get<{ nodeVersion: string; mode: string; operator: string }>('/node');
    expect(info.body).toMatchObject({ nodeVersion: process.version, mode: 'operator', operator: OPERATOR.address });
    // the operator key never reached a log line or an API response
    const secret = OPERATOR.privateKey.slice(2).toLowerCase();
    expect((JSON.stringify(node.logs) + node.text()).toLowerCase()).not.toContain(secret);
    for (const route of ['/node', '/ready', '/metrics', '/requests?limit=100']) {
      expect((await (await fetch(`${node.url}${route}`)).text()).toLowerCase()).not.toContain(secret);
    }
  });

  it('finalizes nothing while a game is open on its result; the API shows the game; the node defends it and times out a silent challenger', async () => {
    const oracleAddress = chain.deployment.contracts.AIOracle;
    const input = goldenDigitsInputs()[3]!;
    const r = await makeRequest(chain.signer(3) as unknown as Wallet, oracleAddress, 1, input);
    await waitFor('the node to post a result', async () => {
      const { body } = await node.get<RequestView>(`/requests/${r.requestId}`);
      return body.status === 'submitted' ? true : undefined;
    });
    const result = await new OracleClient(oracleAddress, chain.provider).getResult(BigInt(r.requestId));
    const game = OpmlDisputeGame__factory.connect(
      chain.deployment.contracts.OpmlDisputeGame!,
      chain.signer(5) as unknown as Wallet,
    );
    const commitment = registryCommitment(readModelPackage(path.join(MODELS_DIR, 'digits')).manifest);
    const opened = await (
      await game.challenge(r.requestId, r.params, result.posted, result.output, result.stateRoot, input, commitment, {
        value: await game.challengeBond(),
      })
    ).wait();
    const gameId = Number(
      opened!.logs.map((l) => game.interface.parseLog(l)).find((p) => p?.name === 'GameOpened')!.args.gameId,
    );

    await chain.advance(31); // the challenge window closes, but a game is open
    // the node answers the challenge (its move) and the result stays held while the game is open
    await waitFor('the node to make its move', async () => {
      const { body } = await node.get<{ items: Record<string, unknown>[] }>(`/games?request=${r.requestId}&live=true`);
      return body.items[0]?.mover === 'challenger' ? true : undefined;
    });
    const held = await node.get<RequestView & { openGames: number; games: number[] }>(`/requests/${r.requestId}`);
    expect(held.body).toMatchObject({
      status: 'submitted',
      openGames: 1,
      games: [gameId],
      job: { state: 'submitted' },
    });
    const live = await node.get<{ items: Record<string, unknown>[] }>(`/games?request=${r.requestId}&live=true`);
    expect(live.body.items).toHaveLength(1);
    expect(live.body.items[0]).toMatchObject({
      id: gameId,
      live: true,
      mover: 'challenger',
      proposer: OPERATOR.address,
    });
    const [, , , , , , deadline] = await game.gameState(gameId);
    expect(live.body.items[0]!.moverDeadline).toBe(Number(deadline));

    await chain.advance(301); // the challenger never answers: its clock runs out
    const final = await waitFor('the node to time the challenger out, settle and finalize', async () => {
      const { body } = await node.get<RequestView & { attempt: number }>(`/requests/${r.requestId}`);
      return body.job?.state === 'finalized' ? body : undefined;
    });
    expect(final).toMatchObject({ status: 'finalized', attempt: 0 });
    const ended = await node.get<Record<string, unknown>>(`/games/${gameId}`);
    expect(ended.body).toMatchObject({
      phase: 'ProposerWon',
      live: false,
      mover: null,
      settled: true,
      settlement: { outcome: 'ProposerWon' },
    });
    const calls = await oracleCallsFrom(chain.provider, oracleAddress, OPERATOR.address, r.block);
    expect(countFor(calls, r.requestId)).toEqual({ submits: 1, finalizes: 1, failed: 0 });
  }, 120_000);

  it('keeps the wall clock under a burst of transactions (windows keep their length under load)', async () => {
    const sender = chain.signer(1);
    const to = await sender.getAddress();
    const before = (await chain.provider.getBlock('latest'))!;
    const startedMs = Date.now();
    for (let i = 0; i < 40; i++) await (await sender.sendTransaction({ to, value: 1n })).wait();
    const after = (await chain.provider.getBlock('latest'))!;
    const wallS = (Date.now() - startedMs) / 1000;

    expect(after.number - before.number).toBeGreaterThanOrEqual(40);
    // one second per automined block (Hardhat's default) would put the chain 40 s ahead
    expect(after.timestamp - before.timestamp).toBeLessThanOrEqual(Math.ceil(wallS) + 2);
  });

  it('reads the chain once per poll interval, and submits results as they are computed, not at the next read', async () => {
    // the same node restarted with a long poll interval, so that waiting for a read would show
    await node.stop();
    node = await startNode({
      rpcUrl: chain.rpcUrl,
      deploymentFile: chain.deploymentFile,
      dataDir: path.join(chain.dir, 'node'),
      key: OPERATOR.privateKey,
      env: { IMO_ORACLE_POLL_INTERVAL_MS: String(SLOW_POLL_MS) },
    });
    await waitFor('the node caught up', async () => ((await node.get('/ready')).status === 200 ? true : undefined));
    const metric = async (name: string, label: string) => {
      const text = await (await fetch(`${node.url}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith(`${name}{${label}} `));
      return Number(line?.split(' ')[1] ?? 0);
    };
    const oracleAddress = chain.deployment.contracts.AIOracle;
    const logsBefore = await metric('imo_oracle_rpc_calls_total', 'method="eth_getLogs"');
    const startedMs = Date.now();
    const made: number[] = [];
    const input = goldenDigitsInputs()[1]!;
    await Promise.all(
      [2, 3, 4, 5].map(async (account) => {
        // at most 40: each result locks a bond of the demo operator's stake until it is final
        while (Date.now() - startedMs < 3 * SLOW_POLL_MS && made.length < 40) {
          const r = await makeRequest(chain.signer(account) as unknown as Wallet, oracleAddress, 1, input);
          made.push(r.requestId);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }),
    );
    const logs = (await metric('imo_oracle_rpc_calls_total', 'method="eth_getLogs"')) - logsBefore;
    const elapsedMs = Date.now() - startedMs;
    const submittingAfterMs: number[] = [];
    for (const id of made) {
      const history = await waitFor(`request ${id} submitted`, async () => {
        const { body } = await node.get<{ job: { history: { atMs: number; to: string }[] } | null }>(`/requests/${id}`);
        const h = body.job?.history ?? [];
        return h.some((e) => e.to === 'submitting') ? h : undefined;
      });
      const at = (to: string) => history.find((e) => e.to === to)!.atMs;
      submittingAfterMs.push(at('submitting') - at('queued'));
    }
    // one range read per interval, however many requests arrive
    expect(logs).toBeLessThanOrEqual(Math.ceil(elapsedMs / SLOW_POLL_MS) + 2);
    // a result goes out once it is computed (the worker pool wakes the loop), not a poll interval later
    submittingAfterMs.sort((a, b) => a - b);
    expect(submittingAfterMs[Math.floor(submittingAfterMs.length / 2)]!).toBeLessThan(SLOW_POLL_MS / 2);
  });
});
