/**
 * Fault drills of the transaction side of the dispute game, against a real local chain and real node
 * processes: a dishonest operator (a build that lies about every result) against an honest verifier
 * that reaches the chain through a proxy losing 5 % of the answers; a game transaction stuck under a
 * risen base fee with mining off; a kill -9 of the verifier between a game transaction's broadcast
 * and its receipt; and `/ready` of a verifier whose key cannot pay the challenge bond.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Wallet, formatEther, parseEther } from 'ethers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AIOracle__factory,
  OpmlDisputeGame__factory,
  type AIOracle,
  type OpmlDisputeGame,
} from '../../typechain-types';
import { goldenDigitsInputs } from '../../scripts/runtime/goldenDigitsInputs';
import { encodeTextPrompt } from '../src/client/textCodec';
import { readGame } from '../src/dispute/players';
import { devWallet, startLocalChain, type LocalChain } from './support/localChain';
import { startNode, waitFor, type NodeProcess } from './support/nodeProcess';
import { gameCallsFrom } from './support/oracleCalls';
import { makeRequest, type MadeRequest } from './support/oracleRequests';
import { startFlakyRpcProxy, type FlakyRpcProxy } from './support/flakyRpcProxy';

const A = devWallet(6); // the demo operator (staked, every model): here a dishonest build
const V = devWallet(9); // a verifier: no stake, a funded key for bonds
const DIGITS = 1;
const TEXT = 3;
const SEED = Number(process.env.FAULT_DRILL_SEED ?? 11);
const DROP_RATE = Number(process.env.FAULT_DRILL_DROP_RATE ?? 0.05);
const DISHONEST = path.join(__dirname, 'support', 'dishonestNode.ts');
/** Both nodes replace a transaction pending this long (the default, 45 s, would outlast the drill). */
const REPLACE_AFTER_SEC = '3';

/** A transaction a node's sender logged: recorded (first signed) or a replacement. */
interface SentTx {
  nonce: number;
  hash: string;
  purpose?: string;
  replacement: boolean;
}

/** The transactions a node process logged, oldest first. */
function sentBy(node: NodeProcess): SentTx[] {
  return node.logs.flatMap((l): SentTx[] =>
    l.msg === 'transaction recorded'
      ? [{ nonce: Number(l.nonce), hash: String(l.hash), purpose: String(l.purpose), replacement: false }]
      : l.msg === 'replacing a stuck transaction'
        ? [{ nonce: Number(l.nonce), hash: String(l.hash), replacement: true }]
        : [],
  );
}

describe('fault drills: lossy RPC in front of the verifier, stuck and orphaned game transactions, an unfunded verifier', () => {
  let chain: LocalChain;
  let oracle: AIOracle;
  let game: OpmlDisputeGame;
  let nodeA: NodeProcess | undefined;
  let nodeV: NodeProcess | undefined;
  let spare: NodeProcess | undefined;
  let proxy: FlakyRpcProxy | undefined;
  const made: MadeRequest[] = [];
  /** The log lines of every verifier process, across its restart. */
  const vLogs: Record<string, unknown>[][] = [];
  const startV = () =>
    startNode({
      rpcUrl: proxy!.url,
      deploymentFile: chain.deploymentFile,
      dataDir: path.join(chain.dir, 'node-v'),
      key: V.privateKey,
      env: { IMO_ORACLE_MODE: 'verifier', IMO_ORACLE_REPLACE_AFTER_SEC: REPLACE_AFTER_SEC },
    });
  const nonces = async (address: string) => ({
    latest: await chain.provider.getTransactionCount(address, 'latest'),
    pending: await chain.provider.getTransactionCount(address, 'pending'),
  });
  /** Games V opened, by request. */
  const gamesOn = async (requestId: number) =>
    (await game.queryFilter(game.filters.GameOpened(undefined, requestId))).filter(
      (e) => e.args.challenger === V.address,
    );
  /**
   * With mining off, mines a block a second (the chain goes on) until V has a transaction in the
   * pool that is not mined; returns its nonces (`latest`: the first in the pool; `pending`: the next).
   */
  const untilVPending = async (): Promise<{ latest: number; pending: number }> =>
    waitFor(
      "a game transaction of the verifier's in the pool",
      async () => {
        const n = await nonces(V.address);
        if (n.pending > n.latest) return n;
        await chain.mine();
        await new Promise((r) => setTimeout(r, 750));
        return undefined;
      },
      120_000,
    );

  beforeAll(async () => {
    chain = await startLocalChain();
    oracle = AIOracle__factory.connect(chain.deployment.contracts.AIOracle, chain.provider);
    game = OpmlDisputeGame__factory.connect(chain.deployment.contracts.OpmlDisputeGame!, chain.provider);
    await chain.setIntervalMining(1000);
    proxy = await startFlakyRpcProxy(chain.rpcUrl, { dropRate: DROP_RATE, maxDelayMs: 300, seed: SEED });
    [nodeA, nodeV] = await Promise.all([
      startNode({
        rpcUrl: chain.rpcUrl,
        deploymentFile: chain.deploymentFile,
        dataDir: path.join(chain.dir, 'node-a'),
        key: A.privateKey,
        entry: DISHONEST,
        env: { IMO_TEST_LIE_SEED: String(SEED), IMO_ORACLE_REPLACE_AFTER_SEC: REPLACE_AFTER_SEC },
      }),
      startV(),
    ]);
    vLogs.push(nodeV.logs);
  }, 240_000);

  afterEach(async (context) => {
    // a drill that failed with mining off leaves the chain mining again for the next
    if (context.task.result?.state === 'fail') {
      await chain.setAutomine(true);
      await chain.setIntervalMining(1000);
    }
  });

  afterAll(async () => {
    // FAULT_DRILL_LOGS=<file>: every verifier process's log lines (and the operator's in <file>.a), to
    // diagnose a failed run
    const logFile = process.env.FAULT_DRILL_LOGS;
    if (logFile) {
      fs.writeFileSync(logFile, vLogs.flatMap((logs) => logs.map((l) => JSON.stringify(l))).join('\n'));
      fs.writeFileSync(`${logFile}.a`, (nodeA?.logs ?? []).map((l) => JSON.stringify(l)).join('\n'));
    }
    await Promise.all([nodeA?.stop(), nodeV?.stop(), spare?.stop()]);
    await proxy?.stop();
    await chain?.stop();
  }, 60_000);

  it('the verifier behind a lossy RPC challenges every lie inside the challenge window', async () => {
    const inputs = [
      ...goldenDigitsInputs()
        .slice(0, 3)
        .map((input) => ({ modelId: DIGITS, input })),
      { modelId: TEXT, input: encodeTextPrompt('And God said', 32) },
    ];
    for (const c of inputs) made.push(await makeRequest(chain.signer(0), oracle.target as string, c.modelId, c.input));
    const window = Number((await oracle.config()).challengeWindow);
    for (const m of made) {
      const [opened] = await waitFor(
        `the verifier's game on request ${m.requestId}`,
        async () => {
          const evs = await gamesOn(m.requestId);
          return evs.length > 0 ? evs : undefined;
        },
        90_000,
      );
      // the posting it struck, and when the challenge landed against the window
      const [posted] = await oracle.queryFilter(oracle.filters.ResultSubmitted(m.requestId), m.block);
      expect(posted!.args.operator).toBe(A.address);
      const postedAt = (await posted!.getBlock()).timestamp;
      const challengedAt = (await opened!.getBlock()).timestamp;
      // blocks mined meanwhile: a chain giving each block a second of its own would have moved its
      // clock at least that far (the local chain did until it kept the wall clock)
      const blocks = opened!.blockNumber - posted!.blockNumber;
      console.log(
        `request ${m.requestId}: challenged ${challengedAt - postedAt} s (chain) after the posting, ${blocks} blocks later`,
      );
      expect(challengedAt - postedAt).toBeLessThan(window);
    }
    console.log(`RPC answers lost by the verifier's proxy so far: ${JSON.stringify(proxy!.counts())}`);
  }, 180_000);

  it('a game transaction underpriced by a risen base fee is replaced (same nonce, higher fee) and only the replacement lands', async () => {
    // a game that is sure to be live for the drills
    made.push(await makeRequest(chain.signer(0), oracle.target as string, DIGITS, goldenDigitsInputs()[3]!));
    await waitFor('a game on the drill request', async () =>
      (await gamesOn(made.at(-1)!.requestId)).length > 0 ? true : undefined,
    );
    await chain.setIntervalMining(0);
    await chain.setAutomine(false);
    const nonce = (await untilVPending()).latest;
    const attempts = () => sentBy(nodeV!).filter((t) => t.nonce === nonce);
    // the attempt in the pool now (with nothing mined, the node may have replaced its first one already)
    const pooled = await waitFor('the pending transaction in the log and the pool', async () => {
      for (const [i, t] of [...attempts().entries()].reverse()) {
        const tx = await chain.provider.getTransaction(t.hash);
        if (tx) return { index: i, tx };
      }
      return undefined;
    });
    expect(pooled.tx.nonce).toBe(nonce);
    // the base fee rises past what the transaction offers: it cannot be mined as it is
    await chain.setNextBlockBaseFee(pooled.tx.maxFeePerGas! + 1n);
    const replacement = await waitFor(
      'the verifier to replace its stuck transaction',
      async () => attempts().find((t, i) => i > pooled.index && t.replacement),
      30_000,
    );
    const bumped = (await chain.provider.getTransaction(replacement.hash))!;
    expect(bumped.nonce).toBe(nonce);
    expect(bumped.maxFeePerGas!).toBeGreaterThan(pooled.tx.maxFeePerGas!);
    expect(bumped.data).toBe(pooled.tx.data);
    await chain.mine();
    await waitFor('the nonce to be mined', async () =>
      (await chain.provider.getTransactionCount(V.address, 'latest')) > nonce ? true : undefined,
    );
    // exactly one attempt landed, a replacement signed after the base fee rose
    const receipts = await Promise.all(attempts().map((t) => chain.provider.getTransactionReceipt(t.hash)));
    const landed = receipts.flatMap((r, i) => (r ? [{ index: i, status: r.status }] : []));
    expect(landed).toHaveLength(1);
    expect(landed[0]!.index).toBeGreaterThan(pooled.index);
    expect(landed[0]!.status).toBe(1);
  }, 180_000);

  it('a verifier killed between broadcasting a game transaction and its receipt finds it after the restart and sends no duplicate', async () => {
    await untilVPending();
    await nodeV!.kill();
    const n = await nonces(V.address); // the pool as the node left it
    // what it had in flight: nonces n.latest … n.pending - 1, each with its calldata
    const before = sentBy(nodeV!).filter((t) => t.nonce >= n.latest);
    const inFlight = new Set<string>();
    for (const t of before) {
      const tx = await chain.provider.getTransaction(t.hash);
      if (tx) inFlight.add(tx.data);
    }
    expect(inFlight.size).toBe(n.pending - n.latest);
    nodeV = await startV();
    vLogs.push(nodeV.logs);
    // the restarted node looks its transactions up instead of sending the moves again
    await waitFor('the restarted verifier to look at its transactions', async () =>
      nodeV!.logs.some((l) => l.msg === 'oracle node started') ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 5000));
    const anew = sentBy(nodeV!).filter((t) => !t.replacement);
    for (const t of anew) {
      expect(t.nonce).toBeGreaterThanOrEqual(n.pending);
      expect(inFlight.has((await chain.provider.getTransaction(t.hash))?.data ?? '')).toBe(false);
    }
    expect(await chain.provider.getTransactionCount(V.address, 'latest')).toBe(n.latest);
    await chain.mine();
    await chain.setAutomine(true);
    await chain.setIntervalMining(1000);
    await waitFor('the transactions in flight at the kill to be mined', async () =>
      (await chain.provider.getTransactionCount(V.address, 'latest')) >= n.pending ? true : undefined,
    );
    // each nonce in flight landed once, as a transaction signed before the kill or its replacement
    const signed = [...before, ...sentBy(nodeV!)].filter((t) => t.nonce < n.pending);
    for (let nonce = n.latest; nonce < n.pending; nonce++) {
      const receipts = await Promise.all(
        signed.filter((t) => t.nonce === nonce).map((t) => chain.provider.getTransactionReceipt(t.hash)),
      );
      expect(receipts.filter((r) => r !== null).map((r) => r!.status)).toEqual([1]);
    }
  }, 180_000);

  it('every game ends with the verifier winning, and none of its game transactions was sent twice', async () => {
    for (const m of made) {
      await waitFor(
        `the verifier's game on request ${m.requestId} to end and settle`,
        async () => {
          const [opened] = await gamesOn(m.requestId);
          if (!opened) return undefined;
          const id = opened.args.gameId;
          const settled = await game.queryFilter(game.filters.GameSettled(id));
          return (await readGame(game, id)).phase === 'challengerWon' && settled.length === 1 ? true : undefined;
        },
        180_000,
      );
      expect(await gamesOn(m.requestId)).toHaveLength(1);
      const struck = await oracle.queryFilter(oracle.filters.ResultStruck(m.requestId), m.block);
      expect(struck).toHaveLength(1);
    }
    const calls = await gameCallsFrom(chain.provider, game.target as string, V.address, made[0]!.block);
    const byName: Record<string, number> = {};
    for (const c of calls) byName[c.name] = (byName[c.name] ?? 0) + 1;
    console.log(`the verifier's game transactions: ${JSON.stringify(byName)}`);
    expect(calls.filter((c) => !c.ok)).toEqual([]);
    expect(byName.challenge).toBe(made.length);
    expect(byName.settle).toBe(made.length);
    // no move, challenge or settlement twice: every such mined call's data is unique (withdraw() has no arguments)
    const played = calls.filter((c) => c.name !== 'withdraw');
    expect(new Set(played.map((c) => c.data)).size).toBe(played.length);
    expect(proxy!.counts().dropped).toBeGreaterThan(0);
  }, 240_000);

  it('/ready of a verifier whose key cannot pay the challenge bond says so, and turns ready once funded', async () => {
    const poor = Wallet.createRandom();
    spare = await startNode({
      rpcUrl: chain.rpcUrl,
      deploymentFile: chain.deploymentFile,
      dataDir: path.join(chain.dir, 'node-poor'),
      key: poor.privateKey,
      env: { IMO_ORACLE_MODE: 'verifier' },
    });
    const bond = await game.challengeBond();
    const unready = await waitFor('the signer check', async () => {
      const r = await spare!.get<{
        ready: boolean;
        checks: Record<string, { ok: boolean; balance?: string | null }>;
        reasons: string[];
      }>('/ready');
      return typeof r.body.checks.signer?.balance === 'string' && r.body.checks.chain?.ok ? r : undefined;
    });
    expect(unready.status).toBe(503);
    expect(unready.body.ready).toBe(false);
    expect(unready.body.reasons).toEqual([
      expect.stringMatching(
        new RegExp(
          `^signer: balance 0\\.0 ETH is below the challenge bond ${formatEther(bond)} ETH plus minBalanceEth`,
        ),
      ),
    ]);
    await (await chain.signer(0).sendTransaction({ to: poor.address, value: bond + parseEther('0.05') })).wait();
    await waitFor('the funded verifier to be ready', async () => {
      const r = await spare!.get<{ ready: boolean }>('/ready');
      return r.status === 200 && r.body.ready ? true : undefined;
    });
  }, 120_000);
});
