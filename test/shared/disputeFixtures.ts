import hre, { ethers } from 'hardhat';
import { Trace, registryCommitment, toHex, type ModelPackage } from '../../oracle/src/runtime';
import { AIOracle__factory, type AIOracle, type ModelRegistry, type OpmlDisputeGame } from '../../typechain-types';
import type { HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/signers';
import { OracleClient } from '../../oracle/src/client/oracleClient';
import { E, postedFrom, primaryFor, requestedFrom, type RequestParams } from './oracleFixtures';
import { tamperedTrace } from '../../oracle/src/node/testing/tamperedTrace';

/** Wei per gas challengers of a struck result are compensated at, in the test and bench games. */
export const COMPENSATION_GAS_PRICE = 10n ** 9n;

/**
 * Registers a model whose input and output are the largest the registry allows (64 KiB each: 16 ×
 * 4096 int8 in, 4 × 4096 int32 out), with made-up roots (enough to request, answer and challenge),
 * and returns its commitment.
 */
export async function registerMaxIoModel(registry: ModelRegistry, developer: HardhatEthersSigner, holder: string) {
  const commitment = {
    graphRoot: ethers.id('max-io graph'),
    paramsRoot: ethers.id('max-io params'),
    io: { inputRows: 16, inputCols: 4096, inputDtype: 0, outputRows: 4, outputCols: 4096, outputDtype: 1 },
    opCount: 1,
    stateDepth: 1,
  };
  await registry.connect(developer).register({
    commitment,
    packageURI: 'max-io',
    license: ethers.encodeBytes32String('MIT'),
    fee: E('0.01'),
    split: { holdersBps: 6000, developerBps: 2000, operatorBps: 1500, protocolBps: 500 },
    token: { name: 'Max', symbol: 'MAX', recipients: [holder], amounts: [E('1')], escrows: [], reserveBps: 0 },
  });
  return { modelId: await registry.modelCount(), commitment };
}

/**
 * Opens a game on a fresh request of the max-io model (64 KiB of input and of output, every byte
 * non-zero, so calldata costs the most) and returns the challenge transaction's gas.
 */
export async function challengeAtMaxIo(
  game: OpmlDisputeGame,
  oracle: AIOracle,
  registry: ModelRegistry,
  who: {
    developer: HardhatEthersSigner;
    requester: HardhatEthersSigner;
    challenger: HardhatEthersSigner;
    holder: string;
  },
  operators: HardhatEthersSigner[],
  responseWindow: number,
): Promise<bigint> {
  const { modelId, commitment } = await registerMaxIoModel(registry, who.developer, who.holder);
  for (const op of operators) await oracle.connect(op).optIn(modelId);
  await hre.network.provider.send('evm_increaseTime', [responseWindow + 1]);
  const input = ethers.hexlify(new Uint8Array(65_536).fill(0x5a));
  const output = ethers.hexlify(new Uint8Array(65_536).fill(0x3c));
  const stateRoot = ethers.id('S_n');
  const { requestId, params, attempt } = await requestedFrom(
    oracle,
    oracle.connect(who.requester).requestCallback(modelId, input, ethers.ZeroAddress, 0, '0x', { value: E('0.01') }),
  );
  const primary = await primaryFor(oracle, requestId, params, attempt);
  const { posted } = await postedFrom(
    oracle,
    oracle.connect(operators.find((o) => o.address === primary)!).submit(requestId, params, attempt, output, stateRoot),
  );
  const tx = await game
    .connect(who.challenger)
    .challenge(requestId, params, posted, output, stateRoot, input, commitment, { value: await game.challengeBond() });
  return (await tx.wait())!.gasUsed;
}

/** Deploys a dispute game on `oracle` with the given bond and clocks (the oracle's owner sets it). */
export async function deployDisputeGame(
  oracle: AIOracle,
  registry: ModelRegistry,
  bond: bigint,
  clockBudget: number,
  inclusionDelay: number,
  compensationGasPrice: bigint = COMPENSATION_GAS_PRICE,
): Promise<OpmlDisputeGame> {
  return (await ethers.deployContract('OpmlDisputeGame', [
    await oracle.getAddress(),
    await registry.getAddress(),
    bond,
    compensationGasPrice,
    clockBudget,
    inclusionDelay,
  ])) as unknown as OpmlDisputeGame;
}

/** A trace whose slot `slot` has element `index` changed, with every later op recomputed from it. */
export const tampered = tamperedTrace;

/** A request on `modelId` answered by its drawn primary with `claimed` (output and S_n). */
export async function answered(
  oracle: AIOracle,
  requester: HardhatEthersSigner,
  operators: HardhatEthersSigner[],
  modelId: bigint,
  input: Uint8Array,
  claimed: Trace,
) {
  const { requestId, params, attempt } = await requestedFrom(
    oracle,
    oracle.connect(requester).requestCallback(modelId, input, ethers.ZeroAddress, 0, '0x', { value: E('0.01') }),
  );
  const primaryAddress = await primaryFor(oracle, requestId, params, attempt);
  const primary = operators.find((o) => o.address === primaryAddress)!;
  const { resultId, posted } = await postedFrom(
    oracle,
    oracle.connect(primary).submit(requestId, params, attempt, toHex(claimed.output), toHex(claimed.finalStateRoot)),
  );
  return { requestId, params, primary, resultId, posted };
}

/** The SDK client on `oracle` (reads postings and attempts back from the events). */
export async function clientOf(oracle: AIOracle): Promise<OracleClient> {
  return new OracleClient(await oracle.getAddress(), oracle.runner!);
}

/** Opens a game on the current result; returns its id and the challenge transaction's gas. */
export async function openGame(
  game: OpmlDisputeGame,
  challenger: HardhatEthersSigner,
  requestId: bigint,
  params: RequestParams,
  claimed: Trace,
  input: Uint8Array,
): Promise<{ gameId: bigint; gasUsed: bigint }> {
  const oracle = AIOracle__factory.connect(await game.oracle(), challenger);
  const { posted } = await (await clientOf(oracle)).getResult(requestId);
  const tx = game
    .connect(challenger)
    .challenge(
      requestId,
      params,
      posted,
      toHex(claimed.output),
      toHex(claimed.finalStateRoot),
      input,
      registryCommitment(claimed.pkg.manifest),
      {
        value: await game.challengeBond(),
      },
    );
  const receipt = (await (await tx).wait())!;
  const ev = receipt.logs.map((l) => game.interface.parseLog(l)).find((e) => e?.name === 'GameOpened')!;
  return { gameId: ev.args.gameId as bigint, gasUsed: receipt.gasUsed };
}

/** Registers `pkg`'s commitment as a model of `developer` and opts the operators in. */
export async function registerPackage(
  registry: ModelRegistry,
  oracle: AIOracle,
  developer: HardhatEthersSigner,
  holder: string,
  operators: HardhatEthersSigner[],
  pkg: ModelPackage,
): Promise<bigint> {
  await registry.connect(developer).register({
    commitment: registryCommitment(pkg.manifest),
    packageURI: `package-${pkg.manifest.name}`,
    license: ethers.encodeBytes32String('MIT'),
    fee: E('0.01'),
    split: { holdersBps: 6000, developerBps: 2000, operatorBps: 1500, protocolBps: 500 },
    token: { name: 'M', symbol: 'M', recipients: [holder], amounts: [E('1')], escrows: [], reserveBps: 0 },
  });
  const modelId = await registry.modelCount();
  for (const op of operators) await oracle.connect(op).optIn(modelId);
  return modelId;
}
