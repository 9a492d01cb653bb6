import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture } from '@nomicfoundation/hardhat-network-helpers';
import {
  buildPackage,
  describeOp,
  registryCommitment,
  toHex,
  toSolidityOp,
  type OpDescriptor,
  type Tensor,
} from '../../oracle/src/runtime';
import { graphTree } from '../../oracle/src/runtime/commitments/roots';
import { deployDisputeGame } from '../shared/disputeFixtures';
import { E, oracleFixture, postedFrom, primaryFor, requestedFrom } from '../shared/oracleFixtures';

async function freezeFixture() {
  const f = await oracleFixture();
  const game = await deployDisputeGame(f.oracle, f.registry, E('1'), 600, 30);
  const prover = await ethers.deployContract('InvalidOpProver', [
    await f.oracle.getAddress(),
    await f.registry.getAddress(),
  ]);
  await f.oracle.connect(f.owner).setDisputeGame(await game.getAddress());
  await f.registry.connect(f.owner).setFreezer(await prover.getAddress());
  return { ...f, game, prover };
}
type F = Awaited<ReturnType<typeof freezeFixture>>;

const i8 = (rows: number, cols: number) => ({ rows, cols, dtype: 'int8' as const });
const zeros = (rows: number, cols: number, dtype: 'int8' | 'int32'): Tensor => ({
  rows,
  cols,
  dtype,
  data: new Int32Array(rows * cols),
});
const sol = toSolidityOp;

/** Registers a package built without validation (so it may break rules); returns its model id and proof helpers. */
async function registerRaw(
  f: F,
  input: { rows: number; cols: number; dtype: 'int8' | 'int32' },
  output: { rows: number; cols: number; dtype: 'int8' | 'int32' },
  graph: OpDescriptor[],
  params: Tensor[] = [],
) {
  const { manifest } = buildPackage({
    name: 'raw',
    version: '1',
    license: 'MIT',
    developer: f.developer.address,
    io: { input, output },
    params,
    graph,
  });
  const commitment = registryCommitment(manifest);
  await f.registry.connect(f.developer).register({
    commitment,
    packageURI: 'raw',
    license: ethers.encodeBytes32String('MIT'),
    fee: E('0.01'),
    split: { holdersBps: 6000, developerBps: 2000, operatorBps: 1500, protocolBps: 500 },
    token: { name: 'R', symbol: 'R', recipients: [f.holder.address], amounts: [E('1')], escrows: [], reserveBps: 0 },
  });
  const modelId = await f.registry.modelCount();
  const tree = graphTree(graph);
  const producer = (slot: number) =>
    slot === 0 || slot > graph.length
      ? { op: sol(describeOp({ op: 'matmul', rows: 0, cols: 0, dtype: 'int8' })), path: [] as string[] }
      : { op: sol(graph[slot - 1]!), path: tree.path(slot - 1).siblings.map(toHex) };
  const prove = (i: number) => {
    const d = graph[i - 1]!;
    return f.prover.proveInvalidOp(modelId, commitment, i, producer(i), producer(d.inputA), producer(d.inputB));
  };
  return { modelId, prove, commitment };
}

describe('InvalidOpProver', function () {
  it('freezes a model whose op reads a later slot; its pending requests are refunded', async function () {
    const f = await loadFixture(freezeFixture);
    const { modelId, prove } = await registerRaw(f, i8(1, 4), { rows: 1, cols: 1, dtype: 'int32' }, [
      describeOp({ op: 'argmax', inputA: 2, rows: 1, cols: 1, dtype: 'int32' }),
      describeOp({ op: 'argmax', inputA: 0, rows: 1, cols: 1, dtype: 'int32' }),
    ]);
    const { requestId, params, attempt } = await requestedFrom(
      f.oracle,
      f.oracle
        .connect(f.requester)
        .requestCallback(modelId, '0x01020304', ethers.ZeroAddress, 0, '0x', { value: E('0.01') }),
    );
    await expect(prove(1)).to.emit(f.prover, 'ModelProvenInvalid').withArgs(modelId, 1, 'reads a later slot');
    expect(await f.registry.isFrozen(modelId)).to.equal(true);
    await expect(
      f.oracle.connect(f.requester).requestCallback(modelId, '0x01', ethers.ZeroAddress, 0, '0x', { value: E('0.01') }),
    )
      .to.be.revertedWithCustomError(f.oracle, 'OracleModelFrozen')
      .withArgs(modelId);
    await f.oracle.cancel(requestId, params, attempt);
    expect(await f.oracle.creditOf(f.requester.address)).to.equal(E('0.01'));
  });

  it('a game on a result of a model frozen meanwhile settles void and refunds its challenger', async function () {
    const f = await loadFixture(freezeFixture);
    const input = { rows: 1, cols: 4, dtype: 'int8' as const };
    const graph = [
      describeOp({ op: 'argmax', inputA: 2, rows: 1, cols: 1, dtype: 'int32' }),
      describeOp({ op: 'argmax', rows: 1, cols: 1, dtype: 'int32' }),
    ];
    const { modelId, prove, commitment } = await registerRaw(f, input, { rows: 1, cols: 1, dtype: 'int32' }, graph);
    for (const op of f.operators) await f.oracle.connect(op).optIn(modelId);
    const { requestId, params, attempt } = await requestedFrom(
      f.oracle,
      f.oracle
        .connect(f.requester)
        .requestCallback(modelId, '0x01020304', ethers.ZeroAddress, 0, '0x', { value: E('0.01') }),
    );
    const primaryAddress = await primaryFor(f.oracle, requestId, params, attempt);
    const primary = f.operators.find((o) => o.address === primaryAddress)!;
    const stateRoot = ethers.id('whatever');
    const { resultId, posted } = await postedFrom(
      f.oracle,
      f.oracle.connect(primary).submit(requestId, params, attempt, '0x00000000', stateRoot),
    );
    const challenger = (await ethers.getSigners())[10]!;
    await f.game
      .connect(challenger)
      .challenge(requestId, params, posted, '0x00000000', stateRoot, '0x01020304', commitment, { value: E('1') });
    // Proving the model invalid freezes it in the registry and tells the oracle in the same transaction.
    await expect(prove(1)).to.emit(f.oracle, 'ModelFrozenNoted').withArgs(modelId);
    expect((await f.oracle.modelLedgerOf(modelId)).frozen).to.equal(true);
    await f.oracle.cancelPosted(requestId, params, resultId, posted);
    await expect(f.game.settle(1, params)).to.emit(f.game, 'GameSettled').withArgs(1, 10, E('1'), 0, 0);
    expect(await f.game.creditOf(challenger.address)).to.equal(E('1'));
    expect((await f.oracle.operatorOf(primary.address)).locked).to.equal(0);
  });

  it('proves every descriptor-checkable rule', async function () {
    const f = await loadFixture(freezeFixture);
    const cases: [
      string,
      Parameters<typeof registerRaw>[1],
      Parameters<typeof registerRaw>[2],
      OpDescriptor[],
      number,
      Tensor[]?,
    ][] = [
      [
        'unused field set',
        i8(1, 4),
        { rows: 1, cols: 1, dtype: 'int32' },
        [describeOp({ op: 'argmax', rows: 1, cols: 1, dtype: 'int32', shift: 3 })],
        1,
      ],
      [
        'shift out of range',
        i8(1, 4),
        i8(1, 2),
        [describeOp({ op: 'matmul', paramA: 0, paramB: 1, rows: 1, cols: 2, dtype: 'int8', multiplier: 1, shift: 48 })],
        1,
        [zeros(2, 4, 'int8'), zeros(1, 2, 'int32')],
      ],
      [
        'add inputs',
        i8(1, 4),
        i8(1, 4),
        [
          describeOp({ op: 'reshape', rows: 2, cols: 2, dtype: 'int8' }),
          describeOp({
            op: 'add',
            inputA: 0,
            inputB: 1,
            rows: 1,
            cols: 4,
            dtype: 'int8',
            multiplier: 1,
            multiplierB: 1,
            shift: 1,
          }),
        ],
        2,
      ],
      [
        'shape out of range',
        i8(2, 4000),
        i8(1, 4096), // the registry caps io rows at 4096 elements; the op itself breaks the rule
        [describeOp({ op: 'reshape', rows: 1, cols: 8000, dtype: 'int8' })],
        1,
      ],
      [
        'argmax shape',
        i8(1, 4),
        { rows: 1, cols: 2, dtype: 'int32' },
        [describeOp({ op: 'argmax', rows: 1, cols: 2, dtype: 'int32' })],
        1,
      ],
      [
        'output shape',
        i8(1, 4),
        { rows: 1, cols: 1, dtype: 'int8' },
        [describeOp({ op: 'argmax', rows: 1, cols: 1, dtype: 'int32' })],
        1,
      ],
    ];
    for (const [rule, input, output, graph, i, params] of cases) {
      const { modelId, prove } = await registerRaw(f, input, output, graph, params);
      await expect(prove(i), rule).to.emit(f.prover, 'ModelProvenInvalid').withArgs(modelId, i, rule);
    }
  });

  it('cannot freeze a valid model', async function () {
    const f = await loadFixture(freezeFixture);
    const commitment = registryCommitment(f.pkg.manifest);
    const op = (i: number) => ({ op: sol(f.pkg.graph[i - 1]!), path: f.pkg.graphTree.path(i - 1).siblings.map(toHex) });
    const none = { op: sol(describeOp({ op: 'matmul', rows: 0, cols: 0, dtype: 'int8' })), path: [] };
    for (let i = 1; i <= 3; i++) {
      const d = f.pkg.graph[i - 1]!;
      await expect(f.prover.proveInvalidOp(f.modelId, commitment, i, op(i), d.inputA === 0 ? none : op(d.inputA), none))
        .to.be.revertedWithCustomError(f.prover, 'ProverNoViolation')
        .withArgs(i);
    }
    await expect(
      f.prover.proveInvalidOp(f.modelId, { ...commitment, paramsRoot: ethers.ZeroHash }, 1, op(1), none, none),
    )
      .to.be.revertedWithCustomError(f.prover, 'ProverCommitmentMismatch')
      .withArgs(f.modelId);
    await expect(f.prover.proveInvalidOp(f.modelId, commitment, 1, op(2), none, none))
      .to.be.revertedWithCustomError(f.prover, 'ProverBadProof')
      .withArgs('descriptor');
    expect(await f.registry.isFrozen(f.modelId)).to.equal(false);
  });
});
