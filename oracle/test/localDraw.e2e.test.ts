import fs from 'node:fs';
import path from 'node:path';
import { ZeroAddress, getBytes, hexlify, parseEther, type Wallet } from 'ethers';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AIOracle__factory, type AIOracle } from '../../typechain-types';
import { goldenDigitsInputs } from '../../scripts/runtime/goldenDigitsInputs';
import { ChainWatcher } from '../src/service/chain/ChainWatcher';
import { CONTRACT_INTERFACES } from '../src/service/chain/contractEvents';
import { IndexStore } from '../src/service/chain/IndexStore';
import { LocalDraw } from '../src/service/chain/LocalDraw';
import { readRequestTerms } from '../src/service/chain/requestTerms';
import { submitGasLimit } from '../src/service/jobs/JobRunner';
import { openDatabase, type OpenDatabaseReturnType } from '../src/service/jobs/openDatabase';
import { devWallet, startLocalChain, type LocalChain } from './support/localChain';
import { makeRequest, type MadeRequest } from './support/oracleRequests';

const DIGITS = 1;
const INPUT = goldenDigitsInputs()[0]!;
/** Operators besides the demo's (dev account 6, 10 ETH): account → stake in ETH. */
const OPERATORS: [number, string][] = [
  [8, '1'],
  [9, '3'],
  [11, '6'],
];
/** Seconds past the longest response window: an operator's stake may change again after it. */
const SETTLE_S = 25;

/**
 * The node's draw from its index against the oracle's own `primaryOf`, over several operators and
 * stakes, with stakes, memberships and exits changing between requests.
 */
describe('LocalDraw: the drawn primary from the index', () => {
  let chain: LocalChain;
  let oracle: AIOracle;
  let store: OpenDatabaseReturnType;
  let watcher: ChainWatcher;
  let draw: LocalDraw;
  /** When the last operator opted in. */
  let settledAt: number;

  const operatorOracle = (account: number) => oracle.connect(chain.signer(account) as unknown as Wallet);
  const request = () =>
    makeRequest(chain.signer(3) as unknown as Wallet, chain.deployment.contracts.AIOracle, DIGITS, INPUT);
  const index = async () => {
    while (!(await watcher.step()).caughtUp);
  };
  const openedAt = (r: MadeRequest) => Number(r.attempt.deadline) - Number(r.params.timeout);
  /** Sends an operator's transaction; returns its block's timestamp. */
  const change = async (tx: Promise<{ wait(): Promise<{ blockNumber: number } | null> }>) => {
    const receipt = (await (await tx).wait())!;
    const at = (await chain.provider.getBlock(receipt.blockNumber))!.timestamp;
    await chain.advance(1); // the next requests open after it (blocks may share a second)
    return at;
  };
  /**
   * The index decides a draw exactly when the attempt opened after the last stake or membership
   * change (a block can share its second with the next) and its seed block is indexed (all but the
   * last request's): there the local draw must be the oracle's, elsewhere it must leave it to the chain.
   */
  const expectExact = (requests: MadeRequest[], draws: { local?: string; onChain: string }[], changedAt: number) => {
    draws.forEach((d, i) => {
      const decidable = openedAt(requests[i]!) > changedAt && i < draws.length - 1;
      expect(d.local).toBe(decidable ? d.onChain : undefined);
    });
    expect(draws.filter((d) => d.local !== undefined).length).toBeGreaterThan(draws.length / 2);
  };
  /**
   * Each request's draw locally (undefined: left to the chain) and on chain. The last request's seed
   * block holds no event, so the index does not hold its hash: the chain decides that one.
   */
  const compare = async (requests: MadeRequest[]) => {
    await chain.mine(2); // every draw's seed block exists
    await index();
    const out: { local: string | undefined; onChain: string }[] = [];
    for (const r of requests) {
      const terms = readRequestTerms(store.db, r.requestId)!;
      const onChain = await oracle.primaryOf(r.requestId, r.params, r.attempt);
      out.push({ local: await draw.primaryOf(terms), onChain });
    }
    return out;
  };

  beforeAll(async () => {
    chain = await startLocalChain();
    oracle = AIOracle__factory.connect(chain.deployment.contracts.AIOracle, chain.provider);
    for (const [account, eth] of OPERATORS) {
      await change(operatorOracle(account).stake({ value: parseEther(eth) }));
      settledAt = await change(operatorOracle(account).optIn(DIGITS));
    }
    store = openDatabase(path.join(chain.dir, 'draw'), {
      chainId: 31337,
      genesisHash: (await chain.provider.getBlock(0))!.hash!,
      deploymentKey: `0x${'2'.repeat(64)}`,
      signer: 'readonly',
    });
    const d = chain.deployment.contracts;
    watcher = new ChainWatcher({
      provider: chain.provider,
      store: new IndexStore(store.db, { clockBudget: 300, inclusionDelay: 15 }),
      addresses: { oracle: d.AIOracle, registry: d.ModelRegistry, factory: d.LaunchFactory, game: d.OpmlDisputeGame },
      confirmations: 0,
      blockRange: 500,
      maxReorgDepth: 64,
      startBlock: chain.deployment.blockNumber,
      log: pino({ level: 'silent' }),
    });
    draw = new LocalDraw(store.db, chain.provider, d.AIOracle);
  }, 240_000);

  afterAll(async () => {
    store?.close();
    await chain?.stop();
    if (chain) fs.rmSync(chain.dir, { recursive: true, force: true });
  }, 60_000);

  it('decides every first attempt opened after the last stake change, as the oracle does', async () => {
    await chain.advance(SETTLE_S);
    const requests: MadeRequest[] = [];
    for (let i = 0; i < 24; i++) requests.push(await request());
    const draws = await compare(requests);
    expectExact(requests, draws, settledAt);
    // four operators with 10, 1, 3 and 6 ETH: more than one of them is drawn in 24 requests
    expect(new Set(draws.map((d) => d.onChain)).size).toBeGreaterThan(1);
    expect(draws.every((d) => d.onChain !== ZeroAddress)).toBe(true);

    // The most drawn operator posts its results in one unsimulated batch, as a node does, with the
    // computed gas limit: enough for the draws over four members, and not far above what it uses.
    const counts = new Map<string, number>();
    for (const d of draws) counts.set(d.onChain, (counts.get(d.onChain) ?? 0) + 1);
    const [primary] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const account = [6, ...OPERATORS.map(([a]) => a)].find((a) => devWallet(a).address === primary)!;
    const { resultBond } = await oracle.config();
    const op = await oracle.operatorOf(primary);
    const mine = requests.filter((_, i) => draws[i]!.onChain === primary);
    const batch = mine.slice(0, Math.min(mine.length, Number((op.stake - op.locked) / resultBond)));
    expect(batch.length).toBeGreaterThan(1);
    const data = getBytes(
      CONTRACT_INTERFACES.oracle.encodeFunctionData('submitBatch', [
        batch.map((r) => ({
          requestId: r.requestId,
          params: r.params,
          attempt: r.attempt,
          output: new Uint8Array(Number(r.params.outputLength)).fill(7),
          stateRoot: `0x${'11'.repeat(32)}`,
        })),
      ]),
    );
    const gasLimit = submitGasLimit(data, batch.length, draw.memberCount(DIGITS)!);
    const receipt = (await (
      await chain.signer(account).sendTransaction({ to: oracle.target, data: hexlify(data), gasLimit })
    ).wait())!;
    expect(receipt.status).toBe(1);
    expect(Number(gasLimit) / Number(receipt.gasUsed)).toBeGreaterThan(1.2);
    expect(Number(gasLimit) / Number(receipt.gasUsed)).toBeLessThan(2.5);
  });

  it('leaves attempts opened before a stake change to the chain, and mirrors the new weights after it', async () => {
    const before = [await request(), await request()];
    const changedAt = await change(operatorOracle(8).stake({ value: parseEther('20') })); // now the heaviest
    const after: MadeRequest[] = [];
    for (let i = 0; i < 16; i++) after.push(await request());
    const requests = [...before, ...after];
    const draws = await compare(requests);
    // the oracle keeps the earlier draws as they were; the index cannot tell them from the new stake
    expect(draws.slice(0, 2).map((d) => d.local)).toEqual([undefined, undefined]);
    expectExact(requests, draws, changedAt);
    expect(draws.slice(2).map((d) => d.onChain)).toContain(await chain.signer(8).getAddress());
  });

  it('follows an operator that leaves the model and one that starts to exit', async () => {
    await chain.advance(SETTLE_S);
    await change(operatorOracle(9).optOut(DIGITS));
    const changedAt = await change(operatorOracle(11).requestExit());
    const after: MadeRequest[] = [];
    for (let i = 0; i < 16; i++) after.push(await request());
    const draws = await compare(after);
    expectExact(after, draws, changedAt);
    const gone = await Promise.all([chain.signer(9).getAddress(), chain.signer(11).getAddress()]);
    for (const d of draws) expect(gone).not.toContain(d.onChain);
  });
});
