/**
 * Fault drills of the dispute side, against a real local chain and real node processes:
 * a dishonest operator (a build that lies about every result at a seeded random position) against an
 * honest verifier node, with kill -9 of both in the middle of their games; then an honest operator
 * against a lying challenger.
 */
import path from 'node:path';
import { hexlify, parseEther, type Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AIOracle__factory,
  OpmlDisputeGame__factory,
  PromptConsumer__factory,
  type AIOracle,
  type OpmlDisputeGame,
  type PromptConsumer,
} from '../../typechain-types';
import { goldenDigitsInputs } from '../../scripts/runtime/goldenDigitsInputs';
import { encodeTextPrompt } from '../src/client/textCodec';
import { OracleClient } from '../src/client/oracleClient';
import { MODELS_DIR, readModelPackage } from '../src/node/readModelPackage';
import { registryCommitment, runModel, type Trace } from '../src/runtime';
import { type Revealed } from '../src/dispute/moves';
import { CHALLENGER_PHASES, ChallengerPlayer, readGame } from '../src/dispute/players';
import { devWallet, startLocalChain, type LocalChain } from './support/localChain';
import { startNode, waitFor, type NodeProcess } from './support/nodeProcess';
import { countFor, oracleCallsFrom } from './support/oracleCalls';
import { lieFor } from './support/dishonesty';
import { startFlakyRpcProxy, type FlakyRpcProxy } from './support/flakyRpcProxy';

const A = devWallet(6); // the demo operator (10 ETH staked, every model): here a dishonest build
const B = devWallet(8); // an honest operator who joins after the requests
const V = devWallet(9); // a verifier: no stake, a funded key for bonds
const LIAR = 5; // a lying challenger (dev account 5, driven by the test itself)
const DIGITS = 1;
const TEXT = 3;
const SEED = Number(process.env.DISPUTE_DRILL_SEED ?? 7);
const DIGITS_CASES = Number(process.env.DISPUTE_DRILL_DIGITS ?? 4);
const DISHONEST = path.join(__dirname, 'support', 'dishonestNode.ts');

interface GameView {
  id: number;
  requestId: number;
  phase: string;
  settled: boolean;
  challenger: string;
  proposer: string;
}
interface RequestView {
  status: string;
  operator: string | null;
  attempt: number;
}

describe('dispute drills: dishonest operator, honest verifier, crashes and a frozen RPC mid-game; lying and silent challengers', () => {
  let chain: LocalChain;
  let oracle: AIOracle;
  let game: OpmlDisputeGame;
  let consumer: PromptConsumer;
  let nodeA: NodeProcess | undefined;
  let nodeB: NodeProcess | undefined;
  let nodeV: NodeProcess | undefined;
  let proxy: FlakyRpcProxy | undefined;
  const dir = (name: string) => path.join(chain.dir, name);
  const startA = (honest = false) =>
    startNode({
      rpcUrl: chain.rpcUrl,
      deploymentFile: chain.deploymentFile,
      dataDir: dir('node-a'),
      key: A.privateKey,
      ...(honest ? {} : { entry: DISHONEST, env: { IMO_TEST_LIE_SEED: String(SEED) } }),
    });
  const startV = () =>
    startNode({
      rpcUrl: chain.rpcUrl,
      deploymentFile: chain.deploymentFile,
      dataDir: dir('node-v'),
      key: V.privateKey,
      env: { IMO_ORACLE_MODE: 'verifier' },
    });
  const request = async (modelId: number, input: Uint8Array) => {
    const fee = await consumer.estimateFee(modelId);
    const receipt = (await (await consumer.calculateAIResult(modelId, input, { value: fee })).wait())!;
    const ev = receipt.logs.map((l) => consumer.interface.parseLog(l)).find((p) => p?.name === 'promptRequest')!;
    return { requestId: Number(ev.args.requestId), block: receipt.blockNumber };
  };

  beforeAll(async () => {
    chain = await startLocalChain();
    oracle = AIOracle__factory.connect(chain.deployment.contracts.AIOracle, chain.provider);
    game = OpmlDisputeGame__factory.connect(chain.deployment.contracts.OpmlDisputeGame!, chain.provider);
    await (await oracle.connect(chain.signer(8) as unknown as Wallet).stake({ value: parseEther('1') })).wait();
    consumer = await new PromptConsumer__factory(chain.signer(0) as unknown as Wallet).deploy(
      chain.deployment.contracts.AIOracle,
    );
    await consumer.waitForDeployment();
    // a block a second: chain time stays close to wall time, so clocks and windows keep their length
    await chain.setIntervalMining(1000);
    proxy = await startFlakyRpcProxy(chain.rpcUrl, { dropRate: 0.05, maxDelayMs: 300, seed: SEED });
    [nodeA, nodeV, nodeB] = await Promise.all([
      startA(),
      startV(),
      // the honest operator reaches the chain through a proxy that loses 5 % of the answers and delays all
      startNode({
        rpcUrl: proxy.url,
        deploymentFile: chain.deploymentFile,
        dataDir: dir('node-b'),
        key: B.privateKey,
        env: { IMO_ORACLE_VERIFY: 'false' },
      }),
    ]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([nodeA?.stop(), nodeB?.stop(), nodeV?.stop()]);
    await proxy?.stop();
    await chain?.stop();
  }, 60_000);

  it(`a dishonest operator (seed ${SEED}) loses every game, is slashed, and an honest node answers each request once`, async () => {
    const cases = [
      ...goldenDigitsInputs()
        .slice(0, DIGITS_CASES)
        .map((input) => ({ modelId: DIGITS, name: 'digits', input })),
      { modelId: TEXT, name: 'kjv-textgen', input: encodeTextPrompt('And God said', 32) },
    ];
    const truths: string[] = [];
    for (const c of cases) {
      truths.push(hexlify((await runModel(readModelPackage(path.join(MODELS_DIR, c.name)), c.input)).output));
    }
    const stakeBefore = (await oracle.operatorOf(A.address)).stake;
    const made: { requestId: number; block: number }[] = [];
    for (const c of cases) made.push(await request(c.modelId, c.input));
    // B joins only now: A, the only member when the requests opened, is every first attempt's primary
    const asB = oracle.connect(chain.signer(8) as unknown as Wallet);
    for (const m of [DIGITS, TEXT]) await (await asB.optIn(m)).wait();

    // The verifier challenges each lie; kill -9 the verifier and the liar in the middle of a game
    const first = made[0]!.requestId;
    await waitFor(
      'a game with some moves',
      async () => {
        const { body } = await nodeV!.get<{ items: (GameView & { moveCount: number })[] }>(`/games?request=${first}`);
        return body.items.some((g) => g.moveCount >= 3) ? true : undefined;
      },
      180_000,
    );
    // every lie is challenged before the faults: a 25 s outage inside a 30 s challenge window would
    // let a lie through (the local window is for demos; mainnet's is an hour)
    await waitFor(
      'a game on every request',
      async () => {
        for (const m of made) {
          const { body } = await nodeV!.get<{ items: GameView[] }>(`/games?request=${m.requestId}`);
          if (body.items.length === 0) return undefined;
        }
        return true;
      },
      180_000,
    );
    await nodeV!.kill();
    await nodeA!.kill();
    await new Promise((r) => setTimeout(r, 3000)); // the chain moves on without them
    [nodeV, nodeA] = await Promise.all([startV(), startA()]);
    // the RPC stops answering for longer than a call's 10 s timeout and the nodes' back-off, then comes back
    chain.pause();
    await new Promise((r) => setTimeout(r, 25_000));
    chain.resume();

    for (const [i, m] of made.entries()) {
      const done = await waitFor(
        `request ${m.requestId} to be answered by the honest operator and finalized`,
        async () => {
          const { body } = await nodeB!.get<RequestView>(`/requests/${m.requestId}`);
          return body.status === 'finalized' ? body : undefined;
        },
        420_000,
      );
      expect(done.operator).toBe(B.address);
      expect(done.attempt).toBe(1);
      expect((await consumer.requests(m.requestId)).output).toBe(truths[i]);
      // exactly one game, the verifier's, won and settled
      const { body } = await nodeV!.get<{ items: GameView[] }>(`/games?request=${m.requestId}`);
      expect(body.items).toHaveLength(1);
      expect(body.items[0]).toMatchObject({ phase: 'ChallengerWon', settled: true, challenger: V.address });
      expect(body.items[0]!.proposer).toBe(A.address);
      // the callback ran once, with the true output
      const finals = await oracle.queryFilter(oracle.filters.Finalized(m.requestId), m.block);
      expect(finals).toHaveLength(1);
      const struck = await oracle.queryFilter(oracle.filters.ResultStruck(m.requestId), m.block);
      expect(struck).toHaveLength(1);
      expect(struck[0]!.args.operator).toBe(A.address);
    }
    // which lies were told (all three kinds over the seeds CI runs)
    const kinds = await Promise.all(
      cases.map(async (c, i) => {
        const trace: Trace = await runModel(readModelPackage(path.join(MODELS_DIR, c.name)), c.input);
        return lieFor(SEED, trace, { requestId: made[i]!.requestId, attempt: 0 }).kind;
      }),
    );
    console.log(
      `lies told with seed ${SEED}: ${kinds.join(', ')}; RPC answers lost: ${JSON.stringify(proxy!.counts())}`,
    );
    expect(proxy!.counts().dropped).toBeGreaterThan(0);

    // A lost every result bond; B answered each request exactly once and finalized it once
    const resultBond = (await oracle.config()).resultBond;
    expect((await oracle.operatorOf(A.address)).stake).toBe(stakeBefore - resultBond * BigInt(made.length));
    const callsB = await oracleCallsFrom(
      chain.provider,
      chain.deployment.contracts.AIOracle,
      B.address,
      made[0]!.block,
    );
    for (const m of made) expect(countFor(callsB, m.requestId)).toEqual({ submits: 1, finalizes: 1, failed: 0 });
    // the verifier got its bonds back and its costs repaid, and withdrew them
    const bond = await game.challengeBond();
    const withdrawn = await waitFor('the verifier to withdraw its game credits', async () => {
      const evs = await game.queryFilter(game.filters.Withdrawn(V.address));
      const sum = evs.reduce((a, e) => a + e.args.amount, 0n);
      return sum >= bond * BigInt(made.length) && (await game.creditOf(V.address)) === 0n ? sum : undefined;
    });
    expect(withdrawn).toBeGreaterThan(bond * BigInt(made.length)); // bonds plus the gas it spent
    const metrics = await (await fetch(`${nodeV!.url}/metrics`)).text();
    expect(metrics).toMatch(/imo_oracle_verify_slack_ratio_count \d+/);
    expect(metrics).toMatch(/imo_oracle_verify_slack_ratio_min 0\.\d+|imo_oracle_verify_slack_ratio_min 1/);
    // the dishonest node's own self-check caught its lies too (counted in its database, across the restart)
    const own = await (await fetch(`${nodeA!.url}/metrics`)).text();
    expect(Number(/imo_oracle_verifications\{state="self_mismatch"\} (\d+)/.exec(own)?.[1] ?? 0)).toBeGreaterThan(0);
  }, 900_000);

  it('an honest operator defends its result against a lying challenger, wins and is paid half the bond', async () => {
    await nodeA!.stop();
    nodeA = await startA(true); // the same operator, now an honest build
    const input = goldenDigitsInputs()[5]!;
    const m = await request(DIGITS, input);
    const posted = await waitFor('a result', async () => {
      const { body } = await nodeV!.get<RequestView>(`/requests/${m.requestId}`);
      return body.status === 'submitted' ? body : undefined;
    });
    const proposer = posted.operator!;
    const result = await new OracleClient(chain.deployment.contracts.AIOracle, chain.provider).getResult(
      BigInt(m.requestId),
    );
    const terms = await new OracleClient(chain.deployment.contracts.AIOracle, chain.provider).terms(
      BigInt(m.requestId),
    );
    const pkg = readModelPackage(path.join(MODELS_DIR, 'digits'));
    const liar = game.connect(chain.signer(LIAR) as unknown as Wallet);
    const opened = await (
      await liar.challenge(
        m.requestId,
        terms.params,
        result.posted,
        result.output,
        result.stateRoot,
        input,
        registryCommitment(pkg.manifest),
        { value: await game.challengeBond() },
      )
    ).wait();
    const gameId = opened!.logs.map((l) => game.interface.parseLog(l)).find((p) => p?.name === 'GameOpened')!.args
      .gameId as bigint;
    const proposerNode = proposer === A.address ? nodeA! : nodeB!;
    const outcome = await playLiar(liar, gameId, await runModel(pkg, input));
    expect(outcome).toBe('proposerWon');
    // the proposer's node settles the game it won, withdraws its half of the bond, and finalizes
    await waitFor(
      'the request to finalize',
      async () => {
        const { body } = await proposerNode.get<RequestView>(`/requests/${m.requestId}`);
        return body.status === 'finalized' ? true : undefined;
      },
      180_000,
    );
    const settled = await game.queryFilter(game.filters.GameSettled(gameId));
    expect(settled).toHaveLength(1);
    expect(settled[0]!.args.toProposer).toBe((await game.challengeBond()) / 2n);
    await waitFor('the proposer to withdraw its share', async () => {
      const evs = await game.queryFilter(game.filters.Withdrawn(proposer));
      return evs.length > 0 && (await game.creditOf(proposer)) === 0n ? true : undefined;
    });
    expect((await consumer.requests(m.requestId)).output).toBe(hexlify((await runModel(pkg, input)).output));
  }, 300_000);

  it("the proposer's node times out a challenger who stops answering, and settles", async () => {
    const input = goldenDigitsInputs()[6]!;
    const m = await request(DIGITS, input);
    const posted = await waitFor('a result', async () => {
      const { body } = await nodeV!.get<RequestView>(`/requests/${m.requestId}`);
      return body.status === 'submitted' ? body : undefined;
    });
    const client = new OracleClient(chain.deployment.contracts.AIOracle, chain.provider);
    const result = await client.getResult(BigInt(m.requestId));
    const terms = await client.terms(BigInt(m.requestId));
    const pkg = readModelPackage(path.join(MODELS_DIR, 'digits'));
    const silent = game.connect(chain.signer(LIAR) as unknown as Wallet);
    const opened = await (
      await silent.challenge(
        m.requestId,
        terms.params,
        result.posted,
        result.output,
        result.stateRoot,
        input,
        registryCommitment(pkg.manifest),
        {
          value: await game.challengeBond(),
        },
      )
    ).wait();
    const gameId = opened!.logs.map((l) => game.interface.parseLog(l)).find((p) => p?.name === 'GameOpened')!.args
      .gameId as bigint;
    // the proposer's node makes its moves until it is the challenger's turn; the challenger never answers
    await waitFor('the challenger to be on the move', async () =>
      CHALLENGER_PHASES.includes((await readGame(game, gameId)).phase) ? true : undefined,
    );
    await chain.advance(301); // past the challenger's whole clock
    await waitFor(
      'the timeout, the settlement and the finalization',
      async () => {
        const proposerNode = posted.operator === A.address ? nodeA! : nodeB!;
        const { body } = await proposerNode.get<RequestView>(`/requests/${m.requestId}`);
        return body.status === 'finalized' ? true : undefined;
      },
      180_000,
    );
    const ended = await game.queryFilter(game.filters.GameEnded(gameId));
    expect(Number(ended[0]!.args.outcome)).toBe(8); // ProposerWon
    const timeouts = (await Promise.all(ended.map((e) => e.getTransaction()))).map((t) => t.from);
    expect(timeouts).toEqual([posted.operator]);
  }, 300_000);
});

/** Plays the challenger's side of `gameId` as a liar until the game ends; returns the outcome. */
async function playLiar(game: OpmlDisputeGame, gameId: bigint, trace: Trace): Promise<string> {
  const player = new ChallengerPlayer(game, trace, 'liar');
  for (let i = 0; i < 2000; i++) {
    const s = await readGame(game, gameId);
    if (['proposerWon', 'challengerWon', 'void'].includes(s.phase)) return s.phase;
    if (!CHALLENGER_PHASES.includes(s.phase)) {
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    const revealed: Revealed = {};
    if (s.phase === 'bisectResponse')
      revealed.midState = (await game.queryFilter(game.filters.Bisected(gameId))).at(-1)!.args.midState;
    if (s.phase === 'descentPick') {
      const ev = (await game.queryFilter(game.filters.ChildrenRevealed(gameId))).at(-1)!;
      revealed.left = ev.args.left;
      revealed.right = ev.args.right;
    }
    if (s.phase === 'oneStep')
      revealed.chunk = (await game.queryFilter(game.filters.ChunkRevealed(gameId))).at(-1)!.args.chunk;
    await player.move(gameId, s, revealed);
  }
  throw new Error('the game did not end');
}
