import hre from 'hardhat';
import type { BenchFigure } from '../results';
import { PROTOCOL_PARAMS, registerParams } from '../../test/shared/fixtures';

const { ethers } = hre;
const E = ethers.parseEther;

async function gasUsed(tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>): Promise<number> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error('transaction was not mined');
  return Number(receipt.gasUsed);
}

/**
 * Gas of whole transactions (`gasUsed`) on the in-process Hardhat network (prague), with a plain
 * OpenZeppelin 5 ERC-20 deployed here as the baseline under the same conditions.
 */
export async function runGasSuite(): Promise<BenchFigure[]> {
  await hre.run('compile', { quiet: true });
  const [deployer, developer, alice, bob, carol] = await ethers.getSigners();
  if (!deployer || !developer || !alice || !bob || !carol) throw new Error('need 5 signers');
  const implementation = await ethers.deployContract('ModelToken');
  const registry = await ethers.deployContract('ModelRegistry', [
    deployer.address,
    await implementation.getAddress(),
    PROTOCOL_PARAMS,
  ]);

  const escrow = ethers.Wallet.createRandom().address;
  const tokenConfig = (seed: number) => ({
    name: `Bench ${seed}`,
    symbol: `B${seed}`,
    recipients: [alice.address, bob.address, escrow],
    amounts: [E('1000000'), E('1000000'), E('8000000')],
    excluded: [escrow],
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
  ];
}
