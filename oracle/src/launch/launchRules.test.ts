import { parseEther, ZeroHash as zeroHash } from 'ethers';
import { describe, expect, it } from 'vitest';
import { defaultLaunchValues, validateLaunch, type LaunchFormValues, type LaunchLimits } from './launchRules';

/** The local deployment's bounds (`scripts/deploy/protocolParams.ts`, `LaunchFactory` constants). */
const LIMITS: LaunchLimits = {
  maxFee: parseEther('1'),
  minOperatorBps: 1000,
  maxProtocolBps: 1000,
  maxUriLength: 512,
  maxNameLength: 64,
  maxSymbolLength: 16,
  minSaleShareBps: 2000,
  maxDeveloperShareBps: 5000,
  maxLiquiditySupplyBps: 2000,
  maxLiquidityShareBps: 5000,
  maxSaleDuration: 90 * 86_400,
  maxVestingDuration: 10 * 365 * 86_400,
  protocolFeeBps: 250,
};
const COMMITMENT = {
  graphRoot: `0x${'11'.repeat(32)}`,
  paramsRoot: `0x${'22'.repeat(32)}`,
  io: { inputRows: 1, inputCols: 64, inputDtype: 0, outputRows: 1, outputCols: 1, outputDtype: 1 },
  opCount: 3,
  stateDepth: 2,
};
const NOW = 1_800_000_000;
const DEVELOPER = '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f';

function check(changes: Partial<LaunchFormValues>) {
  const values = { ...defaultLaunchValues('digits', DEVELOPER), packageURI: 'https://x/manifest.json', ...changes };
  return validateLaunch(values, { commitment: COMMITMENT, license: 'MIT', limits: LIMITS, now: NOW });
}

describe('validateLaunch', () => {
  it('builds the launch parameters from valid values', () => {
    const { errors, params } = check({});
    expect(errors).toEqual({});
    expect(params).toMatchObject({
      packageURI: 'https://x/manifest.json',
      license: `0x4d4954${'0'.repeat(58)}`,
      fee: parseEther('0.001'),
      split: { holdersBps: 6000, developerBps: 2000, operatorBps: 1500, protocolBps: 500 },
      symbol: 'DIGITS',
      reserveBps: 1000,
      saleSupply: parseEther('1000000'),
      liquidityRecipient: DEVELOPER,
      sale: { start: NOW + 600, end: NOW + 600 + 72 * 3600, allowlistRoot: zeroHash, liquidityShareBps: 1000 },
      vesting: { start: 0n, cliff: 30n * 86_400n, duration: 180n * 86_400n },
    });
  });

  it.each<[string, Partial<LaunchFormValues>, keyof LaunchFormValues, RegExp]>([
    [
      'soft cap above the hard cap',
      { softCap: '10', hardCap: '5' },
      'softCap',
      /must not exceed the hard cap \(5 ETH\)/,
    ],
    ['zero soft cap', { softCap: '0' }, 'softCap', /above zero/],
    ['zero wallet cap', { walletCap: '0' }, 'walletCap', /above zero/],
    ['zero price', { price: '0' }, 'price', /above zero/],
    [
      'hard cap the sale supply cannot cover',
      { saleSupply: '500000', developerSupply: '100000', hardCap: '100' },
      'hardCap',
      /buys 1,000,000 tokens.*only 500,000/,
    ],
    [
      'sale share below 20 %',
      { saleSupply: '100000', developerSupply: '400000', liquiditySupply: '100000', hardCap: '1' },
      'saleSupply',
      /at least 20 %/,
    ],
    [
      'developer share above 50 %',
      { saleSupply: '1000000', developerSupply: '1200000' },
      'developerSupply',
      /at most 50 %/,
    ],
    ['liquidity share of supply above 20 %', { liquiditySupply: '500000' }, 'liquiditySupply', /at most 20 %/],
    ['liquidity without a recipient', { liquidityRecipient: '' }, 'liquidityRecipient', /needs a recipient/],
    ['a malformed recipient', { liquidityRecipient: '0x1234' }, 'liquidityRecipient', /an address/],
    [
      'liquidity share of proceeds above 50 %',
      { liquiditySharePercent: '60' },
      'liquiditySharePercent',
      /at most 50 %/,
    ],
    ['a sale longer than 90 days', { durationHours: String(91 * 24) }, 'durationHours', /at most 90 d/],
    ['a sale opening now', { opensInMinutes: '0' }, 'opensInMinutes', /at least 1/],
    ['a cliff longer than the vesting', { vestingCliffDays: '200' }, 'vestingCliffDays', /not be longer/],
    [
      'vesting of zero days',
      { vestingDurationDays: '0', vestingCliffDays: '0' },
      'vestingDurationDays',
      /at least a day/,
    ],
    ['a fee above the maximum', { fee: '2' }, 'fee', /at most 1 ETH/],
    ['a zero fee', { fee: '0' }, 'fee', /above zero/],
    ['a split not adding up', { holdersPercent: '50' }, 'holdersPercent', /add up to 100 % \(now 90 %\)/],
    [
      'an operator share below the minimum',
      { operatorPercent: '5', holdersPercent: '70' },
      'operatorPercent',
      /at least 10 %/,
    ],
    [
      'a protocol share above the maximum',
      { protocolPercent: '15', holdersPercent: '50' },
      'protocolPercent',
      /at most 10 %/,
    ],
    ['a symbol too long', { tokenSymbol: 'ABCDEFGHIJKLMNOPQ' }, 'tokenSymbol', /1 to 16 bytes/],
    ['an empty package URI', { packageURI: '' }, 'packageURI', /where operators fetch the package/],
    ['a malformed allowlist root', { allowlistRoot: '0x12' }, 'allowlistRoot', /64 hex digits/],
    ['a number with three decimals of percent', { reservePercent: '1.234' }, 'reservePercent', /at most 2 decimals/],
    ['text where an amount goes', { price: 'cheap' }, 'price', /must be a number/],
  ])('rejects %s on the field to fix', (_what, changes, field, message) => {
    const { errors, params } = check(changes);
    expect(params).toBeUndefined();
    expect(errors[field]).toMatch(message);
  });

  it('allows no vesting terms when the developer keeps no tokens', () => {
    const { errors } = check({ developerSupply: '0', vestingDurationDays: '0', vestingCliffDays: '0' });
    expect(errors).toEqual({});
  });

  it('refuses a supply split that leaves every token in the sale (LaunchNothingOutsideSale)', () => {
    const { errors, params } = check({ developerSupply: '0', liquiditySupply: '0', vestingDurationDays: '0' });
    expect(params).toBeUndefined();
    expect(errors.developerSupply).toMatch(/not every token may be in the sale/);
  });
});
