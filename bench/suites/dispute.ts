import path from 'node:path';
import hre from 'hardhat';
import { ChallengerPlayer, ProposerPlayer, playGame } from '../../oracle/src/dispute/players';
import { MODELS_DIR, readModelPackage } from '../../oracle/src/node/readModelPackage';
import { buildPackage, describeOp, loadPackage, runModel, type ModelPackage } from '../../oracle/src/runtime';
import { randomTensor, seededRandom } from '../../oracle/src/runtime/testing/randomGraph';
import { deployContracts } from '../../scripts/deploy/deployContracts';
import { ORACLE_PARAMS, PROTOCOL_PARAMS } from '../../scripts/deploy/protocolParams';
import {
  answered,
  challengeAtMaxIo,
  deployDisputeGame,
  openGame,
  registerPackage,
  tampered,
} from '../../test/shared/disputeFixtures';
import type { BenchFigure } from '../results';

const { ethers } = hre;
const E = ethers.parseEther;

/** A one-op model: a [1, k] int8 input times [8, k] weights → [1, 8] int32 (a k-long one step). */
function matmulPackage(k: number): ModelPackage {
  const random = seededRandom(k);
  const built = buildPackage({
    name: `matmul-k${k}`,
    version: '1',
    license: 'MIT',
    developer: '0x0000000000000000000000000000000000000001',
    io: { input: { rows: 1, cols: k, dtype: 'int8' }, output: { rows: 1, cols: 8, dtype: 'int32' } },
    params: [
      randomTensor(random, { rows: 8, cols: k, dtype: 'int8' }),
      randomTensor(random, { rows: 1, cols: 8, dtype: 'int32' }),
    ],
    graph: [describeOp({ op: 'matmul', paramA: 0, paramB: 1, rows: 1, cols: 8, dtype: 'int32' })],
  });
  return loadPackage(built.manifest, built.paramsBytes);
}

/**
 * Full games on the in-process chain, driven by the TypeScript players: a proposer whose output is
 * wrong against an honest challenger, from challenge to settlement. Reports per model the number of
 * moves, their total gas (challenge and settlement included), the costliest move other than the one
 * step, the one step, and the wall time; and the one step of a k-long matmul row for k = 256, 1024,
 * 4096 (the linear formula by row length is fitted from them).
 */
export async function runDisputeSuite(): Promise<BenchFigure[]> {
  await hre.run('compile', { quiet: true });
  const signers = await ethers.getSigners();
  const [, developer, requester, holder, , opA, opB, opC, , , challenger] = signers;
  const operators = [opA!, opB!, opC!];
  const { registry, oracle } = await deployContracts(hre, PROTOCOL_PARAMS.local, undefined, { disputeGame: false });
  const game = await deployDisputeGame(oracle, registry, E('0.5'), 3600, 60);
  await oracle.setDisputeGame(await game.getAddress());
  for (const op of operators) await oracle.connect(op).stake({ value: E('5') });

  const play = async (pkg: ModelPackage, input: Uint8Array) => {
    const modelId = await registerPackage(registry, oracle, developer!, holder!.address, operators, pkg);
    const truth = await runModel(pkg, input);
    const lie = await tampered(truth, truth.opCount, 0);
    const { requestId, params, primary } = await answered(oracle, requester!, operators, modelId, input, lie);
    const started = performance.now();
    const opened = await openGame(game, challenger!, requestId, params, lie, input);
    const result = await playGame(
      game,
      opened.gameId,
      new ProposerPlayer(game.connect(primary), lie),
      new ChallengerPlayer(game.connect(challenger!), truth),
    );
    const settled = await (await game.settle(opened.gameId, params)).wait();
    const wallSeconds = (performance.now() - started) / 1000;
    if (result.outcome !== 'challengerWon') throw new Error(`the honest challenger did not win (${result.outcome})`);
    const oneStep = result.gas.find((m) => m.phase === 'oneStep')!.gasUsed;
    const others = result.gas.filter((m) => m.phase !== 'oneStep').map((m) => m.gasUsed);
    const total = Number(opened.gasUsed) + Number(settled!.gasUsed) + result.gas.reduce((a, m) => a + m.gasUsed, 0);
    return {
      moves: result.moves,
      total,
      maxMove: Math.max(...others),
      oneStep,
      wallSeconds,
      challenge: Number(opened.gasUsed),
    };
  };

  const digits = readModelPackage(path.join(MODELS_DIR, 'digits'));
  const d = await play(
    digits,
    Uint8Array.from({ length: 64 }, (_, i) => (i * 7) % 17),
  );
  const k = new Map<number, number>();
  for (const len of [256, 1024, 4096]) {
    const r = await play(
      matmulPackage(len),
      Uint8Array.from({ length: len }, (_, i) => (i * 31) % 256),
    );
    k.set(len, r.oneStep);
  }
  const maxIo = await challengeAtMaxIo(
    game,
    oracle,
    registry,
    { developer: developer!, requester: requester!, challenger: challenger!, holder: holder!.address },
    operators,
    ORACLE_PARAMS.local.responseWindow,
  );
  const perElement = (k.get(4096)! - k.get(256)!) / (4096 - 256);
  const fixed = k.get(256)! - perElement * 256;
  return [
    { metric: 'dispute.digits.moves', value: d.moves, unit: 'moves', goal: 'log2(n) + log2(chunks) + 3 rounds' },
    { metric: 'gas.dispute.digits.total', value: d.total, unit: 'gas', goal: 'challenge to settlement' },
    {
      metric: 'gas.dispute.digits.challenge',
      value: d.challenge,
      unit: 'gas',
      goal: 'opens the game: stores its state, computes S_0',
    },
    {
      metric: 'gas.dispute.digits.max_move',
      value: d.maxMove,
      unit: 'gas',
      goal: '<= 100k (every move but the one step)',
    },
    { metric: 'gas.dispute.digits.one_step', value: d.oneStep, unit: 'gas' },
    {
      metric: 'dispute.digits.wall_s',
      value: Number(d.wallSeconds.toFixed(3)),
      unit: 's',
      goal: '< 30 s (ORA MNIST demo < 2 min)',
    },
    { metric: 'gas.dispute.one_step.matmul_k256', value: k.get(256)!, unit: 'gas' },
    {
      metric: 'gas.dispute.one_step.matmul_k1024',
      value: k.get(1024)!,
      unit: 'gas',
      goal: `<= 1M; ≈ ${Math.round(fixed)} + ${perElement.toFixed(1)}·k`,
    },
    { metric: 'gas.dispute.one_step.matmul_k4096', value: k.get(4096)!, unit: 'gas' },
    {
      metric: 'gas.dispute.challenge.max_io',
      value: Number(maxIo),
      unit: 'gas',
      goal: '<= 10M (64 KiB input and 64 KiB output, all non-zero)',
    },
  ];
}
