import { isAddress, parseEther, toUtf8Bytes, zeroPadBytes, ZeroAddress, ZeroHash } from 'ethers';
import type { RegistryCommitment } from '../runtime/package/registryCommitment';
import { formatBps, formatEth, formatTokens } from '../format/formatAmount';
import { formatDuration } from '../format/formatTime';

type Hex = `0x${string}`;
type Address = `0x${string}`;

/** The bounds a launch must respect, read from the registry and the factory (never copied here). */
export interface LaunchLimits {
  maxFee: bigint;
  minOperatorBps: number;
  maxProtocolBps: number;
  maxUriLength: number;
  maxNameLength: number;
  maxSymbolLength: number;
  minSaleShareBps: number;
  maxDeveloperShareBps: number;
  maxLiquiditySupplyBps: number;
  maxLiquidityShareBps: number;
  maxSaleDuration: number;
  maxVestingDuration: number;
  /** The protocol's cut of the proceeds, fixed into the sale at launch. */
  protocolFeeBps: number;
}

/** The launch form as typed: every field a string, as the inputs hold it. */
export interface LaunchFormValues {
  packageURI: string;
  tokenName: string;
  tokenSymbol: string;
  reservePercent: string;
  saleSupply: string;
  developerSupply: string;
  liquiditySupply: string;
  liquidityRecipient: string;
  price: string;
  softCap: string;
  hardCap: string;
  walletCap: string;
  opensInMinutes: string;
  durationHours: string;
  allowlistRoot: string;
  liquiditySharePercent: string;
  vestingCliffDays: string;
  vestingDurationDays: string;
  fee: string;
  holdersPercent: string;
  developerPercent: string;
  operatorPercent: string;
  protocolPercent: string;
}

export type LaunchField = keyof LaunchFormValues;
export type LaunchErrors = Partial<Record<LaunchField, string>>;

/** `ILaunchFactory.LaunchParams`, as the generated ABI takes it. */
export interface LaunchParams {
  commitment: RegistryCommitment & { graphRoot: Hex; paramsRoot: Hex };
  packageURI: string;
  license: Hex;
  fee: bigint;
  split: { holdersBps: number; developerBps: number; operatorBps: number; protocolBps: number };
  name: string;
  symbol: string;
  reserveBps: number;
  saleSupply: bigint;
  developerSupply: bigint;
  liquiditySupply: bigint;
  liquidityRecipient: Address;
  sale: {
    price: bigint;
    softCap: bigint;
    hardCap: bigint;
    walletCap: bigint;
    start: number;
    end: number;
    allowlistRoot: Hex;
    liquidityShareBps: number;
  };
  vesting: { start: bigint; cliff: bigint; duration: bigint };
}

/** What the rules need besides the form: the package's commitment and license, the bounds, chain time. */
export interface LaunchContext {
  commitment: RegistryCommitment;
  license: string;
  limits: LaunchLimits;
  /** Chain time (latest block) in seconds. */
  now: number;
}

/** Sensible starting values for a package named `name`. */
export function defaultLaunchValues(name: string, developer: string): LaunchFormValues {
  const symbol =
    name
      .replace(/[^a-z0-9]/gi, '')
      .slice(0, 6)
      .toUpperCase() || 'MODEL';
  return {
    packageURI: '',
    tokenName: `${name} model token`.slice(0, 64),
    tokenSymbol: symbol,
    reservePercent: '10',
    saleSupply: '1000000',
    developerSupply: '400000',
    liquiditySupply: '100000',
    liquidityRecipient: developer,
    price: '0.0001',
    softCap: '10',
    hardCap: '100',
    walletCap: '50',
    opensInMinutes: '10',
    durationHours: '72',
    allowlistRoot: '',
    liquiditySharePercent: '10',
    vestingCliffDays: '30',
    vestingDurationDays: '180',
    fee: '0.001',
    holdersPercent: '60',
    developerPercent: '20',
    operatorPercent: '15',
    protocolPercent: '5',
  };
}

const BPS = 10_000n;
const ONE_TOKEN = 10n ** 18n;
const UINT96_MAX = (1n << 96n) - 1n;
const DAY = 86_400;

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * Validates the launch form by the contracts' own rules (the registry's and the factory's, with the
 * bounds read from them) and builds the `launch` parameters when every field is valid. Each error is
 * attached to the field to fix and says what is expected.
 *
 * @example
 * const { errors, params } = validateLaunch(values, { commitment, license: 'MIT', limits, now });
 * if (params) send(params);
 */
export function validateLaunch(
  v: LaunchFormValues,
  ctx: LaunchContext,
): { errors: LaunchErrors; params?: LaunchParams } {
  const errors: LaunchErrors = {};
  const { limits } = ctx;
  const fail = (field: LaunchField, message: string) => {
    errors[field] ??= message;
  };

  const amount = (field: LaunchField, what: string): bigint | undefined => {
    const text = v[field].trim();
    if (text === '') return (fail(field, `enter ${what}`), undefined);
    if (!/^(\d+\.?\d*|\.\d+)$/.test(text)) return (fail(field, `${what} must be a number, like 1.5`), undefined);
    if ((text.split('.')[1] ?? '').length > 18) return (fail(field, `${what} has more than 18 decimals`), undefined);
    return parseEther(text);
  };
  const percent = (field: LaunchField, what: string): number | undefined => {
    const text = v[field].trim();
    if (!/^(\d+\.?\d{0,2}|\.\d{1,2})$/.test(text))
      return (fail(field, `${what} must be a percentage with at most 2 decimals`), undefined);
    const bps = Math.round(Number(text) * 100);
    if (bps > 10_000) return (fail(field, `${what} must be at most 100 %`), undefined);
    return bps;
  };
  const whole = (field: LaunchField, what: string, min: number): number | undefined => {
    const text = v[field].trim();
    if (!/^\d+$/.test(text)) return (fail(field, `${what} must be a whole number`), undefined);
    const n = Number(text);
    if (n < min) return (fail(field, `${what} must be at least ${min}`), undefined);
    return n;
  };

  // metadata
  const uriLength = utf8Length(v.packageURI.trim());
  if (uriLength === 0)
    fail('packageURI', 'enter where operators fetch the package (an https URL or a path the node reads)');
  else if (uriLength > limits.maxUriLength)
    fail('packageURI', `at most ${limits.maxUriLength} bytes (this is ${uriLength})`);
  const nameLength = utf8Length(v.tokenName.trim());
  if (nameLength === 0 || nameLength > limits.maxNameLength)
    fail('tokenName', `the token name must be 1 to ${limits.maxNameLength} bytes`);
  const symbolLength = utf8Length(v.tokenSymbol.trim());
  if (symbolLength === 0 || symbolLength > limits.maxSymbolLength)
    fail('tokenSymbol', `the symbol must be 1 to ${limits.maxSymbolLength} bytes`);
  const reserveBps = percent('reservePercent', 'the reserve share');

  // supply split
  const saleSupply = amount('saleSupply', 'the tokens for sale');
  const developerSupply = amount('developerSupply', 'the developer’s tokens');
  const liquiditySupply = amount('liquiditySupply', 'the liquidity tokens');
  const recipient = v.liquidityRecipient.trim();
  const needsRecipient =
    (liquiditySupply ?? 0n) > 0n || (percent('liquiditySharePercent', 'the liquidity share') ?? 0) > 0;
  if (recipient !== '' && !isAddress(recipient)) fail('liquidityRecipient', 'enter an address (0x and 40 hex digits)');
  else if (needsRecipient && (recipient === '' || recipient.toLowerCase() === ZeroAddress))
    fail('liquidityRecipient', 'a liquidity allocation or share needs a recipient');
  if (saleSupply !== undefined && developerSupply !== undefined && liquiditySupply !== undefined) {
    const supply = saleSupply + developerSupply + liquiditySupply;
    if (supply === 0n) fail('saleSupply', 'the total supply must be above zero');
    else if (supply > UINT96_MAX)
      fail('saleSupply', `the total supply must be at most ${formatTokens(UINT96_MAX, 'tokens')}`);
    else {
      const share = (x: bigint) => Number((x * BPS) / supply);
      if (share(saleSupply) < limits.minSaleShareBps)
        fail(
          'saleSupply',
          `the sale must offer at least ${formatBps(limits.minSaleShareBps)} of the supply (now ${formatBps(share(saleSupply))})`,
        );
      if (share(developerSupply) > limits.maxDeveloperShareBps)
        fail(
          'developerSupply',
          `the developer may keep at most ${formatBps(limits.maxDeveloperShareBps)} (now ${formatBps(share(developerSupply))})`,
        );
      if (share(liquiditySupply) > limits.maxLiquiditySupplyBps)
        fail(
          'liquiditySupply',
          `liquidity may hold at most ${formatBps(limits.maxLiquiditySupplyBps)} (now ${formatBps(share(liquiditySupply))})`,
        );
      // LaunchNothingOutsideSale: a failed sale burns its supply, so someone else must hold tokens.
      if (developerSupply === 0n && liquiditySupply === 0n)
        fail(
          'developerSupply',
          'keep some tokens for the developer or for liquidity: not every token may be in the sale',
        );
    }
  }

  // sale
  const price = amount('price', 'the price');
  if (price === 0n) fail('price', 'the price must be above zero');
  const softCap = amount('softCap', 'the soft cap');
  const hardCap = amount('hardCap', 'the hard cap');
  const walletCap = amount('walletCap', 'the wallet cap');
  if (softCap === 0n) fail('softCap', 'the soft cap must be above zero');
  if (softCap !== undefined && hardCap !== undefined && softCap > hardCap)
    fail('softCap', `the soft cap must not exceed the hard cap (${formatEth(hardCap)})`);
  if (walletCap === 0n) fail('walletCap', 'the wallet cap must be above zero');
  if (price && hardCap !== undefined && saleSupply !== undefined) {
    const needed = (hardCap * ONE_TOKEN) / price;
    if (needed > saleSupply)
      fail(
        'hardCap',
        `the hard cap buys ${formatTokens(needed, 'tokens')} at this price; only ${formatTokens(saleSupply, 'tokens')} are for sale`,
      );
  }
  const opensIn = whole('opensInMinutes', 'the minutes until the sale opens', 1);
  const hours = whole('durationHours', 'the sale’s length in hours', 1);
  if (hours !== undefined && hours * 3600 > limits.maxSaleDuration)
    fail('durationHours', `a sale lasts at most ${formatDuration(limits.maxSaleDuration)}`);
  const root = v.allowlistRoot.trim();
  if (root !== '' && !/^0x[0-9a-fA-F]{64}$/.test(root))
    fail('allowlistRoot', 'the allowlist root is 0x and 64 hex digits (or empty: open to all)');
  const liquidityShareBps = percent('liquiditySharePercent', 'the liquidity share');
  if (liquidityShareBps !== undefined && liquidityShareBps > limits.maxLiquidityShareBps)
    fail('liquiditySharePercent', `at most ${formatBps(limits.maxLiquidityShareBps)} of the proceeds`);

  // vesting (from the sale's end)
  const cliffDays = whole('vestingCliffDays', 'the cliff', 0);
  const durationDays = whole('vestingDurationDays', 'the vesting duration', 0);
  if ((developerSupply ?? 0n) > 0n && durationDays !== undefined) {
    if (durationDays === 0) fail('vestingDurationDays', 'the vesting must last at least a day');
    else if (durationDays * DAY > limits.maxVestingDuration)
      fail('vestingDurationDays', `vesting lasts at most ${formatDuration(limits.maxVestingDuration)}`);
    if (cliffDays !== undefined && cliffDays > durationDays)
      fail('vestingCliffDays', 'the cliff must not be longer than the vesting');
  }

  // fee and split
  const fee = amount('fee', 'the fee');
  if (fee !== undefined && (fee === 0n || fee > limits.maxFee))
    fail('fee', `the fee must be above zero and at most ${formatEth(limits.maxFee)}`);
  const holdersBps = percent('holdersPercent', 'the holders’ share');
  const developerBps = percent('developerPercent', 'the developer’s share');
  const operatorBps = percent('operatorPercent', 'the operators’ share');
  const protocolBps = percent('protocolPercent', 'the protocol’s share');
  if (operatorBps !== undefined && operatorBps < limits.minOperatorBps)
    fail('operatorPercent', `the operators get at least ${formatBps(limits.minOperatorBps)}`);
  if (protocolBps !== undefined && protocolBps > limits.maxProtocolBps)
    fail('protocolPercent', `the protocol gets at most ${formatBps(limits.maxProtocolBps)}`);
  if ([holdersBps, developerBps, operatorBps, protocolBps].every((x) => x !== undefined)) {
    const sum = holdersBps! + developerBps! + operatorBps! + protocolBps!;
    if (sum !== 10_000) fail('holdersPercent', `the four shares must add up to 100 % (now ${formatBps(sum)})`);
  }

  const licenseBytes = utf8Length(ctx.license);
  if (licenseBytes === 0 || licenseBytes > 32)
    fail('packageURI', 'the package’s license must be an SPDX id of 1 to 32 bytes');

  if (Object.keys(errors).length > 0) return { errors };
  const start = ctx.now + opensIn! * 60;
  return {
    errors,
    params: {
      commitment: ctx.commitment as LaunchParams['commitment'],
      packageURI: v.packageURI.trim(),
      license: zeroPadBytes(toUtf8Bytes(ctx.license), 32) as Hex,
      fee: fee!,
      split: {
        holdersBps: holdersBps!,
        developerBps: developerBps!,
        operatorBps: operatorBps!,
        protocolBps: protocolBps!,
      },
      name: v.tokenName.trim(),
      symbol: v.tokenSymbol.trim(),
      reserveBps: reserveBps!,
      saleSupply: saleSupply!,
      developerSupply: developerSupply!,
      liquiditySupply: liquiditySupply!,
      liquidityRecipient: (recipient === '' ? ZeroAddress : recipient) as Address,
      sale: {
        price: price!,
        softCap: softCap!,
        hardCap: hardCap!,
        walletCap: walletCap!,
        start,
        end: start + hours! * 3600,
        allowlistRoot: (root === '' ? ZeroHash : root) as Hex,
        liquidityShareBps: liquidityShareBps!,
      },
      vesting: { start: 0n, cliff: BigInt(cliffDays! * DAY), duration: BigInt(durationDays! * DAY) },
    },
  };
}
