import hre from 'hardhat';
import { time } from '@nomicfoundation/hardhat-network-helpers';
import { gasUsed } from '../gasUsed';
import type { BenchFigure } from '../results';
import { registerParams } from '../../test/shared/fixtures';
import { launchParams } from '../../test/shared/launchFixtures';
import { deployContracts } from '../../scripts/deploy/deployContracts';
import { PROTOCOL_PARAMS } from '../../scripts/deploy/protocolParams';

const { ethers } = hre;
const E = ethers.parseEther;

/**
 * Gas of whole transactions (`gasUsed`) on the in-process Hardhat network (prague), with a plain
 * OpenZeppelin 5 ERC-20 deployed here as the baseline under the same conditions.
 */
export async function runGasSuite(): Promise<BenchFigure[]> {
  await hre.run('compile', { quiet: true });
  const [deployer, developer, alice, bob, carol, dave] = await ethers.getSigners();
  if (!deployer || !developer || !alice || !bob || !carol || !dave) throw new Error('need 6 signers');
  const { registry, factory } = await deployContracts(hre, PROTOCOL_PARAMS.local);

  const escrow = ethers.Wallet.createRandom().address;
  const tokenConfig = (seed: number) => ({
    name: `Bench ${seed}`,
    symbol: `B${seed}`,
    recipients: [alice.address, bob.address, escrow],
    amounts: [E('1000000'), E('1000000'), E('8000000')],
    escrows: [escrow],
    reserveBps: 0,
  });
  // Steady state: the second registration (the registry's counters and the implementation are warm).
  await gasUsed(registry.connect(developer).register(registerParams(1, { token: tokenConfig(1) })));
  const register = await gasUsed(registry.connect(developer).register(registerParams(2, { token: tokenConfig(2) })));
  const token = await ethers.getContractAt('ModelToken', (await registry.getModel(2)).token);

  // Revenue has been deposited, so every correction is non-zero, as on a live token.
  await token.connect(carol).depositRevenue({ value: E('1') });
  const deposit = await gasUsed(token.connect(carol).depositRevenue({ value: E('1') }));
  const transferExisting = await gasUsed(token.connect(alice).transfer(bob.address, E('10')));
  const transferNew = await gasUsed(token.connect(alice).transfer(ethers.Wallet.createRandom().address, E('10')));

  const baseline = await ethers.deployContract('BaselineERC20', [[alice.address, bob.address], E('1000000')]);
  await baseline.connect(alice).transfer(bob.address, 1n); // warm nothing across txs; just a first use
  const baseExisting = await gasUsed(baseline.connect(alice).transfer(bob.address, E('10')));
  const baseNew = await gasUsed(baseline.connect(alice).transfer(ethers.Wallet.createRandom().address, E('10')));

  // Claims: each measured claim is the account's second, after 1 and after 1000 deposits.
  await token.connect(alice).claim();
  await token.connect(carol).depositRevenue({ value: E('1') });
  const claim = await gasUsed(token.connect(alice).claim());
  for (let i = 0; i < 1000; i++) await token.connect(carol).depositRevenue({ value: 1_000_000_007n + BigInt(i) });
  const claimAfter1000 = await gasUsed(token.connect(alice).claim());

  const withReserve = { ...tokenConfig(3), reserveBps: 2000 };
  await registry.connect(developer).register(registerParams(3, { token: withReserve }));
  const reserveToken = await ethers.getContractAt('ModelToken', (await registry.getModel(3)).token);
  await reserveToken.connect(carol).depositRevenue({ value: E('1') });
  const burnRedeem = await gasUsed(reserveToken.connect(alice).burn(E('1000')));

  // Launch: steady state is the factory's second launch, with a realistic package URI, of registry +
  // token + sale + vesting (the optional liquidity allocation is measured separately).
  const uri = 'ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi';
  const noLiquidity = { liquiditySupply: 0n, liquidityRecipient: ethers.ZeroAddress, packageURI: uri };
  const withoutLiquidity = async (seed: number) => {
    const p = await launchParams(seed, carol.address, noLiquidity);
    return { ...p, sale: { ...p.sale, liquidityShareBps: 0 } };
  };
  await (await factory.connect(developer).launch(await withoutLiquidity(10))).wait();
  const saleParams = await withoutLiquidity(11);
  const [, , saleAddress] = await factory.connect(developer).launch.staticCall(saleParams);
  const launchGas = await gasUsed(factory.connect(developer).launch(saleParams));
  const sale = await ethers.getContractAt('IMOSale', saleAddress);
  await time.increaseTo(saleParams.sale.start);
  await sale.connect(alice).commit([], { value: E('40') });
  const commit = await gasUsed(sale.connect(bob).commit([], { value: E('40') })); // a second buyer's first commit
  await sale.connect(dave).commit([], { value: E('40') }); // oversubscribed: claims also refund the excess
  await time.increaseTo(saleParams.sale.end);
  await sale.settle();
  const claimTokens = await gasUsed(sale.connect(bob).claimTokens());
  const withdrawProceeds = await gasUsed(sale.connect(developer).withdrawProceeds());
  const launchWithLiquidity = await gasUsed(
    factory.connect(developer).launch({ ...(await launchParams(13, carol.address)), packageURI: uri }),
  );
  const failedParams = await launchParams(12, carol.address);
  const [, , failedAddress] = await factory.connect(developer).launch.staticCall(failedParams);
  await factory.connect(developer).launch(failedParams);
  const failed = await ethers.getContractAt('IMOSale', failedAddress);
  await time.increaseTo(failedParams.sale.start);
  await failed.connect(alice).commit([], { value: E('1') });
  await failed.connect(bob).commit([], { value: E('1') });
  await time.increaseTo(failedParams.sale.end);
  await failed.settle();
  const refund = await gasUsed(failed.connect(bob).refund());

  const goal125 = '<= 1.25x baseline';
  return [
    {
      metric: 'gas.token.transfer.existing',
      value: transferExisting,
      unit: 'gas',
      baseline: 'gas.baseline.erc20.transfer.existing',
      goal: goal125,
    },
    { metric: 'gas.baseline.erc20.transfer.existing', value: baseExisting, unit: 'gas' },
    {
      metric: 'gas.token.transfer.new',
      value: transferNew,
      unit: 'gas',
      baseline: 'gas.baseline.erc20.transfer.new',
      goal: goal125,
    },
    { metric: 'gas.baseline.erc20.transfer.new', value: baseNew, unit: 'gas' },
    { metric: 'gas.token.claim', value: claim, unit: 'gas', goal: '<= 50k' },
    {
      metric: 'gas.token.claim.after1000deposits',
      value: claimAfter1000,
      unit: 'gas',
      baseline: 'gas.token.claim',
      goal: 'equal to claim within 1%',
    },
    { metric: 'gas.token.deposit', value: deposit, unit: 'gas', goal: '<= 40k (no reserve)' },
    { metric: 'gas.token.burnRedeem', value: burnRedeem, unit: 'gas' },
    { metric: 'gas.registry.register', value: register, unit: 'gas', goal: 'registry + token clone + init' },
    { metric: 'gas.launch', value: launchGas, unit: 'gas', goal: '<= 500k (registry + token + sale + vesting)' },
    {
      metric: 'gas.launch.withLiquidity',
      value: launchWithLiquidity,
      unit: 'gas',
      goal: 'plus a liquidity allocation',
    },
    { metric: 'gas.sale.commit', value: commit, unit: 'gas' },
    { metric: 'gas.sale.claimTokens', value: claimTokens, unit: 'gas', goal: 'tokens + excess refund' },
    { metric: 'gas.sale.refund', value: refund, unit: 'gas' },
    { metric: 'gas.sale.withdrawProceeds', value: withdrawProceeds, unit: 'gas' },
  ];
}
