import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture, mine, time } from '@nomicfoundation/hardhat-network-helpers';
import type { HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/signers';
import { runModel, toHex } from '../../oracle/src/runtime';
import {
  CONFIG,
  DRAWING,
  E,
  oracleFixture,
  postedFrom,
  postingsFrom,
  primaryFor,
  reopenedFrom,
  requestedFrom,
  type Attempt,
  type Posted,
  type RequestParams,
} from '../shared/oracleFixtures';

const GAS_PRICE = 10n ** 9n;
const TX = { gasPrice: GAS_PRICE };

type Fixture = Awaited<ReturnType<typeof oracleFixture>>;

/** A request through the example consumer (its callback gas limit is 50k). */
async function requestDigit(f: Fixture, input: Uint8Array = DRAWING) {
  const fee = E('0.01') + 50_000n * GAS_PRICE;
  return requestedFrom(
    f.oracle,
    f.consumer.connect(f.requester).calculateAIResult(f.modelId, input, { value: fee, ...TX }),
  );
}

function signerOf(f: Fixture, address: string): HardhatEthersSigner {
  const s = f.operators.find((o) => o.address === address);
  if (!s) throw new Error(`no operator ${address}`);
  return s;
}

type Request = Awaited<ReturnType<typeof requestedFrom>>;

/** Submits the fixture's result as the drawn primary; returns it, the result id and the posting. */
async function submitAsPrimary(f: Fixture, r: Request) {
  const primary = signerOf(f, await primaryFor(f.oracle, r.requestId, r.params, r.attempt));
  const { resultId, posted } = await postedFrom(
    f.oracle,
    f.oracle.connect(primary).submit(r.requestId, r.params, r.attempt, f.output, f.stateRoot),
  );
  return { primary, resultId, posted };
}

const abi = ethers.AbiCoder.defaultAbiCoder();
const PARAMS_TUPLE =
  'tuple(address,uint64,address,uint64,bytes32,bytes32,address,uint96,uint96,uint64,uint32,uint96,uint32,uint32,uint32)';
const paramsHashOf = (params: RequestParams) => ethers.keccak256(abi.encode([PARAMS_TUPLE], [Object.values(params)]));
/** The 240 bits of a commitment the request's slot keeps (its low 16 bits hold state and the disputed flag). */
const stored = (commitment: string) => ethers.toBeHex(BigInt(commitment) & ~0xffffn, 32);
const requestedCommitment = (params: RequestParams, a: Attempt) =>
  stored(
    ethers.keccak256(
      abi.encode(['bytes32', 'tuple(uint8,uint32,uint40)'], [paramsHashOf(params), [a.index, a.drawBlock, a.deadline]]),
    ),
  );
const postedCommitment = (params: RequestParams, resultId: string, p: Posted) =>
  stored(
    ethers.keccak256(
      abi.encode(
        ['bytes32', 'bytes32', 'tuple(address,uint8,uint40)'],
        [paramsHashOf(params), resultId, [p.operator, p.attempt, p.challengeDeadline]],
      ),
    ),
  );

function resultIdOf(requestId: bigint, operator: string, output: string, stateRoot: string, attempt: number): string {
  return ethers.keccak256(
    ethers.AbiCoder.defaultAbiCoder().encode(
      ['uint256', 'address', 'bytes32', 'bytes32', 'uint8'],
      [requestId, operator, ethers.keccak256(output), stateRoot, attempt],
    ),
  );
}

async function withGame() {
  const f = await oracleFixture();
  await f.oracle.connect(f.owner).setDisputeGame(f.gameSigner.address);
  return f;
}

describe('AIOracle', function () {
  describe('requestCallback', function () {
    it('fixes the terms in the event and stores them as one slot', async function () {
      const f = await loadFixture(oracleFixture);
      const { requestId, params, attempt } = await requestDigit(f);
      expect(requestId).to.equal(1n);
      expect(params.requester).to.equal(await f.consumer.getAddress());
      expect(params.fee).to.equal(E('0.01'));
      expect(params.escrow).to.equal(50_000n * GAS_PRICE);
      expect(params.outputLength).to.equal(4n);
      expect(params.split).to.equal((6000n << 48n) | (2000n << 32n) | (1500n << 16n) | 500n);
      expect(params.inputHash).to.equal(ethers.keccak256(DRAWING));
      expect(params.challengeWindow).to.equal(BigInt(CONFIG.challengeWindow));
      const block = (await ethers.provider.getBlock('latest'))!;
      expect(attempt).to.deep.equal({
        index: 0n,
        drawBlock: BigInt(block.number),
        deadline: BigInt(block.timestamp + CONFIG.timeout),
      });
      const status = await f.oracle.statusOf(requestId);
      expect([status.state, status.disputed]).to.deep.equal([1n, false]);
      expect(status.commitment).to.equal(requestedCommitment(params, attempt));
      // The whole request is that one slot: state in the low byte, the disputed flag next, then the commitment.
      const slot = await ethers.provider.getStorage(
        await f.oracle.getAddress(),
        ethers.keccak256(abi.encode(['uint256', 'uint256'], [requestId, 5])), // `_requests` is slot 5
      );
      expect(BigInt(slot)).to.equal(BigInt(requestedCommitment(params, attempt)) | 1n);
      expect(await f.oracle.isFinalized(requestId)).to.equal(false);
      expect(await f.oracle.requestCount()).to.equal(1n);
    });

    it('credits any excess payment back to the requester and quotes the fee', async function () {
      const f = await loadFixture(oracleFixture);
      expect(await f.oracle.estimateFee(f.modelId, 0)).to.equal(E('0.01'));
      const tx = f.oracle
        .connect(f.requester)
        .requestCallback(f.modelId, '0x01', ethers.ZeroAddress, 0, '0x', { value: E('1'), ...TX });
      await expect(tx).to.changeEtherBalances([f.requester, f.oracle], [-E('1'), E('1')]);
      expect(await f.oracle.creditOf(f.requester.address)).to.equal(E('0.99'));
      await expect(f.oracle.connect(f.stranger).withdrawFor(f.requester.address))
        .to.emit(f.oracle, 'Withdrawn')
        .withArgs(f.requester.address, f.requester.address, E('0.99'));
    });

    it('a plain off-chain estimate (eth_call, gas price 0) is enough to pay, at any gas price', async function () {
      const f = await loadFixture(oracleFixture);
      const gasLimit = 50_000n;
      // As ethers and wallets call it: no gas price, so tx.gasprice and the base fee read 0.
      const estimate = await f.oracle.estimateFee(f.modelId, gasLimit);
      expect(estimate).to.equal(E('0.01') + gasLimit * BigInt(CONFIG.minCallbackGasPrice));
      for (const gasPrice of [GAS_PRICE, 7n * GAS_PRICE]) {
        const { params } = await requestedFrom(
          f.oracle,
          f.oracle
            .connect(f.requester)
            .requestCallback(f.modelId, '0x01', await f.consumer.getAddress(), gasLimit, '0x', {
              value: estimate,
              gasPrice,
            }),
        );
        // The escrow is what was paid for, priced at most at the request's own gas price.
        expect(params.escrow).to.equal(gasLimit * BigInt(CONFIG.minCallbackGasPrice));
      }
      // Less than the minimum callback price is refused with the amount to pay.
      await expect(
        f.oracle
          .connect(f.requester)
          .requestCallback(f.modelId, '0x01', ethers.ZeroAddress, gasLimit, '0x', { value: estimate - 1n }),
      )
        .to.be.revertedWithCustomError(f.oracle, 'OracleInsufficientFee')
        .withArgs(estimate - 1n, estimate);
      // Called on-chain with a real gas price, the estimate follows it.
      expect(await f.oracle.estimateFee(f.modelId, gasLimit, { gasPrice: 3n * GAS_PRICE })).to.equal(
        E('0.01') + gasLimit * 3n * GAS_PRICE,
      );
    });

    it('rejects bad requests with specific errors', async function () {
      const f = await loadFixture(oracleFixture);
      const o = f.oracle.connect(f.requester);
      await expect(o.requestCallback(f.modelId, new Uint8Array(65), ethers.ZeroAddress, 0, '0x', { value: E('1') }))
        .to.be.revertedWithCustomError(f.oracle, 'OracleInputTooLong')
        .withArgs(65, 64);
      await expect(o.requestCallback(f.modelId, '0x01', ethers.ZeroAddress, 0, '0x', { value: E('0.001') }))
        .to.be.revertedWithCustomError(f.oracle, 'OracleInsufficientFee')
        .withArgs(E('0.001'), E('0.01'));
      await expect(o.requestCallback(f.modelId, '0x01', ethers.ZeroAddress, 5_000_001, '0x', { value: E('1') }))
        .to.be.revertedWithCustomError(f.oracle, 'OracleCallbackGasTooHigh')
        .withArgs(5_000_001, 5_000_000);
      await expect(o.requestCallback(99, '0x01', ethers.ZeroAddress, 0, '0x', { value: E('1') }))
        .to.be.revertedWithCustomError(f.registry, 'ModelRegistryUnknownModel')
        .withArgs(99);
      await f.registry.connect(f.owner).setFreezer(f.gameSigner.address);
      await f.registry.connect(f.gameSigner).freeze(f.modelId);
      await expect(o.requestCallback(f.modelId, '0x01', ethers.ZeroAddress, 0, '0x', { value: E('1') }))
        .to.be.revertedWithCustomError(f.oracle, 'OracleModelFrozen')
        .withArgs(f.modelId);
    });
  });

  describe('happy path on the digits model', function () {
    it('submit → challenge window → finalize: fees split exactly, bond released, callback run', async function () {
      const f = await loadFixture(oracleFixture);
      const { requestId, params, attempt } = await requestDigit(f);
      await mine();
      const primary = signerOf(f, await primaryFor(f.oracle, requestId, params, attempt));
      const resultId = resultIdOf(requestId, primary.address, f.output, f.stateRoot, 0);
      const submitted = f.oracle.connect(primary).submit(requestId, params, attempt, f.output, f.stateRoot);
      await expect(submitted)
        .to.emit(f.oracle, 'ResultSubmitted')
        .withArgs(requestId, resultId, primary.address, 0, f.output, f.stateRoot, anyUint);
      const { posted } = await postedFrom(f.oracle, submitted);
      const submittedAt = (await ethers.provider.getBlock('latest'))!.timestamp;
      expect(posted).to.deep.equal({
        operator: primary.address,
        attempt: 0n,
        challengeDeadline: BigInt(submittedAt + CONFIG.challengeWindow),
      });
      expect((await f.oracle.statusOf(requestId)).commitment).to.equal(postedCommitment(params, resultId, posted));
      expect((await f.oracle.operatorOf(primary.address)).locked).to.equal(CONFIG.resultBond);
      expect(await f.oracle.isCurrentResult(requestId, params, posted, f.output, f.stateRoot)).to.equal(true);
      expect(await f.oracle.isCurrentResult(requestId, params, posted, '0x00000001', f.stateRoot)).to.equal(false);
      expect(await f.oracle.isPendingResult(requestId, params, resultId, posted)).to.equal(true);

      const callbackData = abi.encode(['uint256'], [f.modelId]);
      await expect(
        f.oracle.connect(f.stranger).finalize(requestId, params, posted, f.output, f.stateRoot, callbackData),
      )
        .to.be.revertedWithCustomError(f.oracle, 'OracleDeadlineNotReached')
        .withArgs(requestId, posted.challengeDeadline);
      await time.increase(CONFIG.challengeWindow);
      // A posting with another deadline (or operator, or attempt) is not the one committed.
      for (const wrong of [
        { ...posted, challengeDeadline: BigInt(posted.challengeDeadline) - 1n },
        { ...posted, operator: f.stranger.address },
        { ...posted, attempt: 1n },
      ]) {
        await expect(f.oracle.finalize(requestId, params, wrong, f.output, f.stateRoot, callbackData))
          .to.be.revertedWithCustomError(f.oracle, 'OracleParamsMismatch')
          .withArgs(requestId);
      }
      const tokenAddress = await f.token.getAddress();
      const before = await ethers.provider.getBalance(tokenAddress);
      const tx = f.oracle
        .connect(f.stranger)
        .finalize(requestId, params, posted, f.output, f.stateRoot, callbackData, TX);
      await expect(tx)
        .to.emit(f.consumer, 'promptsUpdated')
        .withArgs(requestId, f.modelId, '0x', f.output, callbackData);
      await expect(tx).to.emit(f.oracle, 'Finalized').withArgs(requestId, resultId, true, anyUint, anyUint);
      expect(await f.oracle.isFinalized(requestId)).to.equal(true);
      expect(await f.oracle.isCurrentResult(requestId, params, posted, f.output, f.stateRoot)).to.equal(true);
      expect(await f.oracle.isPendingResult(requestId, params, resultId, posted)).to.equal(false);
      expect((await f.oracle.operatorOf(primary.address)).locked).to.equal(0);

      const fee = E('0.01');
      const holders = (fee * 6000n) / 10000n;
      expect((await ethers.provider.getBalance(tokenAddress)) - before).to.equal(holders);
      // Developer and protocol shares accrue on the model's ledger until swept into credits.
      expect(await f.oracle.modelLedgerOf(f.modelId)).to.deep.equal([
        (fee * 2000n) / 10000n,
        (fee * 500n) / 10000n,
        false,
      ]);
      expect(await f.oracle.creditOf(primary.address)).to.equal((fee * 1500n) / 10000n);
      await expect(f.oracle.connect(f.stranger).sweepModelFees(f.modelId))
        .to.emit(f.oracle, 'ModelFeesSwept')
        .withArgs(f.modelId, f.developer.address, (fee * 2000n) / 10000n, f.owner.address, (fee * 500n) / 10000n);
      expect(await f.oracle.modelLedgerOf(f.modelId)).to.deep.equal([0n, 0n, false]);
      await expect(f.oracle.sweepModelFees(f.modelId))
        .to.be.revertedWithCustomError(f.oracle, 'OracleNoModelFees')
        .withArgs(f.modelId);
      expect(await f.oracle.creditOf(f.developer.address)).to.equal((fee * 2000n) / 10000n);
      expect(await f.oracle.creditOf(f.owner.address)).to.equal((fee * 500n) / 10000n);
      const reimbursed = await f.oracle.creditOf(f.stranger.address);
      expect(reimbursed).to.be.greaterThan(0);
      expect(reimbursed + (await f.oracle.creditOf(await f.consumer.getAddress()))).to.equal(params.escrow);
      await expect(f.oracle.connect(f.developer).withdraw(f.developer.address)).to.changeEtherBalance(
        f.developer,
        (fee * 2000n) / 10000n,
      );
      await expect(f.oracle.connect(f.developer).withdraw(f.developer.address))
        .to.be.revertedWithCustomError(f.oracle, 'OracleNothingToWithdraw')
        .withArgs(f.developer.address);
      await expect(f.oracle.finalize(requestId, params, posted, f.output, f.stateRoot, callbackData))
        .to.be.revertedWithCustomError(f.oracle, 'OracleWrongState')
        .withArgs(requestId, 3);
    });

    it("a finalizer's wallet estimate is enough gas, though estimates run at gas price 0", async function () {
      const f = await loadFixture(oracleFixture);
      const { requestId, params, attempt } = await requestDigit(f);
      expect(params.escrow).to.be.greaterThan(0n);
      await mine();
      const primary = signerOf(f, await primaryFor(f.oracle, requestId, params, attempt));
      const { posted } = await postedFrom(
        f.oracle,
        f.oracle.connect(primary).submit(requestId, params, attempt, f.output, f.stateRoot),
      );
      await time.increase(CONFIG.challengeWindow);
      const callbackData = abi.encode(['uint256'], [f.modelId]);
      // The stranger has no credit yet: the reimbursement is its first (a fresh storage slot).
      expect(await f.oracle.creditOf(f.stranger.address)).to.equal(0n);
      const asStranger = f.oracle.connect(f.stranger);
      const estimate = await asStranger.finalize.estimateGas(
        requestId,
        params,
        posted,
        f.output,
        f.stateRoot,
        callbackData,
      );
      const receipt = await (
        await asStranger.finalize(requestId, params, posted, f.output, f.stateRoot, callbackData, {
          gasLimit: estimate,
        })
      ).wait();
      expect(receipt!.status).to.equal(1);
      expect(await f.oracle.isFinalized(requestId)).to.equal(true);
      expect(await f.oracle.creditOf(f.stranger.address)).to.be.greaterThan(0n);
    });

    it('the fee split sums exactly for odd fees', async function () {
      const f = await loadFixture(oracleFixture);
      const fee = E('0.01') + 7n;
      await f.registry.connect(f.developer).setFee(f.modelId, fee);
      const request = await requestedFrom(
        f.oracle,
        f.oracle.connect(f.requester).requestCallback(f.modelId, DRAWING, ethers.ZeroAddress, 0, '0x', { value: fee }),
      );
      await mine();
      const { primary, posted } = await submitAsPrimary(f, request);
      await time.increase(CONFIG.challengeWindow);
      const tokenBefore = await ethers.provider.getBalance(await f.token.getAddress());
      await f.oracle
        .connect(f.stranger)
        .finalize(request.requestId, request.params, posted, f.output, f.stateRoot, '0x');
      const holders = (await ethers.provider.getBalance(await f.token.getAddress())) - tokenBefore;
      const [developerOwed, protocolOwed] = await f.oracle.modelLedgerOf(f.modelId);
      const credited = developerOwed + protocolOwed + (await f.oracle.creditOf(primary.address));
      expect(holders + credited).to.equal(fee);
    });

    it('a short input is zero-padded: the operator answers for the padded tensor', async function () {
      const f = await loadFixture(oracleFixture);
      const { requestId, params, attempt } = await requestDigit(f, DRAWING.slice(0, 40));
      expect(params.inputHash).to.equal(ethers.keccak256(DRAWING.slice(0, 40)));
      const padded = new Uint8Array(64);
      padded.set(DRAWING.slice(0, 40));
      const [a, b] = [await runModel(f.pkg, DRAWING.slice(0, 40)), await runModel(f.pkg, padded)];
      expect(toHex(a.finalStateRoot)).to.equal(toHex(b.finalStateRoot));
      await mine();
      const primary = signerOf(f, await primaryFor(f.oracle, requestId, params, attempt));
      await f.oracle.connect(primary).submit(requestId, params, attempt, toHex(a.output), toHex(a.finalStateRoot));
    });
  });

  describe('submit', function () {
    it('only the primary answers in the response window; then any opted-in operator', async function () {
      const f = await loadFixture(oracleFixture);
      const { requestId, params, attempt } = await requestDigit(f);
      const other = f.operators.find((o) => o.address !== ethers.ZeroAddress)!;
      // The error says from which block the draw is known (the block after the request's, then one more).
      await expect(f.oracle.connect(other).submit(requestId, params, attempt, f.output, f.stateRoot))
        .to.be.revertedWithCustomError(f.oracle, 'OracleDrawNotReady')
        .withArgs(requestId, BigInt(attempt.drawBlock) + 2n);
      const primary = await primaryFor(f.oracle, requestId, params, attempt);
      const notPrimary = f.operators.find((o) => o.address !== primary)!;
      await expect(f.oracle.connect(notPrimary).submit(requestId, params, attempt, f.output, f.stateRoot))
        .to.be.revertedWithCustomError(f.oracle, 'OracleNotPrimary')
        .withArgs(notPrimary.address, primary, anyUint);
      await time.increase(CONFIG.responseWindow);
      await expect(f.oracle.connect(notPrimary).submit(requestId, params, attempt, f.output, f.stateRoot)).to.emit(
        f.oracle,
        'ResultSubmitted',
      );
    });

    it('rejects wrong terms, wrong output sizes, strangers and late or double submissions', async function () {
      const f = await loadFixture(oracleFixture);
      const { requestId, params, attempt } = await requestDigit(f);
      await mine();
      const primary = signerOf(f, await primaryFor(f.oracle, requestId, params, attempt));
      const submit = (who: HardhatEthersSigner, p: RequestParams, a: Attempt, output = f.output) =>
        f.oracle.connect(who).submit(requestId, p, a, output, f.stateRoot);
      for (const [p, a] of [
        [{ ...params, fee: 1n }, attempt],
        [params, { ...attempt, deadline: BigInt(attempt.deadline) + 1n }],
        [params, { ...attempt, drawBlock: BigInt(attempt.drawBlock) + 1n }],
        [params, { ...attempt, index: 1n }],
      ] as const) {
        await expect(submit(primary, p, a))
          .to.be.revertedWithCustomError(f.oracle, 'OracleParamsMismatch')
          .withArgs(requestId);
        await expect(f.oracle.primaryOf(requestId, p, a))
          .to.be.revertedWithCustomError(f.oracle, 'OracleParamsMismatch')
          .withArgs(requestId);
      }
      await expect(submit(primary, params, attempt, '0x0000000001'))
        .to.be.revertedWithCustomError(f.oracle, 'OracleOutputLength')
        .withArgs(5, 4);
      await expect(submit(f.stranger, params, attempt))
        .to.be.revertedWithCustomError(f.oracle, 'OracleNotOperator')
        .withArgs(f.stranger.address);
      await f.oracle.connect(f.stranger).stake({ value: E('1') });
      await expect(submit(f.stranger, params, attempt))
        .to.be.revertedWithCustomError(f.oracle, 'OracleNotOptedIn')
        .withArgs(f.stranger.address, f.modelId);
      await submit(primary, params, attempt);
      await expect(submit(primary, params, attempt))
        .to.be.revertedWithCustomError(f.oracle, 'OracleWrongState')
        .withArgs(requestId, 2);
      await expect(f.oracle.primaryOf(requestId, params, attempt))
        .to.be.revertedWithCustomError(f.oracle, 'OracleWrongState')
        .withArgs(requestId, 2);
      const late = await requestDigit(f);
      await time.increase(CONFIG.timeout);
      await expect(f.oracle.connect(primary).submit(late.requestId, late.params, late.attempt, f.output, f.stateRoot))
        .to.be.revertedWithCustomError(f.oracle, 'OracleDeadlinePassed')
        .withArgs(late.requestId, late.attempt.deadline);
    });

    it('draws primaries in proportion to stake', async function () {
      const f = await loadFixture(oracleFixture);
      const counts = new Map<string, number>();
      const N = 120;
      for (let i = 0; i < N; i++) {
        const { requestId, params, attempt } = await requestedFrom(
          f.oracle,
          f.oracle
            .connect(f.requester)
            .requestCallback(f.modelId, DRAWING, ethers.ZeroAddress, 0, '0x', { value: E('0.01') }),
        );
        const p = await primaryFor(f.oracle, requestId, params, attempt);
        counts.set(p, (counts.get(p) ?? 0) + 1);
      }
      // Stakes 2 : 3 : 5 ETH → expected 24, 36, 60 of 120; each within 4 standard deviations.
      for (const [i, op] of f.operators.entries()) {
        const p = [0.2, 0.3, 0.5][i]!;
        const sd = Math.sqrt(N * p * (1 - p));
        expect(Math.abs((counts.get(op.address) ?? 0) - N * p)).to.be.lessThan(4 * sd);
      }
    });
  });

  describe('dispute game entry points', function () {
    it('an open game blocks finalization until it closes', async function () {
      const f = await loadFixture(withGame);
      const request = await requestDigit(f);
      const { requestId, params } = request;
      await mine();
      const { resultId, posted } = await submitAsPrimary(f, request);
      await expect(f.oracle.connect(f.stranger).openChallenge(requestId, params, resultId, posted))
        .to.be.revertedWithCustomError(f.oracle, 'OracleNotDisputeGame')
        .withArgs(f.stranger.address);
      for (const [id, p] of [
        [ethers.ZeroHash, posted],
        [resultId, { ...posted, challengeDeadline: BigInt(posted.challengeDeadline) + 1n }],
      ] as const) {
        await expect(f.oracle.connect(f.gameSigner).openChallenge(requestId, params, id, p))
          .to.be.revertedWithCustomError(f.oracle, 'OracleParamsMismatch')
          .withArgs(requestId);
      }
      await expect(f.oracle.connect(f.gameSigner).openChallenge(requestId, params, resultId, posted))
        .to.emit(f.oracle, 'ChallengeOpened')
        .withArgs(requestId, resultId);
      // Any number of games may open: the oracle keeps only whether one is.
      await f.oracle.connect(f.gameSigner).openChallenge(requestId, params, resultId, posted);
      const status = await f.oracle.statusOf(requestId);
      expect([status.state, status.disputed]).to.deep.equal([2n, true]);
      expect(status.commitment).to.equal(postedCommitment(params, resultId, posted));
      await time.increase(CONFIG.challengeWindow);
      await expect(f.oracle.connect(f.gameSigner).openChallenge(requestId, params, resultId, posted))
        .to.be.revertedWithCustomError(f.oracle, 'OracleChallengeWindowClosed')
        .withArgs(requestId, posted.challengeDeadline);
      const cbData = abi.encode(['uint256'], [f.modelId]);
      await expect(f.oracle.finalize(requestId, params, posted, f.output, f.stateRoot, cbData))
        .to.be.revertedWithCustomError(f.oracle, 'OracleResultDisputed')
        .withArgs(requestId);
      await expect(f.oracle.connect(f.gameSigner).closeChallenge(requestId, params, resultId, posted))
        .to.emit(f.oracle, 'ChallengeClosed')
        .withArgs(requestId, resultId);
      expect(
        await f.oracle.connect(f.gameSigner).closeChallenge.staticCall(requestId, params, resultId, posted),
      ).to.equal(false);
      await f.oracle.finalize(requestId, params, posted, f.output, f.stateRoot, cbData);
      expect(await f.oracle.isFinalized(requestId)).to.equal(true);
    });

    it('a strike slashes the bond to the game and reopens the request without the struck operator', async function () {
      const f = await loadFixture(withGame);
      const request = await requestDigit(f);
      const { requestId, params } = request;
      await mine();
      const { primary, resultId, posted } = await submitAsPrimary(f, request);
      await f.oracle.connect(f.gameSigner).openChallenge(requestId, params, resultId, posted);
      const stakeBefore = (await f.oracle.operatorOf(primary.address)).stake;
      const strike = f.oracle.connect(f.gameSigner).strike(requestId, params, resultId, posted);
      await expect(strike)
        .to.emit(f.oracle, 'ResultStruck')
        .withArgs(requestId, resultId, primary.address, CONFIG.resultBond, anyValue);
      await expect(strike).to.changeEtherBalances([f.gameSigner, f.oracle], [CONFIG.resultBond, -CONFIG.resultBond]);
      const reopened = await reopenedFrom(f.oracle, strike);
      const struckAt = (await ethers.provider.getBlock('latest'))!;
      expect(reopened).to.deep.equal({
        index: 1n,
        drawBlock: BigInt(struckAt.number),
        deadline: BigInt(struckAt.timestamp + CONFIG.timeout),
      });
      const op = await f.oracle.operatorOf(primary.address);
      expect(op.stake).to.equal(stakeBefore - CONFIG.resultBond);
      expect(op.locked).to.equal(0);
      const status = await f.oracle.statusOf(requestId);
      expect([status.state, status.disputed]).to.deep.equal([1n, false]);
      expect(status.commitment).to.equal(requestedCommitment(params, reopened));
      // A stale close on the struck result is a no-op; the first attempt's terms no longer match.
      expect(
        await f.oracle.connect(f.gameSigner).closeChallenge.staticCall(requestId, params, resultId, posted),
      ).to.equal(false);
      await expect(f.oracle.connect(primary).submit(requestId, params, request.attempt, f.output, f.stateRoot))
        .to.be.revertedWithCustomError(f.oracle, 'OracleParamsMismatch')
        .withArgs(requestId);
      await expect(f.oracle.connect(primary).submit(requestId, params, reopened, f.output, f.stateRoot))
        .to.be.revertedWithCustomError(f.oracle, 'OracleOperatorExcluded')
        .withArgs(primary.address, requestId);
      await mine();
      const next = await f.oracle.primaryOf(requestId, params, reopened);
      expect(next).to.not.equal(primary.address);
      expect(next).to.not.equal(ethers.ZeroAddress);
      const second = await postedFrom(
        f.oracle,
        f.oracle.connect(signerOf(f, next)).submit(requestId, params, reopened, f.output, f.stateRoot),
      );
      expect(second.resultId).to.equal(resultIdOf(requestId, next, f.output, f.stateRoot, 1));
      expect(second.posted.attempt).to.equal(1n);
      expect((await f.oracle.statusOf(requestId)).commitment).to.equal(
        postedCommitment(params, second.resultId, second.posted),
      );
    });

    it('the game is set once, by the owner', async function () {
      const f = await loadFixture(withGame);
      await expect(f.oracle.connect(f.owner).setDisputeGame(f.stranger.address))
        .to.be.revertedWithCustomError(f.oracle, 'OracleDisputeGameAlreadySet')
        .withArgs(f.gameSigner.address);
    });
  });

  describe('cancel', function () {
    it('refunds fee and escrow to the requester after the deadline, not before', async function () {
      const f = await loadFixture(oracleFixture);
      const { requestId, params, attempt } = await requestDigit(f);
      await expect(f.oracle.cancel(requestId, params, attempt))
        .to.be.revertedWithCustomError(f.oracle, 'OracleNotCancellable')
        .withArgs(requestId, attempt.deadline);
      await time.increase(CONFIG.timeout);
      await expect(f.oracle.cancel(requestId, params, { ...attempt, deadline: 1n }))
        .to.be.revertedWithCustomError(f.oracle, 'OracleParamsMismatch')
        .withArgs(requestId);
      await expect(f.oracle.connect(f.stranger).cancel(requestId, params, attempt))
        .to.emit(f.oracle, 'Cancelled')
        .withArgs(requestId, BigInt(params.fee) + BigInt(params.escrow));
      expect(await f.oracle.creditOf(await f.consumer.getAddress())).to.equal(
        BigInt(params.fee) + BigInt(params.escrow),
      );
      await expect(f.oracle.cancel(requestId, params, attempt))
        .to.be.revertedWithCustomError(f.oracle, 'OracleWrongState')
        .withArgs(requestId, 4);
    });

    it('refunds pending requests of a frozen model at once, releasing bonds', async function () {
      const f = await loadFixture(oracleFixture);
      const a = await requestDigit(f);
      const b = await requestDigit(f);
      await mine();
      const { primary, resultId, posted } = await submitAsPrimary(f, b);
      await expect(f.oracle.cancelPosted(b.requestId, b.params, resultId, posted))
        .to.be.revertedWithCustomError(f.oracle, 'OracleNotCancellable')
        .withArgs(b.requestId, ethers.MaxUint256);
      await f.registry.connect(f.owner).setFreezer(f.gameSigner.address);
      await f.registry.connect(f.gameSigner).freeze(f.modelId);
      await f.oracle.cancel(a.requestId, a.params, a.attempt);
      await expect(f.oracle.cancel(b.requestId, b.params, b.attempt))
        .to.be.revertedWithCustomError(f.oracle, 'OracleWrongState')
        .withArgs(b.requestId, 2);
      await f.oracle.cancelPosted(b.requestId, b.params, resultId, posted);
      expect((await f.oracle.operatorOf(primary.address)).locked).to.equal(0);
      expect(await f.oracle.creditOf(await f.consumer.getAddress())).to.equal(
        2n * (BigInt(a.params.fee) + BigInt(a.params.escrow)),
      );
    });
  });

  describe('frozen models', function () {
    it('the oracle copies the registry flag (anyone may sync it); then no result finalizes', async function () {
      const f = await loadFixture(oracleFixture);
      const request = await requestDigit(f);
      await mine();
      const { resultId, posted } = await submitAsPrimary(f, request);
      await expect(f.oracle.noteFrozen(f.modelId))
        .to.be.revertedWithCustomError(f.oracle, 'OracleModelNotFrozen')
        .withArgs(f.modelId);
      await f.registry.connect(f.owner).setFreezer(f.gameSigner.address);
      await f.registry.connect(f.gameSigner).freeze(f.modelId);
      await expect(f.oracle.connect(f.stranger).noteFrozen(f.modelId))
        .to.emit(f.oracle, 'ModelFrozenNoted')
        .withArgs(f.modelId);
      expect((await f.oracle.modelLedgerOf(f.modelId)).frozen).to.equal(true);
      await expect(f.oracle.noteFrozen(f.modelId))
        .to.be.revertedWithCustomError(f.oracle, 'OracleModelFrozen')
        .withArgs(f.modelId);
      await time.increase(CONFIG.challengeWindow);
      const cbData = abi.encode(['uint256'], [f.modelId]);
      await expect(f.oracle.finalize(request.requestId, request.params, posted, f.output, f.stateRoot, cbData))
        .to.be.revertedWithCustomError(f.oracle, 'OracleModelFrozen')
        .withArgs(f.modelId);
      await f.oracle.cancelPosted(request.requestId, request.params, resultId, posted);
      expect(await f.oracle.creditOf(await f.consumer.getAddress())).to.equal(
        BigInt(request.params.fee) + BigInt(request.params.escrow),
      );
    });
  });

  describe('malicious consumers cannot block finalization or steal', function () {
    /** A request from a malicious consumer, answered and past its challenge window. */
    async function answeredMaliciousRequest(gasLimit: bigint) {
      const f = await loadFixture(oracleFixture);
      const bad = await ethers.deployContract('MaliciousConsumer', [await f.oracle.getAddress()]);
      const request = await requestedFrom(
        f.oracle,
        bad.request(f.modelId, DRAWING, gasLimit, { value: E('0.01') + gasLimit * GAS_PRICE, ...TX }),
      );
      const { posted } = await submitAsPrimary(f, request);
      await time.increase(CONFIG.challengeWindow);
      return { f, bad, requestId: request.requestId, params: request.params, posted };
    }

    for (const [mode, name] of [
      [0, 'a reverting callback'],
      [1, 'a gas-burning callback'],
      [2, 'a callback returning a huge blob'],
    ] as const) {
      it(`${name} is recorded and payment goes through`, async function () {
        const { f, bad, requestId, params, posted } = await answeredMaliciousRequest(200_000n);
        await bad.setMode(mode, '0x');
        const tx = f.oracle.connect(f.stranger).finalize(requestId, params, posted, f.output, f.stateRoot, '0x', TX);
        await expect(tx).to.emit(f.oracle, 'Finalized').withArgs(requestId, anyBytes32, false, anyUint, anyUint);
        expect(await f.oracle.isFinalized(requestId)).to.equal(true);
        expect((await f.oracle.modelLedgerOf(f.modelId)).developerOwed).to.equal(E('0.002'));
      });
    }

    it('a callback re-entering finalize or withdraw is refused', async function () {
      const { f, bad, requestId, params, posted } = await answeredMaliciousRequest(300_000n);
      for (const data of [
        f.oracle.interface.encodeFunctionData('finalize', [requestId, params, posted, f.output, f.stateRoot, '0x']),
        f.oracle.interface.encodeFunctionData('withdraw', [await bad.getAddress()]),
      ]) {
        await bad.setMode(3, data);
        await f.oracle
          .connect(f.stranger)
          .finalize.staticCall(requestId, params, posted, f.output, f.stateRoot, '0x', TX);
      }
      await bad.setMode(3, f.oracle.interface.encodeFunctionData('withdraw', [await bad.getAddress()]));
      await f.oracle.connect(f.stranger).finalize(requestId, params, posted, f.output, f.stateRoot, '0x', TX);
      expect(await bad.reentrySucceeded()).to.equal(false);
      expect(await f.oracle.isFinalized(requestId)).to.equal(true);
    });

    it('finalizing with too little gas for the callback reverts instead of shortchanging it', async function () {
      const f = await loadFixture(oracleFixture);
      const gasLimit = 2_000_000n;
      const request = await requestedFrom(
        f.oracle,
        f.oracle
          .connect(f.requester)
          .requestCallback(
            f.modelId,
            DRAWING,
            await f.consumer.getAddress(),
            gasLimit,
            ethers.AbiCoder.defaultAbiCoder().encode(['uint256'], [f.modelId]),
            {
              value: E('0.01') + gasLimit * GAS_PRICE,
              ...TX,
            },
          ),
      );
      await mine();
      const { posted } = await submitAsPrimary(f, request);
      await time.increase(CONFIG.challengeWindow);
      const cbData = abi.encode(['uint256'], [f.modelId]);
      await expect(
        f.oracle.finalize(request.requestId, request.params, posted, f.output, f.stateRoot, cbData, {
          gasLimit: 1_500_000,
        }),
      ).to.be.revertedWithCustomError(f.oracle, 'OracleInsufficientCallbackGas');
    });
  });

  describe('operators', function () {
    it('stake at least the minimum, opt in once, exit after the delay with nothing locked', async function () {
      const f = await loadFixture(oracleFixture);
      await expect(f.oracle.connect(f.stranger).stake({ value: E('0.5') }))
        .to.be.revertedWithCustomError(f.oracle, 'OracleStakeTooLow')
        .withArgs(E('0.5'), CONFIG.minStake);
      await expect(f.oracle.connect(f.stranger).optIn(f.modelId)).to.be.revertedWithCustomError(
        f.oracle,
        'OracleStakeTooLow',
      );
      const [op] = f.operators;
      await expect(f.oracle.connect(op!).optIn(f.modelId)).to.be.revertedWithCustomError(
        f.oracle,
        'OracleAlreadyOptedIn',
      );
      expect(await f.oracle.membersOf(f.modelId)).to.have.length(3);
      await expect(f.oracle.connect(op!).withdrawStake()).to.be.revertedWithCustomError(f.oracle, 'OracleNotExiting');
      // (An exit is a draw-weight change: it waits until no request can still draw on the stake.)
      await time.increase(CONFIG.responseWindow);
      await f.oracle.connect(op!).requestExit();
      await expect(f.oracle.connect(op!).stake({ value: E('1') })).to.be.revertedWithCustomError(
        f.oracle,
        'OracleOperatorExiting',
      );
      await expect(f.oracle.connect(op!).withdrawStake()).to.be.revertedWithCustomError(f.oracle, 'OracleStakeLocked');
      await time.increase(CONFIG.unstakeDelay);
      await expect(f.oracle.connect(op!).withdrawStake())
        .to.be.revertedWithCustomError(f.oracle, 'OracleStillOptedIn')
        .withArgs(op!.address, 1);
      await f.oracle.connect(op!).optOut(f.modelId);
      const current = (await f.oracle.membersOf(f.modelId)).filter((m) => m.leftAt === 0n).map((m) => m.operator);
      expect(current).to.not.include(op!.address);
      await expect(f.oracle.connect(op!).withdrawStake()).to.changeEtherBalance(op!, E('2'));
    });

    it('a locked bond keeps the stake until the result resolves', async function () {
      const f = await loadFixture(oracleFixture);
      const request = await requestDigit(f);
      await mine();
      const { primary, posted } = await submitAsPrimary(f, request);
      await time.increase(CONFIG.responseWindow);
      await f.oracle.connect(primary).requestExit();
      await f.oracle.connect(primary).optOut(f.modelId);
      await time.increase(CONFIG.unstakeDelay);
      await expect(f.oracle.connect(primary).withdrawStake()).to.be.revertedWithCustomError(
        f.oracle,
        'OracleStakeLocked',
      );
      await f.oracle.finalize(
        request.requestId,
        request.params,
        posted,
        f.output,
        f.stateRoot,
        abi.encode(['uint256'], [f.modelId]),
      );
      await f.oracle.connect(primary).withdrawStake();
    });
  });

  describe('batches', function () {
    it('submits and finalizes several results in one transaction, within the bound', async function () {
      const f = await loadFixture(oracleFixture);
      const requests: Awaited<ReturnType<typeof requestedFrom>>[] = [];
      for (let i = 0; i < 3; i++) {
        requests.push(
          await requestedFrom(
            f.oracle,
            f.oracle
              .connect(f.requester)
              .requestCallback(f.modelId, DRAWING, ethers.ZeroAddress, 0, '0x', { value: E('0.01') }),
          ),
        );
      }
      await time.increase(CONFIG.responseWindow);
      const [op] = f.operators;
      const postings = await postingsFrom(
        f.oracle,
        f.oracle.connect(op!).submitBatch(
          requests.map((r) => ({
            requestId: r.requestId,
            params: r.params,
            attempt: r.attempt,
            output: f.output,
            stateRoot: f.stateRoot,
          })),
        ),
      );
      expect(postings.map((p) => p.requestId)).to.deep.equal(requests.map((r) => r.requestId));
      await time.increase(CONFIG.challengeWindow);
      await f.oracle.finalizeBatch(
        requests.map((r, i) => ({
          requestId: r.requestId,
          params: r.params,
          posted: postings[i]!.posted,
          output: f.output,
          stateRoot: f.stateRoot,
          callbackData: '0x',
        })),
      );
      for (const r of requests) expect(await f.oracle.isFinalized(r.requestId)).to.equal(true);
      const tooMany = Array.from({ length: 33 }, () => ({
        requestId: 1n,
        params: requests[0]!.params,
        attempt: requests[0]!.attempt,
        output: f.output,
        stateRoot: f.stateRoot,
      }));
      await expect(f.oracle.submitBatch(tooMany))
        .to.be.revertedWithCustomError(f.oracle, 'OracleBatchSize')
        .withArgs(33, 32);
    });
  });

  describe('owner powers', function () {
    it('parameters change within bounds and never alter a pending request', async function () {
      const f = await loadFixture(oracleFixture);
      const pending = await requestDigit(f);
      const next = { ...CONFIG, challengeWindow: 600, unstakeDelay: 600, treasury: f.owner.address };
      await expect(f.oracle.connect(f.stranger).setConfig(next)).to.be.revertedWithCustomError(
        f.oracle,
        'OwnableUnauthorizedAccount',
      );
      for (const bad of [
        { ...next, minStake: 0n },
        { ...next, resultBond: CONFIG.minStake + 1n },
        { ...next, minStake: 2n ** 90n, resultBond: 2n ** 80n },
        { ...next, challengeWindow: 5 },
        { ...next, responseWindow: next.timeout + 1 },
        { ...next, unstakeDelay: 10 },
        { ...next, treasury: ethers.ZeroAddress },
      ]) {
        await expect(f.oracle.connect(f.owner).setConfig(bad)).to.be.revertedWithCustomError(
          f.oracle,
          'OracleInvalidConfig',
        );
      }
      await expect(f.oracle.connect(f.owner).setConfig(next)).to.emit(f.oracle, 'ConfigChanged');
      await mine();
      const { posted } = await submitAsPrimary(f, pending);
      await time.increase(CONFIG.challengeWindow);
      await f.oracle.finalize(
        pending.requestId,
        pending.params,
        posted,
        f.output,
        f.stateRoot,
        ethers.AbiCoder.defaultAbiCoder().encode(['uint256'], [f.modelId]),
      );
      const later = await requestDigit(f);
      expect(later.params.challengeWindow).to.equal(600n);
    });
  });

  describe('example consumers', function () {
    it('the digit game scores a drawing the model recognises', async function () {
      const f = await loadFixture(oracleFixture);
      const predicted = Number(f.trace.slots[3]!.data[0]);
      const gasLimit = await f.digitGame.CALLBACK_GAS_LIMIT();
      const request = await requestedFrom(
        f.oracle,
        f.digitGame.connect(f.requester).play(predicted, DRAWING, { value: E('0.01') + gasLimit * GAS_PRICE, ...TX }),
      );
      const { requestId, params } = request;
      await expect(f.digitGame.play(10, DRAWING))
        .to.be.revertedWithCustomError(f.digitGame, 'DigitGameInvalidDigit')
        .withArgs(10);
      await mine();
      const { posted } = await submitAsPrimary(f, request);
      await time.increase(CONFIG.challengeWindow);
      const cbData = abi.encode(['address', 'uint8'], [f.requester.address, predicted]);
      await expect(f.oracle.finalize(requestId, params, posted, f.output, f.stateRoot, cbData, TX))
        .to.emit(f.digitGame, 'Judged')
        .withArgs(requestId, f.requester.address, predicted, predicted, true);
      expect(await f.digitGame.score(f.requester.address)).to.equal(1n);
    });

    it('the AIGC NFT mints the final output to the requester, verifiable (ERC-7007)', async function () {
      const f = await loadFixture(oracleFixture);
      const nft = await ethers.deployContract('AIGCNFT', [await f.oracle.getAddress(), f.modelId]);
      const gasLimit = await nft.CALLBACK_GAS_LIMIT();
      const request = await requestedFrom(
        f.oracle,
        nft.connect(f.requester).mint(DRAWING, { value: E('0.01') + gasLimit * GAS_PRICE, ...TX }),
      );
      const { requestId, params } = request;
      await mine();
      const { posted } = await submitAsPrimary(f, request);
      await time.increase(CONFIG.challengeWindow);
      await expect(f.oracle.finalize(requestId, params, posted, f.output, f.stateRoot, DRAWING, TX)).to.emit(
        nft,
        'Mint',
      );
      expect(await nft.ownerOf(requestId)).to.equal(f.requester.address);
      const proof = ethers.AbiCoder.defaultAbiCoder().encode(['uint256'], [requestId]);
      expect(await nft.verify(DRAWING, f.output, proof)).to.equal(true);
      expect(await nft.verify(DRAWING, '0x00000009', proof)).to.equal(false);
      expect((await nft.contentOf(requestId)).aigcData).to.equal(f.output);
    });

    it('only the oracle can deliver a callback', async function () {
      const f = await loadFixture(oracleFixture);
      await expect(f.consumer.aiOracleCallback(1, '0x', '0x'))
        .to.be.revertedWithCustomError(f.consumer, 'UnauthorizedCallbackSource')
        .withArgs(await f.oracle.getAddress(), (await ethers.getSigners())[0]!.address);
    });
  });
});

const anyUint = (v: unknown) => typeof v === 'bigint';
const anyValue = () => true;
const anyBytes32 = (v: unknown) => typeof v === 'string' && v.length === 66;
