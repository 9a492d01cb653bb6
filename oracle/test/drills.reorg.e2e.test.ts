/**
 * Reorg drills, against a real local chain and real node processes: the chain is reverted to a
 * snapshot (Hardhat's `evm_revert`, which also takes back the nonces and the pool) so that a result
 * the operator's node posted, or a move of a game in progress, is no longer on it; the node must
 * notice and post or play again, as the chain now stands, exactly once. `DRILL_LOG_DIR` keeps each
 * node's JSON log there (to diagnose a failure).
 */
import fs from 'node:fs';
import path from 'node:path';
import { hexlify, type Log, type Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AIOracle__factory,
  OpmlDisputeGame__factory,
  type AIOracle,
  type OpmlDisputeGame,
} from '../../typechain-types';
import { goldenDigitsInputs } from '../../scripts/runtime/goldenDigitsInputs';
import { MODELS_DIR, readModelPackage } from '../src/node/readModelPackage';
import { runModel } from '../src/runtime';
import { devWallet, startLocalChain, type LocalChain } from './support/localChain';
import { startNode, waitFor, type NodeProcess } from './support/nodeProcess';
import { countFor, oracleCallsFrom } from './support/oracleCalls';
import { makeRequest } from './support/oracleRequests';
import { lieFor } from './support/dishonesty';

const A = devWallet(6); // the demo operator (10 ETH staked, every model): the only member, so always drawn
const V = devWallet(9); // a verifier: no stake, a funded key for bonds
const USER = 3;
const DIGITS = 1;
const DISHONEST = path.join(__dirname, 'support', 'dishonestNode.ts');
/** The game's events that record a move (one per move transaction). */
const MOVE_EVENTS = new Set([
  'OutputChecked',
  'Bisected',
  'BisectionAnswered',
  'SlotUpdated',
  'ChildrenRevealed',
  'ChildPicked',
  'ChunkRevealed',
  'OneStepDecided',
]);

interface RequestView {
  status: string;
  operator: string | null;
  postings: { operator: string; at: number }[];
}
interface GameView {
  id: number;
  phase: string;
  settled: boolean;
  proposer: string;
  challenger: string;
  moveCount: number;
}
interface MoveOnChain {
  name: string;
  block: number;
  hash: string;
  from: string;
  data: string;
}

describe('reorg drills: a posted result and a game move removed from the chain', () => {
  let chain: LocalChain;
  let oracle: AIOracle;
  let game: OpmlDisputeGame;
  let nodeA: NodeProcess | undefined;
  let nodeV: NodeProcess | undefined;
  const started: [string, NodeProcess][] = [];
  const startA = async (env?: Record<string, string>) => {
    nodeA = await startNode({
      rpcUrl: chain.rpcUrl,
      deploymentFile: chain.deploymentFile,
      dataDir: path.join(chain.dir, 'node-a'),
      key: A.privateKey,
      ...(env ? { entry: DISHONEST, env } : {}),
    });
    started.push([`a${started.length}`, nodeA]);
  };
  const request = (input: Uint8Array) =>
    makeRequest(chain.signer(USER) as unknown as Wallet, chain.deployment.contracts.AIOracle, DIGITS, input);
  const waitStatus = (node: NodeProcess, id: number, status: string, timeoutMs = 90_000) =>
    waitFor(
      `request ${id} to be ${status}`,
      async () => {
        const { status: code, body } = await node.get<RequestView>(`/requests/${id}`);
        return code === 200 && body.status === status ? body : undefined;
      },
      timeoutMs,
    );
  const metric = async (node: NodeProcess, pattern: RegExp) =>
    Number(
      pattern.exec(await (await fetch(`${node.url}/metrics`, { signal: AbortSignal.timeout(5000) })).text())?.[1] ?? 0,
    );
  const reorgs = (node: NodeProcess) => metric(node, /imo_oracle_reorgs_total (\d+)/);
  /** The move transactions of game `gameId` on the chain as it stands, from block `fromBlock`. */
  const movesOnChain = async (gameId: number, fromBlock: number): Promise<MoveOnChain[]> => {
    const logs: Log[] = await chain.provider.getLogs({ address: game.target as string, fromBlock, toBlock: 'latest' });
    const out: MoveOnChain[] = [];
    for (const log of logs) {
      const parsed = game.interface.parseLog(log);
      if (!parsed || !MOVE_EVENTS.has(parsed.name) || Number(parsed.args.gameId) !== gameId) continue;
      const tx = (await chain.provider.getTransaction(log.transactionHash))!;
      out.push({ name: parsed.name, block: log.blockNumber, hash: log.transactionHash, from: tx.from, data: tx.data });
    }
    return out;
  };

  beforeAll(async () => {
    chain = await startLocalChain();
    oracle = AIOracle__factory.connect(chain.deployment.contracts.AIOracle, chain.provider);
    game = OpmlDisputeGame__factory.connect(chain.deployment.contracts.OpmlDisputeGame!, chain.provider);
    await chain.setIntervalMining(1000);
    await startA();
  }, 240_000);

  afterAll(async () => {
    await Promise.all([nodeA?.stop(), nodeV?.stop()]);
    if (process.env.DRILL_LOG_DIR) {
      for (const [name, node] of started) {
        fs.writeFileSync(
          path.join(process.env.DRILL_LOG_DIR, `node-${name}.log`),
          node.logs.map((l) => JSON.stringify(l)).join('\n'),
        );
      }
    }
    await chain?.stop();
  }, 60_000);

  it('a reorg that removes a posted result: the node posts it again, and the request is answered and finalized once', async () => {
    const input = goldenDigitsInputs()[1]!;
    const truth = hexlify((await runModel(readModelPackage(path.join(MODELS_DIR, 'digits')), input)).output);
    // no blocks but the ones the drill mines: the node may answer once the draw's block has a successor
    await chain.setIntervalMining(0);
    const r = await request(input);
    await chain.mine(1); // the draw's block (its hash picks the primary): not yet readable by a transaction
    await waitFor('the node to index the request', async () =>
      (await nodeA!.get(`/requests/${r.requestId}`)).status === 200 ? true : undefined,
    );
    const snapshot = await chain.snapshot(); // the request and its draw are mined; the result is not
    const reorgsBefore = await reorgs(nodeA!);
    const submitsSent = () => metric(nodeA!, /imo_oracle_transactions_sent_total\{purpose="submit"\} (\d+)/);
    const sentBefore = await submitsSent();
    await chain.mine(1); // now the node answers (automine mines its submission at once)
    await waitStatus(nodeA!, r.requestId, 'submitted');
    const [posted] = (await oracleCallsFrom(chain.provider, oracle.target as string, A.address, r.block)).filter((c) =>
      c.requestIds.includes(r.requestId),
    );
    expect(posted?.name).toMatch(/^submit/);

    await chain.revert(snapshot);
    expect(await chain.provider.getTransaction(posted!.hash)).toBeNull(); // the posting is gone, pool and all
    expect(await oracle.queryFilter(oracle.filters.ResultSubmitted(r.requestId), r.block)).toHaveLength(0);
    await chain.setIntervalMining(1000);

    await waitFor('the node to see the reorg', async () => ((await reorgs(nodeA!)) > reorgsBefore ? true : undefined));
    const again = await waitStatus(nodeA!, r.requestId, 'submitted');
    expect(again.operator).toBe(A.address);
    expect(again.postings).toHaveLength(1);
    expect(await submitsSent()).toBe(sentBefore + 1); // the recorded submission re-broadcast, none signed anew
    await chain.advance(31); // the challenge window
    await waitStatus(nodeA!, r.requestId, 'finalized');
    expect(await oracle.isFinalized(r.requestId)).toBe(true);
    const calls = await oracleCallsFrom(chain.provider, oracle.target as string, A.address, r.block);
    expect(countFor(calls, r.requestId)).toEqual({ submits: 1, finalizes: 1, failed: 0 });
    const postings = await oracle.queryFilter(oracle.filters.ResultSubmitted(r.requestId), r.block);
    expect(postings).toHaveLength(1);
    expect(postings[0]!.args.output).toBe(truth);
  }, 180_000);

  it('a reorg that removes a game move: its node plays it again, and the honest verifier wins a padding lie', async () => {
    // A turns dishonest (every result lies in one padding byte); a verifier watches
    await nodeA!.stop();
    await startA({ IMO_TEST_LIE_SEED: '5', IMO_TEST_LIE_KIND: 'padding' });
    nodeV = await startNode({
      rpcUrl: chain.rpcUrl,
      deploymentFile: chain.deploymentFile,
      dataDir: path.join(chain.dir, 'node-v'),
      key: V.privateKey,
      env: { IMO_ORACLE_MODE: 'verifier' },
    });
    started.push(['v', nodeV]);
    // one block a second and none per transaction: every move waits for a block, so the drill can
    // take its snapshot between two moves
    await chain.setAutomine(false);
    const input = goldenDigitsInputs()[2]!;
    const pkg = readModelPackage(path.join(MODELS_DIR, 'digits'));
    const truth = await runModel(pkg, input);
    const stakeBefore = (await oracle.operatorOf(A.address)).stake;
    const r = await request(input);
    const lie = lieFor(5, truth, { requestId: r.requestId, attempt: 0 }, 'padding');
    expect(lie.kind).toBe('padding');

    const opened = await waitFor(
      'a game with a move',
      async () => {
        const { body } = await nodeV!.get<{ items: GameView[] }>(`/games?request=${r.requestId}`);
        return body.items.find((g) => g.moveCount >= 1);
      },
      120_000,
    );
    const gameId = opened.id;
    const snapshot = await chain.snapshot();
    const snapshotBlock = await chain.provider.getBlockNumber();
    const reorgsBefore = { a: await reorgs(nodeA!), v: await reorgs(nodeV) };
    // Moves mined after the snapshot until both sides have one that was sent after it (one side
    // moves at a time, so only the first could have waited in the pool the snapshot keeps), and both
    // nodes have indexed them.
    const atSnapshot = (await movesOnChain(gameId, 0)).length;
    const after = await waitFor(
      'a move of each side after the snapshot, indexed by both nodes',
      async () => {
        const moves = await movesOnChain(gameId, snapshotBlock + 1);
        const senders = new Set(moves.slice(1).map((m) => m.from));
        if (!senders.has(A.address) || !senders.has(V.address)) return undefined;
        for (const node of [nodeA!, nodeV!]) {
          const { body } = await node.get<GameView>(`/games/${gameId}`);
          if (body.moveCount < atSnapshot + moves.length) return undefined;
        }
        return moves;
      },
      120_000,
    );
    await chain.revert(snapshot);
    const vanished = [];
    for (const m of after) if ((await chain.provider.getTransaction(m.hash)) === null) vanished.push(m);
    // a move of each side is on no chain and in no pool
    expect(new Set(vanished.map((m) => m.from))).toEqual(new Set([A.address, V.address]));
    console.log(
      `moves removed by the reorg: ${vanished.map((m) => `${m.name} by ${m.from === A.address ? 'the proposer' : 'the verifier'}`).join(', ')}`,
    );

    // The game goes on from the chain's state: the removed moves are made again, the verifier wins
    const ended = await waitFor(
      'the verifier to win and settle the game',
      async () => {
        const { body } = await nodeV!.get<GameView>(`/games/${gameId}`);
        return body.phase === 'ChallengerWon' && body.settled ? body : undefined;
      },
      180_000,
    );
    expect(ended).toMatchObject({ challenger: V.address, proposer: A.address });
    const final = await movesOnChain(gameId, 0);
    for (const m of vanished) {
      // the same move (same sender, same call) is on the final chain once
      expect(final.filter((f) => f.from === m.from && f.data === m.data)).toHaveLength(1);
    }
    // every move once: no move event repeats its transaction's call
    expect(new Set(final.map((m) => `${m.from}:${m.data}`)).size).toBe(final.length);
    const decided = await game.queryFilter(game.filters.OneStepDecided(gameId));
    expect(decided).toHaveLength(1);
    expect(decided[0]!.args.padding).toBe(true); // caught at the non-zero padding byte
    // both nodes had indexed the removed blocks, so both counted the reorg
    expect(await reorgs(nodeA!)).toBeGreaterThan(reorgsBefore.a);
    expect(await reorgs(nodeV)).toBeGreaterThan(reorgsBefore.v);
    // A lost its result bond for the padding lie
    const struck = await oracle.queryFilter(oracle.filters.ResultStruck(r.requestId), r.block);
    expect(struck.length).toBeGreaterThanOrEqual(1);
    expect(struck[0]!.args.operator).toBe(A.address);
    const resultBond = (await oracle.config()).resultBond;
    expect((await oracle.operatorOf(A.address)).stake).toBe(stakeBefore - resultBond * BigInt(struck.length));
  }, 240_000);
});
