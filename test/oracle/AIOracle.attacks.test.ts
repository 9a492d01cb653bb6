import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture, mine, time } from '@nomicfoundation/hardhat-network-helpers';
import type { HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/signers';
import {
  CONFIG,
  DRAWING,
  E,
  oracleFixture,
  postedFrom,
  primaryFor,
  requestedFrom,
  type RequestParams,
} from '../shared/oracleFixtures';

/**
 * The attacks of the contracts review, played as the attacker would, each failing to profit:
 * grinding the operator draw, draining a callback escrow through the priority fee, stranding an
 * ORA-style consumer's refunds and shortchanging a callback's gas with large calldata.
 */
const GAS_PRICE = 10n ** 9n;
const abi = ethers.AbiCoder.defaultAbiCoder();
const SEEDS = Number(process.env.GRIND_SEEDS ?? 24);
const anyUint = (v: unknown) => typeof v === 'bigint';

type Fixture = Awaited<ReturnType<typeof oracleFixture>>;

/** The fixture once its operators' stakes are older than the longest response window. */
async function settledFixture() {
  const f = await oracleFixture();
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

/**
 * The top-up of `attacker`'s stake that would name it primary if the draw read live stakes in the
 * list's order (what the attacker can compute once the seed block is public), or undefined.
 */
async function grindingTopUp(f: Fixture, r: Awaited<ReturnType<typeof plainRequest>>, attacker: string) {
  const seed = (await ethers.provider.getBlock(Number(r.attempt.drawBlock) + 1))!.hash!;
  const h = BigInt(ethers.keccak256(abi.encode(['bytes32', 'uint256', 'uint8'], [seed, r.requestId, r.attempt.index])));
  const members = (await f.oracle.membersOf(f.modelId)).filter((m) => m.leftAt === 0n);
  const stakes = await Promise.all(members.map(async (m) => (await f.oracle.operatorOf(m.operator)).stake));
  const index = members.findIndex((m) => m.operator === attacker);
  const before = stakes.slice(0, index).reduce((a, b) => a + b, 0n);
  const total = stakes.reduce((a, b) => a + b, 0n);
  for (let d = 1n; d < 200_000n; d++) {
    const pick = h % (total + d);
    if (pick >= before && pick < before + stakes[index]! + d) return d;
  }
  return undefined;
}

describe('AIOracle (attacks)', function () {
  describe('grinding the operator draw after its seed is public', function () {
    it(`never moves the draw: top-ups, reshuffles, exits and newcomers (${SEEDS} seeds)`, async function () {
      const f = await loadFixture(settledFixture);
      const newcomer = (await ethers.getSigners())[12]!;
      let available = 0;
      for (let s = 0; s < SEEDS; s++) {
        const r = await plainRequest(f);
        const primary = await primaryFor(f.oracle, r.requestId, r.params, r.attempt);
        expect(primary).to.not.equal(ethers.ZeroAddress);
        const [attacker, other] = f.operators.filter((o) => o.address !== primary);
        // 1. The attacker tops its stake up by exactly what would name it under live weights.
        const topUp = await grindingTopUp(f, r, attacker!.address);
        if (topUp !== undefined) {
          available++;
          await f.oracle.connect(attacker!).stake({ value: topUp });
        }
        // 2. Another operator reshuffles the list (leaves; it may not rejoin inside the window).
        await f.oracle.connect(other!).optOut(f.modelId);
        await expect(f.oracle.connect(other!).optIn(f.modelId)).to.be.revertedWithCustomError(
          f.oracle,
          'OracleMembershipChangePending',
        );
        // 3. A newcomer stakes and joins.
        if (s === 0) await f.oracle.connect(newcomer).stake({ value: E('50') });
        if ((await f.oracle.membersOf(f.modelId)).every((m) => m.operator !== newcomer.address || m.leftAt !== 0n))
          await f.oracle.connect(newcomer).optIn(f.modelId);
        // 4. A second top-up inside the window is refused, with the time it is allowed again.
        if (topUp !== undefined)
          await expect(f.oracle.connect(attacker!).stake({ value: 1n })).to.be.revertedWithCustomError(
            f.oracle,
            'OracleWeightChangePending',
          );
        // 4b. On the last seed, the primary itself starts its exit (it then may not answer at all).
        if (s === SEEDS - 1) await f.oracle.connect(f.operators.find((o) => o.address === primary)!).requestExit();
        // Whatever happened since the request, the draw names the same operator, who alone may answer.
        expect(await f.oracle.primaryOf(r.requestId, r.params, r.attempt)).to.equal(primary);
        await expect(f.oracle.connect(attacker!).submit(r.requestId, r.params, r.attempt, f.output, f.stateRoot))
          .to.be.revertedWithCustomError(f.oracle, 'OracleNotPrimary')
          .withArgs(attacker!.address, primary, anyUint);
        // Reset for the next seed: past the window, the leaver rejoins and the newcomer leaves.
        await time.increase(CONFIG.responseWindow + 1);
        await f.oracle.connect(other!).optIn(f.modelId);
        await f.oracle.connect(newcomer).optOut(f.modelId);
        await time.increase(CONFIG.responseWindow + 1);
      }
      // The live-weight attack was open in a good share of the seeds, and failed every time.
      expect(available).to.be.greaterThan(SEEDS / 4);
    });

    it('a slash counts only for requests made after it', async function () {
      const f = await loadFixture(settledFixture);
      await f.oracle.connect(f.owner).setDisputeGame(f.gameSigner.address);
      const r = await plainRequest(f);
      const primary = await primaryFor(f.oracle, r.requestId, r.params, r.attempt);
      const signer = f.operators.find((o) => o.address === primary)!;
      const { resultId, posted } = await postedFrom(
        f.oracle,
        f.oracle.connect(signer).submit(r.requestId, r.params, r.attempt, f.output, f.stateRoot),
      );
      const pending = await plainRequest(f);
      await mine(2);
      const drawn = await f.oracle.primaryOf(pending.requestId, pending.params, pending.attempt);
      const weight = await f.oracle.drawWeightAt(primary, BigInt(pending.attempt.deadline) - BigInt(CONFIG.timeout));
      // The strike takes the bond from the stake at once (no open window depended on the operator's
      // previous weight change), as a draw-weight change.
      await f.oracle.connect(f.gameSigner).strike(r.requestId, r.params, resultId, posted);
      // The pending request still draws with the stake as it was; new requests see the slash.
      expect(await f.oracle.primaryOf(pending.requestId, pending.params, pending.attempt)).to.equal(drawn);
      const openedAt = BigInt(pending.attempt.deadline) - BigInt(CONFIG.timeout);
      expect(await f.oracle.drawWeightAt(primary, openedAt)).to.equal(weight);
      const now = BigInt(await time.latest());
      expect(await f.oracle.drawWeightAt(primary, now + 1n)).to.equal(weight - BigInt(CONFIG.resultBond));
      expect((await f.oracle.operatorOf(primary)).stake).to.equal(weight - BigInt(CONFIG.resultBond));
    });
  });

  it('32 idle members cannot shut a model off: exiting members leave it once no draw weighs them', async function () {
    const f = await loadFixture(settledFixture);
    const cap = Number(await f.oracle.MAX_OPERATORS_PER_MODEL());
    const minStake = (await f.oracle.config()).minStake;
    // Sybils fill the model (the fixture's three operators are members already), then give up their
    // draw weight by exiting: they can never answer, nor be slashed.
    const sybils: HardhatEthersSigner[] = [];
    for (let i = 0; i < cap - 3; i++) {
      const w = ethers.Wallet.createRandom().connect(ethers.provider) as unknown as HardhatEthersSigner;
      await f.stranger.sendTransaction({ to: w.address, value: minStake + E('0.1') });
      await f.oracle.connect(w).stake({ value: minStake });
      await f.oracle.connect(w).optIn(f.modelId);
      sybils.push(w);
    }
    const newcomer = (await ethers.getSigners())[12]!;
    await f.oracle.connect(newcomer).stake({ value: E('3') });
    await expect(f.oracle.connect(newcomer).optIn(f.modelId))
      .to.be.revertedWithCustomError(f.oracle, 'OracleTooManyOperators')
      .withArgs(f.modelId, cap);
    await time.increase(CONFIG.responseWindow + 1);
    for (const w of sybils) await f.oracle.connect(w).requestExit();
    // Once no open window can weigh them, the next opt-in evicts them, and they may withdraw.
    await time.increase(CONFIG.responseWindow + 1);
    await f.oracle.connect(newcomer).optIn(f.modelId);
    const members = (await f.oracle.membersOf(f.modelId)).map((m) => m.operator);
    expect(members).to.include(newcomer.address);
    expect(members).to.not.include(sybils[0]!.address);
    expect((await f.oracle.operatorOf(sybils[0]!.address)).models).to.equal(0n);
    await time.increase(CONFIG.unstakeDelay);
    await expect(f.oracle.connect(sybils[0]!).withdrawStake()).to.changeEtherBalance(sybils[0]!, minStake);
  });

  it("a finalizer's priority fee cannot drain the callback escrow: it is reimbursed at the request's price", async function () {
    const f = await loadFixture(oracleFixture);
    const gasLimit = 200_000n;
    const r = await requestedFrom(
      f.oracle,
      f.oracle
        .connect(f.requester)
        .requestCallback(f.modelId, DRAWING, await f.consumer.getAddress(), gasLimit, abi.encode(['uint256'], [1]), {
          value: E('0.01') + gasLimit * GAS_PRICE,
          gasPrice: GAS_PRICE,
        }),
    );
    expect(r.params.escrow).to.equal(gasLimit * GAS_PRICE);
    const primary = await primaryFor(f.oracle, r.requestId, r.params, r.attempt);
    const { posted } = await postedFrom(
      f.oracle,
      f.oracle
        .connect(f.operators.find((o) => o.address === primary)!)
        .submit(r.requestId, r.params, r.attempt, f.output, f.stateRoot),
    );
    await time.increase(CONFIG.challengeWindow);
    // A finalizer that builds its own block pays itself a 1000× tip.
    const receipt = await (
      await f.oracle
        .connect(f.stranger)
        .finalize(r.requestId, r.params, posted, f.output, f.stateRoot, abi.encode(['uint256'], [1]), {
          gasPrice: 1000n * GAS_PRICE,
        })
    ).wait();
    const finalized = receipt!.logs.map((l) => f.oracle.interface.parseLog(l)).find((p) => p?.name === 'Finalized')!;
    const used = finalized.args.callbackGasUsed as bigint;
    const reimbursed = finalized.args.finalizerReimbursed as bigint;
    expect(reimbursed).to.equal((used + 10_000n) * GAS_PRICE);
    expect(reimbursed).to.be.lessThan(r.params.escrow);
    expect(await f.oracle.creditOf(f.requester.address)).to.equal(BigInt(r.params.escrow) - reimbursed);
  });

  describe("an ORA-style consumer's refunds", function () {
    it('reach it without code changes: anyone pays them out with withdrawFor', async function () {
      const f = await loadFixture(oracleFixture);
      const consumer = await ethers.deployContract('PromptConsumer', [await f.oracle.getAddress()]);
      const consumerAddress = await consumer.getAddress();
      const estimate = await consumer.estimateFee(f.modelId);
      // The user overpays through the consumer; the excess is the consumer's credit at once.
      const r = await requestedFrom(
        f.oracle,
        consumer.connect(f.requester).calculateAIResult(f.modelId, DRAWING, { value: estimate + E('0.5') }),
      );
      // (What was paid above the fee escrows the callback at up to the request's gas price; the rest is credit.)
      expect(await f.oracle.creditOf(consumerAddress)).to.equal(
        estimate + E('0.5') - E('0.01') - BigInt(r.params.escrow),
      );
      const primary = await primaryFor(f.oracle, r.requestId, r.params, r.attempt);
      const { posted } = await postedFrom(
        f.oracle,
        f.oracle
          .connect(f.operators.find((o) => o.address === primary)!)
          .submit(r.requestId, r.params, r.attempt, f.output, f.stateRoot),
      );
      await time.increase(CONFIG.challengeWindow);
      const callbackData = abi.encode(['uint256', 'bytes'], [f.modelId, DRAWING]);
      await f.oracle.connect(f.stranger).finalize(r.requestId, r.params, posted, f.output, f.stateRoot, callbackData);
      expect(await consumer.outputs(f.modelId, DRAWING)).to.equal(f.output);
      // The unused escrow joined the credit; a stranger (the oracle node) pays it to the consumer.
      const credit = await f.oracle.creditOf(consumerAddress);
      expect(credit).to.be.greaterThan(E('0.5'));
      const pay = f.oracle.connect(f.stranger).withdrawFor(consumerAddress);
      await expect(pay).to.emit(f.oracle, 'Withdrawn').withArgs(consumerAddress, consumerAddress, credit);
      await expect(pay).to.changeEtherBalances([consumer, f.stranger], [credit, 0]);
      expect(await f.oracle.creditOf(consumerAddress)).to.equal(0);
      // And nothing is stranded in the consumer: the examples let their owner pass refunds on.
      await expect(consumer.connect(f.stranger).sendRefunds(f.stranger.address)).to.be.revertedWithCustomError(
        consumer,
        'OwnableUnauthorizedAccount',
      );
      await expect(consumer.connect(f.owner).sendRefunds(f.requester.address)).to.changeEtherBalances(
        [consumer, f.requester],
        [-credit, credit],
      );
      await expect(consumer.connect(f.owner).sendRefunds(f.requester.address)).to.be.revertedWithCustomError(
        consumer,
        'RefundsNothingToSend',
      );
    });

    it('are paid in batches; an account that refuses keeps its credit and blocks no one', async function () {
      const f = await loadFixture(oracleFixture);
      const refusing = await ethers.deployContract('RejectingHolder');
      const request = f.oracle.interface.encodeFunctionData('requestCallback', [
        f.modelId,
        DRAWING,
        ethers.ZeroAddress,
        0,
        '0x',
      ]);
      await refusing.execute(await f.oracle.getAddress(), request, { value: E('0.02') });
      await f.oracle
        .connect(f.requester)
        .requestCallback(f.modelId, DRAWING, ethers.ZeroAddress, 0, '0x', { value: E('0.03') });
      const who = [await refusing.getAddress(), f.requester.address, f.stranger.address];
      const batch = f.oracle.connect(f.stranger).withdrawForMany(who);
      await expect(batch).to.emit(f.oracle, 'WithdrawFailed').withArgs(who[0], E('0.01'));
      await expect(batch).to.changeEtherBalance(f.requester, E('0.02'));
      expect(await f.oracle.creditOf(who[0]!)).to.equal(E('0.01'));
      await expect(
        f.oracle.withdrawForMany(Array.from({ length: 101 }, () => f.requester.address)),
      ).to.be.revertedWithCustomError(f.oracle, 'OracleBatchSize');
    });
  });

  it('a callback gets its whole gas limit with the largest output and callback data the limits allow', async function () {
    const f = await loadFixture(oracleFixture);
    // A model whose output is the largest the registry allows (64 KiB); its operators opt in.
    await f.registry.connect(f.developer).register({
      commitment: {
        graphRoot: ethers.id('big-graph'),
        paramsRoot: ethers.id('big-params'),
        io: { inputRows: 1, inputCols: 64, inputDtype: 0, outputRows: 16, outputCols: 4096, outputDtype: 0 },
        opCount: 1,
        stateDepth: 1,
      },
      packageURI: 'big',
      license: ethers.encodeBytes32String('MIT'),
      fee: E('0.01'),
      split: { holdersBps: 6000, developerBps: 2000, operatorBps: 1500, protocolBps: 500 },
      token: {
        name: 'Big',
        symbol: 'BIG',
        recipients: [f.holder.address],
        amounts: [E('1')],
        escrows: [],
        reserveBps: 0,
      },
    });
    const modelId = 2n;
    for (const op of f.operators) await f.oracle.connect(op).optIn(modelId);
    await time.increase(CONFIG.responseWindow + 1);
    const consumer = await ethers.deployContract('GasRecordingConsumer');
    const gasLimit = 1_000_000n;
    const fill = (n: number, byte: number) => ethers.hexlify(new Uint8Array(n).fill(byte));
    const callbackData = fill(Number(await f.oracle.MAX_CALLBACK_DATA()), 0xab);
    const output = fill(65_536, 0x7f);
    await expect(
      f.oracle
        .connect(f.requester)
        .requestCallback(modelId, '0x01', await consumer.getAddress(), gasLimit, callbackData + 'ab', {
          value: E('1'),
        }),
    )
      .to.be.revertedWithCustomError(f.oracle, 'OracleCallbackDataTooLong')
      .withArgs(65_537, 65_536);
    const r = await requestedFrom(
      f.oracle,
      f.oracle
        .connect(f.requester)
        .requestCallback(modelId, '0x01', await consumer.getAddress(), gasLimit, callbackData, {
          value: E('0.01') + gasLimit * GAS_PRICE,
          gasPrice: GAS_PRICE,
        }),
    );
    const primary = await primaryFor(f.oracle, r.requestId, r.params, r.attempt);
    const { posted } = await postedFrom(
      f.oracle,
      f.oracle
        .connect(f.operators.find((o) => o.address === primary)!)
        .submit(r.requestId, r.params as RequestParams, r.attempt, output, f.stateRoot),
    );
    await time.increase(CONFIG.challengeWindow);
    const finalize = f.oracle.connect(f.stranger).finalize;
    // The least gas with which finalize does not revert: the callee must still get all of its limit.
    const least = await finalize.estimateGas(r.requestId, r.params, posted, output, f.stateRoot, callbackData);
    await finalize(r.requestId, r.params, posted, output, f.stateRoot, callbackData, { gasLimit: least });
    expect(await consumer.gasAtEntry()).to.be.greaterThanOrEqual(gasLimit - 100n);
    expect(await f.oracle.isFinalized(r.requestId)).to.equal(true);
  });
});
