import { expect } from 'chai';
import { anyValue } from '@nomicfoundation/hardhat-chai-matchers/withArgs';
import { ethers } from 'hardhat';
import { loadFixture, mine, time } from '@nomicfoundation/hardhat-network-helpers';
import {
  ChallengerPlayer,
  PROPOSER_PHASES,
  ProposerPlayer,
  playGame,
  readGame,
} from '../../oracle/src/dispute/players';
import path from 'node:path';
import { encodeTextPrompt } from '../../oracle/src/client/textCodec';
import { MODELS_DIR, readModelPackage } from '../../oracle/src/node/readModelPackage';
import { TensorCommitment, Trace, runModel, tensorToBytes, toHex, toSolidityOp } from '../../oracle/src/runtime';
import { randomPackage, randomTensor, seededRandom } from '../../oracle/src/runtime/testing/randomGraph';
import {
  answered as answeredBy,
  clientOf,
  deployDisputeGame,
  openGame as openGameOn,
  registerPackage,
  tampered,
} from '../shared/disputeFixtures';
import { DRAWING, E, oracleFixture, type RequestParams } from '../shared/oracleFixtures';

const BOND = E('1');
const CLOCK = 600;
const INCLUSION = 30;
const TAMPER_SEEDS = Number(process.env.DISPUTE_SEEDS ?? 6);

async function gameFixture() {
  const f = await oracleFixture();
  const game = await deployDisputeGame(f.oracle, f.registry, BOND, CLOCK, INCLUSION);
  await f.oracle.connect(f.owner).setDisputeGame(await game.getAddress());
  const [, , , , , , , , , , challenger, colluder] = await ethers.getSigners();
  return { ...f, game, challenger: challenger!, colluder: colluder! };
}
type F = Awaited<ReturnType<typeof gameFixture>>;

const answered = (f: F, modelId: bigint, input: Uint8Array, claimed: Trace) =>
  answeredBy(f.oracle, f.requester, f.operators, modelId, input, claimed);
const openGame = async (
  f: F,
  who: F['challenger'],
  requestId: bigint,
  params: RequestParams,
  claimed: Trace,
  input: Uint8Array,
) => (await openGameOn(f.game, who, requestId, params, claimed, input)).gameId;

/** `claimed` posted by the drawn primary, challenged by `f.challenger` playing from `truth`, played to the end. */
async function disputed(
  f: F,
  modelId: bigint,
  input: Uint8Array,
  claimed: Trace,
  truth: Trace,
  strategy: 'honest' | 'liar' = 'honest',
) {
  const { requestId, params, primary } = await answered(f, modelId, input, claimed);
  const gameId = await openGame(f, f.challenger, requestId, params, claimed, input);
  const played = await playGame(
    f.game,
    gameId,
    new ProposerPlayer(f.game.connect(primary), claimed),
    new ChallengerPlayer(f.game.connect(f.challenger), truth, strategy),
  );
  return { requestId, params, primary, gameId, ...played };
}

/** The trace slot of the `n`-th argmax op (1-based) of a graph. */
function nthArgmax(graph: readonly { op: string }[], n: number): number {
  let seen = 0;
  return graph.findIndex((d) => d.op === 'argmax' && ++seen === n) + 1;
}

describe('OpmlDisputeGame', function () {
  this.timeout(0);

  it('an honest challenger strikes a wrong output; the bond pays its costs, the rest is burned, the request reopens', async function () {
    const f = await loadFixture(gameFixture);
    const lie = await tampered(f.trace, f.trace.opCount, 0);
    const { outcome, moves, requestId, params, gameId } = await disputed(f, f.modelId, DRAWING, lie, f.trace);
    expect(outcome).to.equal('challengerWon');
    expect(moves).to.be.greaterThan(2);
    const burn = '0x000000000000000000000000000000000000dEaD';
    const resultBond = E('0.1');
    const costs = await f.game.challengerCostOf(gameId);
    // Settled by someone else: the challenger is paid its moves' costs; all the rest is burned.
    const settle = f.game.settle(gameId, params);
    await expect(settle).to.emit(f.oracle, 'ResultStruck');
    await expect(settle).to.emit(f.game, 'ResultStruckSettled').withArgs(anyValue, resultBond, costs);
    await expect(settle).to.changeEtherBalance(burn, resultBond - costs);
    expect(await f.game.creditOf(f.challenger.address)).to.equal(BOND + costs);
    expect((await (await clientOf(f.oracle)).terms(requestId)).attempt.index).to.equal(1n);
    await expect(f.game.connect(f.challenger).withdraw()).to.changeEtherBalance(f.challenger, BOND + costs);
  });

  it('an honest challenger strikes a wrong intermediate element of the digits model', async function () {
    const f = await loadFixture(gameFixture);
    const lie = await tampered(f.trace, 1, 7);
    const { outcome } = await disputed(f, f.modelId, DRAWING, lie, f.trace);
    expect(outcome).to.equal('challengerWon');
  });

  it('an honest challenger strikes one wrong generated character of the text model (a ~600-op graph)', async function () {
    const f = await loadFixture(gameFixture);
    const pkg = readModelPackage(path.join(MODELS_DIR, 'kjv-textgen'));
    const modelId = await registerPackage(f.registry, f.oracle, f.developer, f.holder.address, f.operators, pkg);
    const input = encodeTextPrompt('And God said', pkg.manifest.io.input.cols);
    const truth = await runModel(pkg, input);
    // the operator swaps the 20th generated character: every later step inherits the lie
    const argmax = nthArgmax(pkg.graph, 20);
    const lie = await tampered(truth, argmax, 0);
    expect(toHex(lie.output)).to.not.equal(toHex(truth.output));
    const { requestId, params, primary } = await answered(f, modelId, input, lie);
    const gameId = await openGame(f, f.challenger, requestId, params, lie, input);
    const { outcome, moves } = await playGame(
      f.game,
      gameId,
      new ProposerPlayer(f.game.connect(primary), lie),
      new ChallengerPlayer(f.game.connect(f.challenger), truth),
    );
    expect(outcome).to.equal('challengerWon');
    expect(moves).to.be.greaterThan(10); // log2 of ~600 ops of bisection, then the element
  });

  it('a correct result survives a lying challenger, who loses its bond', async function () {
    const f = await loadFixture(gameFixture);
    const { outcome, requestId, params, primary, gameId } = await disputed(
      f,
      f.modelId,
      DRAWING,
      f.trace,
      f.trace,
      'liar',
    );
    expect(outcome).to.equal('proposerWon');
    await f.game.settle(gameId, params);
    expect(await f.game.creditOf(primary.address)).to.equal(BOND / 2n);
    await time.increase(30);
    const { posted } = await (await clientOf(f.oracle)).getResult(requestId);
    await f.oracle.finalize(requestId, params, posted, toHex(f.trace.output), toHex(f.trace.finalStateRoot), '0x');
    expect(await f.oracle.isFinalized(requestId)).to.equal(true);
  });

  it('a silent proposer loses by timeout; a silent challenger too', async function () {
    const f = await loadFixture(gameFixture);
    const { requestId, params, primary } = await answered(f, f.modelId, DRAWING, f.trace);
    const gameId = await openGame(f, f.challenger, requestId, params, f.trace, DRAWING);
    await expect(f.game.timeout(gameId)).to.be.revertedWithCustomError(f.game, 'GameClockRunning');
    await time.increase(CLOCK + 1);
    await expect(f.game.timeout(gameId)).to.emit(f.game, 'GameEnded').withArgs(gameId, 9);
    // A challenger who stops answering loses too.
    const second = await answered(f, f.modelId, DRAWING, f.trace);
    const g2 = await openGame(f, f.challenger, second.requestId, second.params, f.trace, DRAWING);
    const proposer = new ProposerPlayer(f.game.connect(second.primary), f.trace);
    await proposer.move(g2, await readGame(f.game, g2));
    expect((await readGame(f.game, g2)).phase).to.equal('bisect');
    await proposer.move(g2, await readGame(f.game, g2));
    await time.increase(CLOCK + 1);
    await expect(f.game.timeout(g2)).to.emit(f.game, 'GameEnded').withArgs(g2, 8);
    void primary;
  });

  it("a challenger's call succeeds within its wallet's gas estimate (estimates run at base fee 0)", async function () {
    const f = await loadFixture(gameFixture);
    const { requestId, params } = await answered(f, f.modelId, DRAWING, f.trace);
    const gameId = await openGame(f, f.challenger, requestId, params, f.trace, DRAWING);
    await time.increase(CLOCK + 1);
    const asChallenger = f.game.connect(f.challenger);
    const estimate = await asChallenger.timeout.estimateGas(gameId);
    const receipt = await (await asChallenger.timeout(gameId, { gasLimit: estimate })).wait();
    expect(receipt!.status).to.equal(1);
    expect(receipt!.gasUsed).to.be.at.most(estimate);
    expect(await f.game.challengerCostOf(gameId)).to.be.greaterThan(0n);
  });

  it('a stale move reverts instead of landing on another node', async function () {
    const f = await loadFixture(gameFixture);
    const { requestId, params, primary } = await answered(f, f.modelId, DRAWING, f.trace);
    const gameId = await openGame(f, f.challenger, requestId, params, f.trace, DRAWING);
    await new ProposerPlayer(f.game.connect(primary), f.trace).move(gameId, await readGame(f.game, gameId));
    await expect(f.game.connect(primary).bisect(gameId, 1, 3, ethers.ZeroHash)).to.be.revertedWithCustomError(
      f.game,
      'GameStaleMove',
    );
    await expect(f.game.connect(f.challenger).bisect(gameId, 0, 3, ethers.ZeroHash)).to.be.revertedWithCustomError(
      f.game,
      'GameNotYourTurn',
    );
    await expect(
      f.game.connect(f.challenger).answerBisection(gameId, 0, 3, ethers.ZeroHash, true),
    ).to.be.revertedWithCustomError(f.game, 'GameWrongPhase');
  });

  it('a colluding challenger cannot profit: the honest game is voided, refunded and compensated', async function () {
    const f = await loadFixture(gameFixture);
    const lie = await tampered(f.trace, f.trace.opCount, 0);
    const { requestId, params } = await answered(f, f.modelId, DRAWING, lie);
    const honest = await openGame(f, f.challenger, requestId, params, lie, DRAWING);
    const colluding = await openGame(f, f.colluder, requestId, params, lie, DRAWING);
    // The proposer "loses" to its friend at once (stays silent), hoping to recover the bond.
    await time.increase(CLOCK + 1);
    await f.game.timeout(colluding);
    await f.game.settle(colluding, params);
    expect((await (await clientOf(f.oracle)).terms(requestId)).attempt.index).to.equal(1n);
    await f.game.settle(honest, params);
    // Each challenger gets its bond and its own costs back, no more: the friend recovers nothing but
    // what it spent, and the rest of the operator's bond is burned whoever won first.
    const [ch, cc] = [await f.game.challengerCostOf(honest), await f.game.challengerCostOf(colluding)];
    expect(await f.game.creditOf(f.challenger.address)).to.equal(BOND + ch);
    expect(await f.game.creditOf(f.colluder.address)).to.equal(BOND + cc);
  });

  it('whoever falls silent, in any phase, loses by timeout', async function () {
    const f = await loadFixture(gameFixture);
    // A random graph whose disputed tensor spans several chunks, so every phase occurs.
    const pkg = randomPackage({ seed: 4242, ops: 3, maxCols: 40, allow: ['matmul'] });
    const modelId = await registerPackage(f.registry, f.oracle, f.developer, f.holder.address, f.operators, pkg);
    const input = tensorToBytes(randomTensor(seededRandom(4242), pkg.manifest.io.input));
    const truth = await runModel(pkg, input);
    const lie = await tampered(truth, pkg.graph.length, truth.slots[pkg.graph.length]!.data.length - 1);
    const seen = new Set<string>();
    for (let stopAt = 0; ; stopAt++) {
      const { requestId, params, primary } = await answered(f, modelId, input, lie);
      const gameId = await openGame(f, f.challenger, requestId, params, lie, input);
      let moves = 0;
      let silentPhase: string | undefined;
      const stop = new Error('silent');
      await playGame(
        f.game,
        gameId,
        new ProposerPlayer(f.game.connect(primary), lie),
        new ChallengerPlayer(f.game.connect(f.challenger), truth),
        {
          beforeMove: async (st) => {
            if (moves++ === stopAt) {
              silentPhase = st.phase;
              throw stop;
            }
          },
        },
      ).catch((e: unknown) => {
        if (e !== stop) throw e;
      });
      if (!silentPhase) break;
      seen.add(silentPhase);
      await time.increase(CLOCK + 1);
      await f.game.timeout(gameId);
      const expected = PROPOSER_PHASES.includes(silentPhase as never) ? 'challengerWon' : 'proposerWon';
      expect((await readGame(f.game, gameId)).phase, `silent in ${silentPhase}`).to.equal(expected);
    }
    expect([...seen].sort()).to.deep.equal([
      'bisect',
      'bisectResponse',
      'descentPick',
      'descentReveal',
      'oneStep',
      'outputCheck',
      'slotUpdate',
    ]);
  });

  it('a non-zero padding byte in an intermediate tensor is caught by the one step', async function () {
    const f = await loadFixture(gameFixture);
    // Slot 2 of the digits model is [1, 10] int32: 40 bytes in two chunks, 24 bytes of padding.
    class DirtyPadding extends TensorCommitment {
      protected override paddedRow(row: number): Uint8Array {
        const bytes = super.paddedRow(row).slice();
        if (row === 0) bytes[bytes.length - 1] = 1;
        return bytes;
      }
    }
    class DirtyTrace extends Trace {
      private dirty?: TensorCommitment;
      override commitment(slot: number): TensorCommitment {
        if (slot !== 2) return super.commitment(slot);
        return (this.dirty ??= new DirtyPadding(this.slots[2]!));
      }
      override tensorRoot(slot: number): Uint8Array {
        return slot === 2 ? this.commitment(2).root : super.tensorRoot(slot);
      }
    }
    const lie = new DirtyTrace(f.trace.pkg, f.trace.slots);
    expect(toHex(lie.output)).to.equal(toHex(f.trace.output));
    expect(toHex(lie.finalStateRoot)).to.not.equal(toHex(f.trace.finalStateRoot));
    const { outcome, gameId } = await disputed(f, f.modelId, DRAWING, lie, f.trace);
    expect(outcome).to.equal('challengerWon');
    const decided = (await f.game.queryFilter(f.game.filters.OneStepDecided(gameId))).at(-1)!;
    expect(decided.args.padding).to.equal(true);
  });

  it('a malformed slot update cannot be made, so its proposer loses', async function () {
    const f = await loadFixture(gameFixture);
    const lie = await tampered(f.trace, 2, 3);
    const { requestId, params, primary } = await answered(f, f.modelId, DRAWING, lie);
    const gameId = await openGame(f, f.challenger, requestId, params, lie, DRAWING);
    const proposer = new ProposerPlayer(f.game.connect(primary), lie);
    const challenger = new ChallengerPlayer(f.game.connect(f.challenger), f.trace);
    await playGame(f.game, gameId, proposer, challenger, {
      beforeMove: async (st) => {
        if (st.phase !== 'slotUpdate') return;
        const i = st.hi;
        const siblings = (path: { siblings: Uint8Array[] }) => path.siblings.map(toHex);
        /** A slot update of op i claiming op `descriptorOf`'s descriptor and tensor root `root`. */
        const update = (descriptorOf: number, root: Uint8Array) =>
          f.game
            .connect(primary)
            .updateSlot(
              gameId,
              toHex(lie.stateRoot(i - 1)),
              toHex(lie.stateRoot(i)),
              toSolidityOp(lie.pkg.graph[descriptorOf - 1]!),
              siblings(lie.pkg.graphTree.path(descriptorOf - 1)),
              toHex(root),
              siblings(lie.slotPath(i, i)),
            );
        // Another op's descriptor at op i's place.
        await expect(update(i === 1 ? 2 : 1, lie.tensorRoot(i))).to.be.revertedWithCustomError(f.game, 'GameBadProof');
        // A tensor root that S_i does not hold.
        await expect(update(i, f.trace.tensorRoot(i))).to.be.revertedWithCustomError(f.game, 'GameBadProof');
        throw new Error('stop');
      },
    }).catch((e: unknown) => {
      if ((e as Error).message !== 'stop') throw e;
    });
    await time.increase(CLOCK + 1);
    await f.game.timeout(gameId);
    expect((await readGame(f.game, gameId)).phase).to.equal('challengerWon');
  });

  it('on random graphs with random tamper positions the honest challenger always wins', async function () {
    const f = await loadFixture(gameFixture);
    for (let seed = 500; seed < 500 + TAMPER_SEEDS; seed++) {
      const pkg = randomPackage({ seed, ops: 5 });
      const modelId = await registerPackage(f.registry, f.oracle, f.developer, f.holder.address, f.operators, pkg);
      const random = seededRandom(seed);
      const input = tensorToBytes(randomTensor(random, pkg.manifest.io.input));
      const truth = await runModel(pkg, input);
      const slot = 1 + Math.floor(random() * pkg.graph.length);
      const lie = await tampered(truth, slot, Math.floor(random() * truth.slots[slot]!.data.length));
      const { requestId, params, primary } = await answered(f, modelId, input, lie);
      const gameId = await openGame(f, f.challenger, requestId, params, lie, input);
      const { outcome } = await playGame(
        f.game,
        gameId,
        new ProposerPlayer(f.game.connect(primary), lie),
        new ChallengerPlayer(f.game.connect(f.challenger), truth),
      );
      expect(outcome, `seed ${seed}, tampered slot ${slot}`).to.equal('challengerWon');
      await mine();
    }
  });
});
