import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture, mine, time } from '@nomicfoundation/hardhat-network-helpers';
import type { HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/signers';
import { ProposerPlayer, readGame } from '../../oracle/src/dispute/players';
import { registryCommitment, toHex } from '../../oracle/src/runtime';
import {
  COMPENSATION_GAS_PRICE,
  answered,
  challengeAtMaxIo,
  clientOf,
  deployDisputeGame,
  openGame,
  tampered,
} from '../shared/disputeFixtures';
import { CONFIG, DRAWING, E, oracleFixture, postedFrom, reopenedFrom, requestedFrom } from '../shared/oracleFixtures';

/**
 * The attacks on the dispute game found by the contracts review, each played as the attacker would
 * and failing to profit: locking honest challengers out with many games, a friend of the operator
 * "winning" first to take the honest challenger's reward, a request stuck at its last attempt, and
 * the cost of opening a game at the largest input and output.
 */
const BOND = E('1');
const CLOCK = 600;
const HOSTILE_GAMES = Number(process.env.HOSTILE_GAMES ?? 256);
const BURN = '0x000000000000000000000000000000000000dEaD';

async function gameFixture(clock = CLOCK, inclusion = 30) {
  const f = await oracleFixture();
  const game = await deployDisputeGame(f.oracle, f.registry, BOND, clock, inclusion);
  await f.oracle.connect(f.owner).setDisputeGame(await game.getAddress());
  const signers = await ethers.getSigners();
  return { ...f, game, honest: signers[10]!, friend: signers[11]! };
}
type F = Awaited<ReturnType<typeof gameFixture>>;

/** Clocks of 10 s (5 s per move at least), for games lost by silence at once. */
async function shortClockFixture() {
  return gameFixture(10, 5);
}

/** A wrong digits result posted by the drawn primary, with a long challenge window. */
async function wrongResult(f: F) {
  await f.oracle
    .connect(f.owner)
    .setConfig({ ...CONFIG, challengeWindow: 3600, unstakeDelay: 3600, treasury: f.owner.address });
  const lie = await tampered(f.trace, f.trace.opCount, 0);
  return { lie, ...(await answered(f.oracle, f.requester, f.operators, f.modelId, DRAWING, lie)) };
}

/** Gas used by `account`'s transactions in blocks `from`..latest. */
async function gasSpentBy(account: string, from: number): Promise<bigint> {
  let total = 0n;
  const latest = await ethers.provider.getBlockNumber();
  for (let n = from; n <= latest; n++) {
    const block = await ethers.provider.getBlock(n, true);
    for (const tx of block!.prefetchedTransactions)
      if (tx.from === account) total += (await ethers.provider.getTransactionReceipt(tx.hash))!.gasUsed;
  }
  return total;
}

describe('OpmlDisputeGame (attacks)', function () {
  this.timeout(0);

  it(`${HOSTILE_GAMES} hostile games lock no honest challenger out, and the wrong result never finalizes`, async function () {
    const f = await loadFixture(gameFixture);
    const { lie, requestId, params, primary } = await wrongResult(f);
    const proposer = new ProposerPlayer(f.game.connect(primary), lie);
    // The operator's accomplice opens more games than an 8-bit counter holds, and the operator plays
    // along in each until it is the accomplice's turn.
    const hostile: bigint[] = [];
    for (let i = 0; i < HOSTILE_GAMES; i++) {
      const { gameId } = await openGame(f.game, f.friend, requestId, params, lie, DRAWING);
      hostile.push(gameId);
    }
    for (const gameId of hostile) {
      while ((await readGame(f.game, gameId)).phase !== 'bisectResponse')
        await proposer.move(gameId, await readGame(f.game, gameId));
    }
    // The honest challenger still gets in.
    const { gameId: honestGame } = await openGame(f.game, f.honest, requestId, params, lie, DRAWING);
    expect(
      (await f.game.disputesOf((await (await clientOf(f.oracle)).getResult(requestId)).resultId)).openGames,
    ).to.equal(BigInt(HOSTILE_GAMES + 1));
    // The accomplice goes silent: every hostile game is lost by the challenger and settled.
    await time.increase(CLOCK + 1);
    for (const gameId of hostile) {
      await f.game.timeout(gameId);
      await f.game.settle(gameId, params);
    }
    // The result is still disputed by the honest game: it cannot finalize, even past its window.
    const { posted } = await (await clientOf(f.oracle)).getResult(requestId);
    await time.increase(3600);
    await expect(
      f.oracle.finalize(requestId, params, posted, toHex(lie.output), toHex(lie.finalStateRoot), '0x'),
    ).to.be.revertedWithCustomError(f.oracle, 'OracleResultDisputed');
    // The operator stalled the honest game and lost it: the wrong result is struck, the request reopens.
    await f.game.timeout(honestGame);
    await expect(f.game.settle(honestGame, params)).to.emit(f.oracle, 'ResultStruck');
    expect((await (await clientOf(f.oracle)).terms(requestId)).attempt.index).to.equal(1n);
    expect(await f.oracle.isFinalized(requestId)).to.equal(false);
    // The accomplice paid half of each hostile bond to the burn.
    expect(await f.game.creditOf(f.friend.address)).to.equal(0);
  });

  describe('a friend of the operator "winning" first', function () {
    /** Both games on the wrong result lost by the silent operator, settled in `order`. */
    async function settledIn(order: 'friend first' | 'honest first') {
      const f = await gameFixture();
      const { lie, requestId, params, primary } = await wrongResult(f);
      const from = await ethers.provider.getBlockNumber();
      const stakeBefore = (await f.oracle.operatorOf(primary.address)).stake;
      const honestGame = (await openGame(f.game, f.honest, requestId, params, lie, DRAWING)).gameId;
      const friendGame = (await openGame(f.game, f.friend, requestId, params, lie, DRAWING)).gameId;
      await time.increase(CLOCK + 1);
      const games = order === 'friend first' ? [friendGame, honestGame] : [honestGame, friendGame];
      const burnBefore = await ethers.provider.getBalance(BURN);
      for (const gameId of games) {
        const who = gameId === honestGame ? f.honest : f.friend;
        await f.game.connect(who).timeout(gameId);
        await f.game.connect(who).settle(gameId, params);
      }
      const honestCredit = await f.game.creditOf(f.honest.address);
      await f.game.connect(f.honest).withdraw();
      return {
        f,
        honestCredit,
        friendCredit: await f.game.creditOf(f.friend.address),
        burned: (await ethers.provider.getBalance(BURN)) - burnBefore,
        operatorLoss: stakeBefore - (await f.oracle.operatorOf(primary.address)).stake,
        honestGas: await gasSpentBy(f.honest.address, from + 1),
        honestCharged: await f.game.challengerGasOf(honestGame),
      };
    }

    it("pays everyone the same whoever settles first, and the honest challenger's gas in full", async function () {
      const a = await settledIn('friend first');
      const b = await settledIn('honest first');
      for (const r of [a, b]) {
        // The operator loses its whole bond either way; the pair recovers only the friend's gas-weighted share.
        expect(r.operatorLoss).to.equal(CONFIG.resultBond);
        // Never out of pocket: bond back, and the gas it really spent (challenge, timeout, settle,
        // withdraw) covered at the stated price.
        expect(r.honestCharged).to.be.greaterThanOrEqual(r.honestGas);
        expect(r.honestCredit - BOND).to.be.greaterThanOrEqual(r.honestGas * COMPENSATION_GAS_PRICE);
        expect(r.burned).to.be.greaterThan(0n);
      }
      // Identical up to the wei each pro-rata division rounds away.
      expect(a.honestCredit - b.honestCredit).to.be.within(-1n, 1n);
      expect(a.friendCredit - b.friendCredit).to.be.within(-1n, 1n);
      expect(a.burned - b.burned).to.be.within(-2n, 2n);
    });
  });

  it('opening a game at the largest input and output the registry allows stays well inside a block', async function () {
    const f = await loadFixture(gameFixture);
    const who = { developer: f.developer, requester: f.requester, challenger: f.honest, holder: f.holder.address };
    const gas = await challengeAtMaxIo(f.game, f.oracle, f.registry, who, f.operators, CONFIG.responseWindow);
    expect(gas).to.be.lessThan(10_000_000n);
  });

  it('a request struck at its last possible attempt ends cancelled and refunded, and every game settles', async function () {
    const f = await loadFixture(shortClockFixture);
    // The fixture's operators leave; each attempt is answered (wrongly) by a fresh operator.
    await time.increase(CONFIG.responseWindow + 1);
    for (const op of f.operators) await f.oracle.connect(op).optOut(f.modelId);
    const requested = await requestedFrom(
      f.oracle,
      f.oracle
        .connect(f.requester)
        .requestCallback(f.modelId, DRAWING, ethers.ZeroAddress, 0, '0x', { value: E('0.01') }),
    );
    const { requestId, params } = requested;
    let current = requested.attempt;
    const lie = await tampered(f.trace, f.trace.opCount, 0);
    const [output, stateRoot] = [toHex(lie.output), toHex(lie.finalStateRoot)];
    const commitment = registryCommitment(f.pkg.manifest);
    for (let attempt = 0; attempt <= 255; attempt++) {
      const operator = ethers.Wallet.createRandom().connect(ethers.provider) as unknown as HardhatEthersSigner;
      await f.stranger.sendTransaction({ to: operator.address, value: E('1.2') });
      await f.oracle.connect(operator).stake({ value: E('1') });
      await f.oracle.connect(operator).optIn(f.modelId);
      await mine(2);
      const { posted } = await postedFrom(
        f.oracle,
        f.oracle.connect(operator).submit(requestId, params, current, output, stateRoot),
      );
      const opened = await (
        await f.game.connect(f.honest).challenge(requestId, params, posted, output, stateRoot, DRAWING, commitment, {
          value: BOND,
        })
      ).wait();
      const gameId = f.game.interface.parseLog(opened!.logs.find((l) => l.address === (f.game.target as string))!)!.args
        .gameId as bigint;
      await time.increase(11);
      await f.game.timeout(gameId);
      const settled = f.game.settle(gameId, params);
      if (attempt < 255) current = await reopenedFrom(f.oracle, settled);
      else await (await settled).wait();
      await f.oracle.connect(operator).optOut(f.modelId);
    }
    // Attempt 255's result was struck too: no attempt is left, so the request is cancelled and refunded.
    expect((await f.oracle.statusOf(requestId)).state).to.equal(4n);
    expect(await f.oracle.creditOf(f.requester.address)).to.equal(E('0.01'));
    const games = await f.game.gameCount();
    expect(games).to.equal(256n);
    for (let id = 1n; id <= games; id++) expect((await f.game.gameState(id)).phase).to.equal(9n); // ChallengerWon
  });
});
