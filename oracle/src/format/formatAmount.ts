/** Significant digits kept for amounts below 1 (enough to tell 0.0001 from 0.00012). */
const SMALL_SIGNIFICANT = 3;

/**
 * A base-unit amount with its unit and sensible decimals: whole thousands grouped, up to `maxDecimals`
 * decimals for amounts of 1 and more, three significant digits below 1, and "< 0.000001" for dust.
 *
 * @example
 * formatAmount(1234567890000000000000n, 18, 'ETH'); // '1,234.57 ETH'
 * formatAmount(123456789000000n, 18, 'ETH');        // '0.000123 ETH'
 */
export function formatAmount(value: bigint, decimals: number, unit: string, maxDecimals = 2): string {
  const suffix = unit ? ` ${unit}` : '';
  if (value === 0n) return `0${suffix}`;
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(decimals);
  const whole = (abs / scale).toString();
  const fraction = decimals === 0 ? '' : (abs % scale).toString().padStart(decimals, '0');
  let shown: string;
  if (whole !== '0') {
    const kept = fraction.slice(0, maxDecimals).replace(/0+$/, '');
    shown = `${BigInt(whole).toLocaleString('en-US')}${kept ? `.${kept}` : ''}`;
  } else {
    const firstDigit = fraction.search(/[1-9]/);
    if (firstDigit === -1 || firstDigit >= 6) {
      shown = '< 0.000001';
    } else {
      shown = `0.${fraction.slice(0, firstDigit + SMALL_SIGNIFICANT).replace(/0+$/, '')}`;
    }
  }
  return `${negative ? '−' : ''}${shown}${suffix}`;
}

/**
 * Wei as ETH.
 *
 * @example
 * formatEth(10n ** 15n); // '0.001 ETH'
 */
export function formatEth(wei: bigint, maxDecimals = 4): string {
  return formatAmount(wei, 18, 'ETH', maxDecimals);
}

/**
 * Token base units (18 decimals) with the token's symbol.
 *
 * @example
 * formatTokens(1500n * 10n ** 18n, 'DIGIT'); // '1,500 DIGIT'
 */
export function formatTokens(amount: bigint, symbol: string): string {
  return formatAmount(amount, 18, symbol, 2);
}

/**
 * Basis points as a percentage.
 *
 * @example
 * formatBps(1250); // '12.5 %'
 */
export function formatBps(bps: number | bigint): string {
  const n = Number(bps) / 100;
  return `${Number.isInteger(n) ? n : n.toFixed(2).replace(/0+$/, '')} %`;
}
