import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture, time } from '@nomicfoundation/hardhat-network-helpers';
import { OracleClient, type RequestProgress } from '../../oracle/src/client/oracleClient';
import { OracleClientError } from '../../oracle/src/client/OracleClientError';
import { decodeOutput } from '../../oracle/src/client/decodeOutput';
import { CONFIG, DRAWING, oracleFixture, primaryFor } from '../shared/oracleFixtures';

describe('OracleClient', function () {
  it('requests, follows the request through submission and the challenge window, finalizes and decodes', async function () {
    const f = await loadFixture(oracleFixture);
    const client = new OracleClient(await f.oracle.getAddress(), f.requester);
    expect(await client.estimateFee(f.modelId, 0)).to.equal(ethers.parseEther('0.01'));
    const { requestId, params, attempt } = await client.request({ modelId: f.modelId, input: DRAWING });
    const stages: RequestProgress['stage'][] = [];
    const done = client.waitForFinality(requestId, {
      onProgress: (p) => stages.push(p.stage),
      pollIntervalMs: 10,
      finalize: true,
    });
    const drawn = await primaryFor(f.oracle, requestId, params, attempt);
    await f.oracle
      .connect(f.operators.find((o) => o.address === drawn)!)
      .submit(requestId, params, attempt, f.output, f.stateRoot);
    await time.increase(CONFIG.challengeWindow);
    const result = await done;
    expect(stages).to.deep.equal(['requested', 'submitted', 'finalized']);
    expect(result.output).to.equal(f.output);
    expect(result.stateRoot).to.equal(f.stateRoot);
    expect(result.operator).to.equal(drawn);
    expect(decodeOutput(result.output, 'int32')).to.deep.equal([f.trace.slots[3]!.data[0]]);
    expect(await f.oracle.isFinalized(requestId)).to.equal(true);

    // The developer collects its share (20 % of the 0.01 ETH fee): swept from the model's ledger, then paid.
    const developer = new OracleClient(await f.oracle.getAddress(), f.developer);
    const share = ethers.parseEther('0.002');
    const to = ethers.Wallet.createRandom().address; // a fresh address: its balance is exactly what it gets
    expect(await developer.collectModelFees(f.modelId, to)).to.equal(share);
    expect(await ethers.provider.getBalance(to)).to.equal(share);
    expect(await developer.collectModelFees(f.modelId)).to.equal(0n);
    // A read-only client says it needs a signer before it sends anything.
    const readOnly = new OracleClient(await f.oracle.getAddress(), ethers.provider);
    const error = await readOnly.collectModelFees(f.modelId).catch((e: unknown) => e);
    expect((error as OracleClientError).code).to.equal('NO_SIGNER');
  });

  it('waits out a finalizer that gets there first (an operator node finalizing the same result)', async function () {
    const f = await loadFixture(oracleFixture);
    const oracle = await f.oracle.getAddress();
    const someoneElse = new OracleClient(oracle, f.stranger);
    // Another finalizer's transaction lands just before this client's own finalize.
    class Raced extends OracleClient {
      override async finalize(requestId: bigint) {
        await someoneElse.finalize(requestId);
        return super.finalize(requestId);
      }
    }
    const client = new Raced(oracle, f.requester);
    const { requestId, params, attempt } = await client.request({ modelId: f.modelId, input: DRAWING });
    const done = client.waitForFinality(requestId, { pollIntervalMs: 10, finalize: true });
    const drawn = await primaryFor(f.oracle, requestId, params, attempt);
    await f.oracle
      .connect(f.operators.find((o) => o.address === drawn)!)
      .submit(requestId, params, attempt, f.output, f.stateRoot);
    await time.increase(CONFIG.challengeWindow);
    const result = await done;
    expect(result.output).to.equal(f.output);
    expect(await f.oracle.isFinalized(requestId)).to.equal(true);
  });

  it('turns reverts into typed errors with the decoded custom error', async function () {
    const f = await loadFixture(oracleFixture);
    const client = new OracleClient(await f.oracle.getAddress(), f.requester);
    const error = await client.request({ modelId: f.modelId, input: new Uint8Array(65) }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(OracleClientError);
    expect((error as OracleClientError).code).to.equal('REVERTED');
    expect((error as OracleClientError).message).to.equal('OracleInputTooLong(65, 64)');
  });

  it('reports a cancelled request as CANCELLED', async function () {
    const f = await loadFixture(oracleFixture);
    const client = new OracleClient(await f.oracle.getAddress(), f.requester);
    const { requestId } = await client.request({ modelId: f.modelId, input: DRAWING });
    await time.increase(CONFIG.timeout);
    await client.cancel(requestId);
    const error = await client.waitForFinality(requestId, { pollIntervalMs: 10 }).catch((e: unknown) => e);
    expect((error as OracleClientError).code).to.equal('CANCELLED');
  });
});
