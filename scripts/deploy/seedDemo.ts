import path from 'node:path';
import type { HardhatRuntimeEnvironment } from 'hardhat/types';
import type { HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/signers';
import { MODELS_DIR, readModelPackage } from '../../oracle/src/node/readModelPackage';
import { registryCommitment, type ModelPackage } from '../../oracle/src/runtime';
import type { AIOracle, ILaunchFactory, LaunchFactory } from '../../typechain-types';

export interface SeededModel {
  id: number;
  name: string;
  modelHash: string;
  token: string;
  sale: string;
  saleState: string;
}

const SALE_STATES = ['pending', 'active', 'succeeded', 'failed'];
const HOUR = 3600;
const DAY = 24 * HOUR;

/** Launch parameters for a bundled package: its real commitment, a fixed-price sale and vesting. */
function launchParamsFor(
  hre: HardhatRuntimeEnvironment,
  pkg: ModelPackage,
  symbol: string,
  developer: string,
  start: number,
  end: number,
): ILaunchFactory.LaunchParamsStruct {
  const { ethers } = hre;
  const E = ethers.parseEther;
  return {
    commitment: registryCommitment(pkg.manifest),
    packageURI: `oracle/models/${pkg.manifest.name}/manifest.json`,
    license: ethers.encodeBytes32String(pkg.manifest.license),
    fee: E('0.001'),
    split: { holdersBps: 6000, developerBps: 2000, operatorBps: 1500, protocolBps: 500 },
    name: `${pkg.manifest.name} model token`,
    symbol,
    reserveBps: 1000,
    saleSupply: E('1000000'),
    developerSupply: E('400000'),
    liquiditySupply: E('100000'),
    liquidityRecipient: developer,
    sale: {
      price: E('0.0001'),
      softCap: E('10'),
      hardCap: E('100'),
      walletCap: E('50'),
      start,
      end,
      allowlistRoot: ethers.ZeroHash,
      liquidityShareBps: 1000,
    },
    vesting: { start: 0, cliff: 0, duration: 180 * DAY },
  };
}

async function launchPackage(
  hre: HardhatRuntimeEnvironment,
  factory: LaunchFactory,
  developer: HardhatEthersSigner,
  name: string,
  symbol: string,
  start: number,
  end: number,
) {
  const pkg = readModelPackage(path.join(MODELS_DIR, name));
  if (pkg.manifest.developer.toLowerCase() !== developer.address.toLowerCase()) {
    throw new Error(`package ${name} is bound to ${pkg.manifest.developer}, not ${developer.address}`);
  }
  const params = launchParamsFor(hre, pkg, symbol, developer.address, start, end);
  const [modelId, token, sale] = await factory.connect(developer).launch.staticCall(params);
  await (await factory.connect(developer).launch(params)).wait();
  return { pkg, modelId: Number(modelId), token, sale: await hre.ethers.getContractAt('IMOSale', sale) };
}

/**
 * Seeds the demo through the launch factory, from the bundled packages (real commitments):
 * - `digits` (developer: dev account 1): an oversubscribed sale that has finished — investors
 *   (accounts 3–5) claimed tokens and excess, the developer withdrew, revenue was deposited around a
 *   transfer and one investor claimed it;
 * - `digits-lite` (developer: dev account 2): a sale still open for three days, one commitment in;
 * - `kjv-textgen` (developer: dev account 7): the text generator, its sale open for a week;
 * - a demo oracle operator (dev account 6) staked 10 ETH and opted in to all three models.
 * Time is moved forward on the local chain (evm_increaseTime) to run the first sale to its end.
 */
export async function seedDemo(
  hre: HardhatRuntimeEnvironment,
  factory: LaunchFactory,
  oracle: AIOracle,
): Promise<SeededModel[]> {
  const { ethers } = hre;
  const E = ethers.parseEther;
  const [payer, dev1, dev2, alice, bob, carol, operator, dev3] = await ethers.getSigners();
  if (!payer || !dev1 || !dev2 || !alice || !bob || !carol || !operator || !dev3)
    throw new Error('the demo needs 8 dev accounts');
  const now = async () => (await ethers.provider.getBlock('latest'))!.timestamp;
  const advance = async (seconds: number) => {
    await ethers.provider.send('evm_increaseTime', [seconds]);
    await ethers.provider.send('evm_mine', []);
  };

  let t = await now();
  const digits = await launchPackage(hre, factory, dev1, 'digits', 'DIGIT', t + 10, t + 10 + HOUR);
  await advance(15);
  for (const [buyer, amount] of [
    [alice, E('50')],
    [bob, E('40')],
    [carol, E('30')],
  ] as const) {
    await (await digits.sale.connect(buyer).commit([], { value: amount })).wait();
  }
  await advance(HOUR);
  await (await digits.sale.settle()).wait();
  for (const buyer of [alice, bob, carol]) await (await digits.sale.connect(buyer).claimTokens()).wait();
  await (await digits.sale.connect(dev1).withdrawProceeds()).wait();
  await (await digits.sale.releaseFee()).wait();
  await (await digits.sale.releaseLiquidityShare()).wait();
  const token = await ethers.getContractAt('ModelToken', digits.token);
  await (await token.connect(payer).depositRevenue({ value: E('0.3') })).wait();
  await (await token.connect(alice).transfer(carol.address, E('50000'))).wait();
  await (await token.connect(payer).depositRevenue({ value: E('0.2') })).wait();
  await (await token.connect(bob).claim()).wait();

  t = await now();
  const lite = await launchPackage(hre, factory, dev2, 'digits-lite', 'DLITE', t + 10, t + 10 + 3 * DAY);
  await advance(15);
  await (await lite.sale.connect(alice).commit([], { value: E('5') })).wait();

  t = await now();
  const textgen = await launchPackage(hre, factory, dev3, 'kjv-textgen', 'KJVGEN', t + 10, t + 10 + 7 * DAY);
  await advance(15);

  // A demo operator (dev account 6) stakes and opts in to every model, ready for the oracle service.
  await (await oracle.connect(operator).stake({ value: E('10') })).wait();
  const models = [digits, lite, textgen];
  for (const m of models) await (await oracle.connect(operator).optIn(m.modelId)).wait();

  const seeded: SeededModel[] = [];
  for (const m of models) {
    seeded.push({
      id: m.modelId,
      name: m.pkg.manifest.name,
      modelHash: m.pkg.manifest.commitment.modelHash,
      token: m.token,
      sale: await m.sale.getAddress(),
      saleState: SALE_STATES[Number(await m.sale.state())]!,
    });
  }
  return seeded;
}
