import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture, mine, time } from '@nomicfoundation/hardhat-network-helpers';
import { ProposerPlayer, readGame } from '../../oracle/src/dispute/players';
import { toHex } from '../../oracle/src/runtime';
import { answered, clientOf, deployDisputeGame, openGame, tampered } from '../shared/disputeFixtures';
import {
  CONFIG,
  DRAWING,
  E,
  oracleFixture,
  postedFrom,
  primaryFor,
  reopenedFrom,
  requestedFrom,
} from '../shared/oracleFixtures';

/**
 * Attacks an adversarial review of the hardened contracts tried that failed: the defence held.
 * Kept as regression tests (the oracle's draw and stakes, batch withdrawals, and the dispute game's
 * disputed flag).
 */
type Fixture = Awaited<ReturnType<typeof oracleFixture>>;

/** The fixture with its operators' stakes older than the longest response window and a stand-in game. */
async function strikeFixture() {
  const f = await oracleFixture();
  await f.oracle.connect(f.owner).setDisputeGame(f.gameSigner.address);
  await time.increase(CONFIG.responseWindow + 1);
  return f;
}

async function plainRequest(f: Fixture) {
  return requestedFrom(
    f.oracle,
    f.oracle
      .connect(f.requester)
      .requestCallback(f.modelId, DRAWING, ethers.ZeroAddress, 0, '0x', { value: E('0.01') }),
  );
}

/** A request answered by its primary; returns the posting and the primary's signer. */
async function answeredRequest(f: Fixture) {
  const r = await plainRequest(f);
  const primary = await primaryFor(f.oracle, r.requestId, r.params, r.attempt);
  const signer = f.operators.find((o) => o.address === primary)!;
  const posting = await postedFrom(
    f.oracle,
    f.oracle.connect(signer).submit(r.requestId, r.params, r.attempt, f.output, f.stateRoot),
  );
  return { ...r, ...posting, signer };
}

describe('AIOracle and OpmlDisputeGame (defences that held under review)', function () {
  this.timeout(0);

  it("a reopened attempt's draw does not move under top-ups, exits, slashes folded in or newcomers inside its window", async function () {
    const f = await loadFixture(strikeFixture);
    const a = await answeredRequest(f);
    const reopened = await reopenedFrom(
      f.oracle,
      f.oracle.connect(f.gameSigner).strike(a.requestId, a.params, a.resultId, a.posted),
    );
    const primary = await primaryFor(f.oracle, a.requestId, a.params, reopened);
    expect(primary).to.not.equal(ethers.ZeroAddress);
    expect(primary).to.not.equal(a.signer.address); // the struck operator is out
    const others = f.operators.filter((o) => o.address !== primary && o.address !== a.signer.address);
    // Inside the reopened window (the strike took the struck operator's bond from its stake): a big
    // top-up, the primary leaving the model, a newcomer with a huge stake joining.
    await f.oracle.connect(others[0]!).stake({ value: E('500') });
    await f.oracle.connect(f.operators.find((o) => o.address === primary)!).optOut(f.modelId);
    const newcomer = (await ethers.getSigners())[12]!;
    await f.oracle.connect(newcomer).stake({ value: E('1000') });
    await f.oracle.connect(newcomer).optIn(f.modelId);
    await mine(3);
    expect(await f.oracle.primaryOf(a.requestId, a.params, reopened)).to.equal(primary);
    for (const who of [others[0]!, newcomer, a.signer])
      await expect(f.oracle.connect(who).submit(a.requestId, a.params, reopened, f.output, f.stateRoot)).to.be.reverted;
    // The primary that left may still answer the attempt it was drawn for.
    await expect(
      f.oracle
        .connect(f.operators.find((o) => o.address === primary)!)
        .submit(a.requestId, a.params, reopened, f.output, f.stateRoot),
    ).to.emit(f.oracle, 'ResultSubmitted');
  });

  it('an operator cannot dodge a slash by exiting with a result pending, and withdraws exactly its stake less the bond', async function () {
    const f = await loadFixture(strikeFixture);
    const a = await answeredRequest(f);
    const stake = (await f.oracle.operatorOf(a.signer.address)).stake;
    await f.oracle.connect(a.signer).requestExit();
    await f.oracle.connect(a.signer).optOut(f.modelId);
    await time.increase(CONFIG.unstakeDelay + CONFIG.responseWindow + 1);
    await expect(f.oracle.connect(a.signer).withdrawStake()).to.be.revertedWithCustomError(
      f.oracle,
      'OracleStakeLocked',
    );
    // Struck while exiting: the bond goes to the game, the rest is withdrawable, once.
    const held = await ethers.provider.getBalance(await f.oracle.getAddress());
    await f.oracle.connect(f.gameSigner).strike(a.requestId, a.params, a.resultId, a.posted);
    const bond = BigInt(CONFIG.resultBond);
    expect((await f.oracle.operatorOf(a.signer.address)).locked).to.equal(0n);
    await expect(f.oracle.connect(a.signer).withdrawStake()).to.changeEtherBalance(a.signer, stake - bond);
    expect(await ethers.provider.getBalance(await f.oracle.getAddress())).to.equal(held - stake);
    await expect(f.oracle.connect(a.signer).withdrawStake()).to.be.revertedWithCustomError(
      f.oracle,
      'OracleNotExiting',
    );
    // The refunded request is still answerable by the others (and its requester keeps every wei).
    expect((await f.oracle.operatorOf(a.signer.address)).stake).to.equal(0n);
  });

  it('withdrawForMany: an account that re-enters is refused, and nobody is paid twice', async function () {
    const f = await loadFixture(oracleFixture);
    const oracle = await f.oracle.getAddress();
    const request = f.oracle.interface.encodeFunctionData('requestCallback', [
      f.modelId,
      DRAWING,
      ethers.ZeroAddress,
      0,
      '0x',
    ]);
    for (const kind of ['withdrawForMany', 'withdrawFor'] as const) {
      const actor = await ethers.deployContract('ReentrantActor');
      await actor.execute(oracle, request, E('0.05'), { value: E('0.05') }); // 0.04 excess credited
      await f.oracle
        .connect(f.requester)
        .requestCallback(f.modelId, DRAWING, ethers.ZeroAddress, 0, '0x', { value: E('0.03') });
      const who = [await actor.getAddress(), f.requester.address, await actor.getAddress()];
      await actor.setAttack(
        oracle,
        kind === 'withdrawForMany'
          ? f.oracle.interface.encodeFunctionData('withdrawForMany', [who])
          : f.oracle.interface.encodeFunctionData('withdrawFor', [f.requester.address]),
      );
      const before = await ethers.provider.getBalance(oracle);
      const credits = (await f.oracle.creditOf(who[0]!)) + (await f.oracle.creditOf(who[1]!));
      await f.oracle.connect(f.stranger).withdrawForMany(who, { gasLimit: 1_000_000n });
      expect(await actor.reentered(), kind).to.equal(true);
      expect(await actor.reentrySucceeded(), kind).to.equal(false);
      expect(await actor.received(), kind).to.equal(E('0.04'));
      expect(before - (await ethers.provider.getBalance(oracle)), kind).to.equal(credits);
      expect(await f.oracle.creditOf(f.requester.address), kind).to.equal(0n);
    }
  });

  describe('the dispute game', function () {
    async function gameFixture() {
      const f = await oracleFixture();
      const game = await deployDisputeGame(f.oracle, f.registry, E('1'), 600, 30);
      await f.oracle.connect(f.owner).setDisputeGame(await game.getAddress());
      await f.oracle
        .connect(f.owner)
        .setConfig({ ...CONFIG, challengeWindow: 3600, unstakeDelay: 3600, treasury: f.owner.address });
      const lie = await tampered(f.trace, f.trace.opCount, 0);
      const signers = await ethers.getSigners();
      return {
        ...f,
        game,
        lie,
        ...(await answered(f.oracle, f.requester, f.operators, f.modelId, DRAWING, lie)),
        honest: signers[10]!,
        friend: signers[11]!,
      };
    }

    it("a friend's lost game settled first does not clear the disputed flag while the honest game is open; every game settles once; no ETH stays behind", async function () {
      const f = await loadFixture(gameFixture);
      const friendGame = (await openGame(f.game, f.friend, f.requestId, f.params, f.lie, DRAWING)).gameId;
      const honestGame = (await openGame(f.game, f.honest, f.requestId, f.params, f.lie, DRAWING)).gameId;
      // The operator plays the friend's game to the friend's turn; the friend then goes silent.
      const proposer = new ProposerPlayer(f.game.connect(f.primary), f.lie);
      while ((await readGame(f.game, friendGame)).phase !== 'bisectResponse')
        await proposer.move(friendGame, await readGame(f.game, friendGame));
      await time.increase(3600);
      await f.game.timeout(friendGame); // ProposerWon
      await f.game.settle(friendGame, f.params);
      await expect(f.game.settle(friendGame, f.params)).to.be.revertedWithCustomError(f.game, 'GameNotSettleable');
      // Past the challenge window, with the honest game still open: the wrong result cannot finalize.
      expect((await f.oracle.statusOf(f.requestId)).disputed).to.equal(true);
      const { posted } = await (await clientOf(f.oracle)).getResult(f.requestId);
      await expect(
        f.oracle.finalize(f.requestId, f.params, posted, toHex(f.lie.output), toHex(f.lie.finalStateRoot), '0x'),
      ).to.be.revertedWithCustomError(f.oracle, 'OracleResultDisputed');
      // The honest game is won on time and strikes; the game contract ends holding nothing.
      await f.game.timeout(honestGame);
      await expect(f.game.settle(honestGame, f.params)).to.emit(f.oracle, 'ResultStruck');
      await expect(f.game.settle(honestGame, f.params)).to.be.revertedWithCustomError(f.game, 'GameNotSettleable');
      const gameAddress = await f.game.getAddress();
      for (const who of [f.honest, f.primary]) await f.game.connect(who).withdraw();
      expect(await f.game.creditOf(f.friend.address)).to.equal(0n);
      expect(await ethers.provider.getBalance(gameAddress)).to.equal(0n);
    });
  });
});
