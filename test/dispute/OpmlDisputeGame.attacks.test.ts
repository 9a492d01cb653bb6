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

  describe('a friend of the operator "winning" first, or padding its way to the bond', function () {
    // The base fee at the compensation cap: what a sender burns is then exactly what is compensated.
    const BASE_FEE = COMPENSATION_GAS_PRICE;
    /** Transaction options at that base fee and no tip, so what a sender burns is gasUsed × base fee. */
    async function atBaseFee() {
      await ethers.provider.send('hardhat_setNextBlockBaseFeePerGas', [ethers.toQuantity(BASE_FEE)]);
      return { maxFeePerGas: BASE_FEE, maxPriorityFeePerGas: 0n };
    }
    /** Wei `account` burned in its transactions of blocks `from`..latest. */
    async function burnedBy(account: string, from: number): Promise<bigint> {
      let total = 0n;
      const latest = await ethers.provider.getBlockNumber();
      for (let n = from; n <= latest; n++) {
        const block = await ethers.provider.getBlock(n, true);
        for (const tx of block!.prefetchedTransactions)
          if (tx.from === account) {
            const receipt = (await ethers.provider.getTransactionReceipt(tx.hash))!;
            total += receipt.gasUsed * block!.baseFeePerGas!;
          }
      }
      return total;
    }
    /** The honest challenger's game and the friend's, both lost by the silent operator, settled in `order`. */
    async function settledIn(order: 'friend first' | 'honest first', padded = 0) {
      const f = await gameFixture();
      const { lie, requestId, params, primary } = await wrongResult(f);
      const { posted } = await (await clientOf(f.oracle)).getResult(requestId);
      const stakeBefore = (await f.oracle.operatorOf(primary.address)).stake;
      const from = (await ethers.provider.getBlockNumber()) + 1;
      const args = [
        requestId,
        params,
        posted,
        toHex(lie.output),
        toHex(lie.finalStateRoot),
        DRAWING,
        registryCommitment(lie.pkg.manifest),
      ] as const;
      await f.game.connect(f.honest).challenge(...args, { value: BOND, ...(await atBaseFee()) });
      const honestGame = await f.game.gameCount();
      let friendGames: bigint[];
      let friendAccount = f.friend.address;
      if (padded === 0) {
        await f.game.connect(f.friend).challenge(...args, { value: BOND, ...(await atBaseFee()) });
        friendGames = [await f.game.gameCount()];
      } else {
        // From a contract: `padded` games in one transaction, each call padded with 1 MiB of zeros.
        const padder = await ethers.deployContract('CalldataPadder', [], f.friend);
        friendAccount = await padder.getAddress();
        const data = f.game.interface.encodeFunctionData('challenge', [...args]);
        const before = await f.game.gameCount();
        await padder.connect(f.friend).callPadded(await f.game.getAddress(), data, 1024 * 1024, padded, BOND, {
          value: BOND * BigInt(padded),
          ...(await atBaseFee()),
        });
        friendGames = Array.from({ length: padded }, (_, i) => before + 1n + BigInt(i));
      }
      await time.increase(CLOCK + 1);
      const games = order === 'friend first' ? [...friendGames, honestGame] : [honestGame, ...friendGames];
      const burnBefore = await ethers.provider.getBalance(BURN);
      const resultId = (await (await clientOf(f.oracle)).getResult(requestId)).resultId;
      for (const gameId of games) {
        const who = gameId === honestGame ? f.honest : f.friend;
        // Once the result is struck a game needs no timeout: it settles void at once.
        if (!(await f.game.disputesOf(resultId)).struck) await f.game.connect(who).timeout(gameId, await atBaseFee());
        await f.game.connect(who).settle(gameId, params, await atBaseFee());
      }
      const honestCredit = await f.game.creditOf(f.honest.address);
      const friendCredit = await f.game.creditOf(friendAccount);
      await f.game.connect(f.honest).withdraw(await atBaseFee());
      if (padded === 0) await f.game.connect(f.friend).withdraw(await atBaseFee());
      return {
        f,
        honestCredit,
        friendCredit,
        burned: (await ethers.provider.getBalance(BURN)) - burnBefore,
        operatorLoss: stakeBefore - (await f.oracle.operatorOf(primary.address)).stake,
        honestBurned: await burnedBy(f.honest.address, from),
        friendBurned: await burnedBy(f.friend.address, from),
        friendGames: BigInt(friendGames.length),
      };
    }

    it("pays everyone the same whoever settles first, and the honest challenger's costs in full", async function () {
      const a = await settledIn('friend first');
      const b = await settledIn('honest first');
      for (const r of [a, b]) {
        // The operator loses its whole bond either way, and its friend recovers what it burned (within
        // the estimate of its calls' fixed costs: a few per cent of them), never a reward.
        expect(r.operatorLoss).to.equal(CONFIG.resultBond);
        expect(r.friendCredit - BOND).to.be.lessThanOrEqual((r.friendBurned * 108n) / 100n);
        // Never out of pocket: its bond back, and all it burned (challenge, timeout, settle, withdraw).
        expect(r.honestCredit - BOND, `${r.honestCredit - BOND} < ${r.honestBurned}`).to.be.greaterThanOrEqual(
          r.honestBurned,
        );
        // Everything of the slashed bond that no challenger spent is burned.
        expect(r.burned).to.be.greaterThan(BigInt(CONFIG.resultBond) / 2n);
      }
      // The pair's recovery does not depend on who won first.
      expect(a.friendCredit - BOND - a.friendBurned).to.be.within(-(a.friendBurned / 10n), a.friendBurned / 10n);
      expect(b.friendCredit - BOND - b.friendBurned).to.be.within(-(b.friendBurned / 10n), b.friendBurned / 10n);
    });

    it('a friend that batches padded calls from a contract is counted no more than it burns', async function () {
      const r = await settledIn('friend first', 30);
      // 30 games in one transaction with 1 MiB of padding each: counted once, at their ABI size.
      const friendTake = r.friendCredit - BOND * r.friendGames;
      expect(friendTake).to.be.lessThanOrEqual((r.friendBurned * 108n) / 100n);
      expect(r.honestCredit - BOND).to.be.greaterThanOrEqual(r.honestBurned);
      expect(r.operatorLoss).to.equal(CONFIG.resultBond);
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
