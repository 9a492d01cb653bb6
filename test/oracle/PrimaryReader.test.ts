import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture, mine } from '@nomicfoundation/hardhat-network-helpers';
import { PrimaryReader__factory } from '../../typechain-types';
import { DRAWING, E, oracleFixture, postedFrom, primaryFor, requestedFrom } from '../shared/oracleFixtures';

type Fixture = Awaited<ReturnType<typeof oracleFixture>>;
type Request = Awaited<ReturnType<typeof requestedFrom>>;

const GAS_PRICE = 10n ** 9n;

async function requestDigit(f: Fixture): Promise<Request> {
  const fee = E('0.01') + 50_000n * GAS_PRICE;
  return requestedFrom(
    f.oracle,
    f.consumer.connect(f.requester).calculateAIResult(f.modelId, DRAWING, { value: fee, gasPrice: GAS_PRICE }),
  );
}

/** What the node does: the reader's creation code run by `eth_call`, its return data decoded. */
async function readPrimaries(f: Fixture, queries: Pick<Request, 'requestId' | 'params' | 'attempt'>[]) {
  const { data } = await new PrimaryReader__factory().getDeployTransaction(
    await f.oracle.getAddress(),
    queries.map((q) => ({ requestId: q.requestId, params: q.params as never, attempt: q.attempt as never })),
  );
  const [primaries] = ethers.AbiCoder.defaultAbiCoder().decode(['address[]'], await ethers.provider.call({ data }));
  return (primaries as string[]).map(String);
}

describe('PrimaryReader (never deployed; run by eth_call)', function () {
  it('returns primaryOf of each attempt in order, and zero where primaryOf reverts', async function () {
    const f = await loadFixture(oracleFixture);
    const requests: Request[] = [];
    for (let i = 0; i < 5; i++) requests.push(await requestDigit(f));
    await mine();
    // one answered (primaryOf reverts: wrong state), one queried with altered terms (reverts: params mismatch)
    const answered = requests[1]!;
    const primary = await primaryFor(f.oracle, answered.requestId, answered.params, answered.attempt);
    const signer = f.operators.find((o) => o.address === primary)!;
    await postedFrom(
      f.oracle,
      f.oracle.connect(signer).submit(answered.requestId, answered.params, answered.attempt, f.output, f.stateRoot),
    );
    const altered = { ...requests[3]!, params: { ...requests[3]!.params, fee: 1n } };
    const queries = [requests[0]!, answered, requests[2]!, altered, requests[4]!];

    const read = await readPrimaries(f, queries);

    expect(read).to.have.length(queries.length);
    for (const i of [0, 2, 4]) {
      const q = queries[i]!;
      const expected = await f.oracle.primaryOf(q.requestId, q.params, q.attempt);
      expect(expected).to.not.equal(ethers.ZeroAddress);
      expect(read[i]).to.equal(expected);
    }
    expect(read[1]).to.equal(ethers.ZeroAddress);
    expect(read[3]).to.equal(ethers.ZeroAddress);
    expect(await readPrimaries(f, [])).to.deep.equal([]);
  });
});
