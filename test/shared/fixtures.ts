import { ethers } from 'hardhat';
import type { HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/signers';
import type { IModelRegistry, ModelRegistry, ModelToken } from '../../typechain-types';

export type RegisterParams = IModelRegistry.RegisterParamsStruct;
export type Split = IModelRegistry.SplitStruct;

export const BPS = 10_000n;
export const DEFAULT_SPLIT: Split = { holdersBps: 6000, developerBps: 2000, operatorBps: 1500, protocolBps: 500 };
export const PROTOCOL_PARAMS = {
  maxFee: ethers.parseEther('1'),
  minOperatorBps: 1000,
  maxProtocolBps: 1000,
  splitNoticePeriod: 7 * 24 * 3600,
};

/** Deploys the token implementation and the registry owned by the first signer. */
export async function deployRegistry(): Promise<{
  registry: ModelRegistry;
  implementation: ModelToken;
  signers: HardhatEthersSigner[];
}> {
  const signers = await ethers.getSigners();
  const implementation = await ethers.deployContract('ModelToken');
  const registry = await ethers.deployContract('ModelRegistry', [
    signers[0]!.address,
    await implementation.getAddress(),
    PROTOCOL_PARAMS,
  ]);
  return { registry, implementation, signers };
}

/** Registration parameters for a small valid model; `seed` makes the commitment unique. */
export function registerParams(seed: number, overrides: Partial<RegisterParams> = {}): RegisterParams {
  return {
    commitment: {
      graphRoot: ethers.keccak256(ethers.toUtf8Bytes(`graph-${seed}`)),
      paramsRoot: ethers.keccak256(ethers.toUtf8Bytes(`params-${seed}`)),
      io: { inputRows: 1, inputCols: 64, inputDtype: 0, outputRows: 1, outputCols: 1, outputDtype: 1 },
      opCount: 5,
      stateDepth: 3,
    },
    packageURI: `packages/model-${seed}.json`,
    license: ethers.encodeBytes32String('MIT'),
    fee: ethers.parseEther('0.001'),
    split: DEFAULT_SPLIT,
    token: {
      name: `Model ${seed}`,
      symbol: `M${seed}`,
      recipients: [],
      amounts: [],
      escrows: [],
      reserveBps: 0,
    },
    ...overrides,
  };
}

/** Registers a model whose token is allocated as given and returns the token contract. */
export async function registerWithToken(
  registry: ModelRegistry,
  developer: HardhatEthersSigner,
  seed: number,
  token: Partial<IModelRegistry.RegisterParamsStruct['token']> & { recipients: string[]; amounts: bigint[] },
): Promise<{ token: ModelToken; modelId: bigint }> {
  const base = registerParams(seed);
  const params = { ...base, token: { ...base.token, ...token } };
  const modelId = (await registry.modelCount()) + 1n;
  await (await registry.connect(developer).register(params)).wait();
  const model = await registry.getModel(modelId);
  return { token: await ethers.getContractAt('ModelToken', model.token), modelId };
}

/**
 * How far below its exact share a holder's claimable revenue may be after one split: the 2^64
 * accumulator keeps revenue per base unit to 2^-64 wei (the rest is carried, not lost).
 */
export function revenueLag(balance: bigint): bigint {
  return balance / 2n ** 64n + 1n;
}
