import { ethers } from 'hardhat';
import { time } from '@nomicfoundation/hardhat-network-helpers';
import type { ILaunchFactory, IMOSale, LaunchFactory, ModelToken, DeveloperVesting } from '../../typechain-types';
import { deployRegistry, registerParams } from './fixtures';

export type LaunchParams = ILaunchFactory.LaunchParamsStruct;
export const E = ethers.parseEther;
export const PROTOCOL_FEE_BPS = 250;

/** Registry + launch factory (an approved launcher), protocol fee 2.5 % to signer 9. */
export async function deployLaunchFactory() {
  const base = await deployRegistry();
  const [owner] = base.signers;
  const treasury = base.signers[9]!;
  const sale = await ethers.deployContract('IMOSale');
  const vesting = await ethers.deployContract('DeveloperVesting');
  const factory = await ethers.deployContract('LaunchFactory', [
    owner!.address,
    await base.registry.getAddress(),
    await sale.getAddress(),
    await vesting.getAddress(),
    PROTOCOL_FEE_BPS,
    treasury.address,
  ]);
  await base.registry.connect(owner!).setLauncher(await factory.getAddress(), true);
  return { ...base, factory, treasury, saleImplementation: sale, vestingImplementation: vesting };
}

/**
 * Launch parameters: 1M tokens for sale at 0.0001 ETH (hard cap 100 ETH), soft cap 20 ETH, wallet
 * cap 40 ETH, a one-day window starting in an hour; 500k tokens to the developer vesting over a year
 * with a 90-day cliff; 100k for liquidity.
 */
export async function launchParams(
  seed: number,
  liquidityRecipient: string,
  overrides: Partial<LaunchParams> = {},
): Promise<LaunchParams> {
  const now = await time.latest();
  const base = registerParams(seed);
  return {
    commitment: base.commitment,
    packageURI: base.packageURI,
    license: base.license,
    fee: base.fee,
    split: base.split,
    name: `Model ${seed}`,
    symbol: `M${seed}`,
    reserveBps: 0,
    saleSupply: E('1000000'),
    developerSupply: E('500000'),
    liquiditySupply: E('100000'),
    liquidityRecipient,
    sale: {
      price: E('0.0001'),
      softCap: E('20'),
      hardCap: E('100'),
      walletCap: E('40'),
      start: now + 3600,
      end: now + 3600 + 86400,
      allowlistRoot: ethers.ZeroHash,
      liquidityShareBps: 1000,
    },
    vesting: { start: 0, cliff: 90 * 86400, duration: 365 * 86400 },
    ...overrides,
  };
}

/** Launches and returns the typed contracts. */
export async function launch(
  factory: LaunchFactory,
  developer: Parameters<LaunchFactory['connect']>[0],
  params: LaunchParams,
): Promise<{ modelId: bigint; token: ModelToken; sale: IMOSale; vesting: DeveloperVesting | undefined }> {
  const [modelId, token, sale, vesting] = await factory.connect(developer).launch.staticCall(params);
  await (await factory.connect(developer).launch(params)).wait();
  return {
    modelId,
    token: await ethers.getContractAt('ModelToken', token),
    sale: await ethers.getContractAt('IMOSale', sale),
    vesting: vesting === ethers.ZeroAddress ? undefined : await ethers.getContractAt('DeveloperVesting', vesting),
  };
}
