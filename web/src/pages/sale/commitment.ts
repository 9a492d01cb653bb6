import { parseEther } from 'viem';
import { formatEth } from '@imo/oracle/format/formatAmount';

export interface CommitmentCheck {
  amountText: string;
  /** What the buyer committed already. */
  committed: bigint;
  walletCap: bigint;
  /** The buyer's ETH balance (the gas comes on top). */
  balance: bigint | undefined;
  now: number | undefined;
  start: number;
  end: number;
}

/**
 * The amount to commit, or why it cannot be committed — the sale's own rules (window, non-zero,
 * wallet cap) plus the wallet's balance, said before anything is sent.
 *
 * @example
 * checkCommitment({ amountText: '60', committed: 0n, walletCap: parseEther('50'), ... });
 * // { error: 'at most 50 ETH more: the wallet cap is 50 ETH and you committed 0 ETH' }
 */
export function checkCommitment(c: CommitmentCheck): { amount: bigint } | { error: string } {
  if (c.now !== undefined && c.now < c.start) return { error: 'the sale has not opened yet' };
  if (c.now !== undefined && c.now >= c.end) return { error: 'the sale has closed' };
  const text = c.amountText.trim();
  if (text === '') return { error: 'enter an amount in ETH' };
  if (!/^\d*\.?\d+$|^\d+\.$/.test(text)) return { error: 'enter a number, like 1.5' };
  if ((text.split('.')[1] ?? '').length > 18) return { error: 'enter a number with at most 18 decimals' };
  const amount = parseEther(text);
  if (amount === 0n) return { error: 'enter an amount above zero' };
  const room = c.walletCap > c.committed ? c.walletCap - c.committed : 0n;
  if (amount > room)
    return {
      error: `at most ${formatEth(room)} more: the wallet cap is ${formatEth(c.walletCap)} and you committed ${formatEth(c.committed)}`,
    };
  if (c.balance !== undefined && amount > c.balance)
    return { error: `your balance is ${formatEth(c.balance)}, less than ${formatEth(amount)} (and gas)` };
  return { amount };
}

/**
 * What a buyer would get if the sale ended with `total` committed: the contract's own rounding
 * (`tokens = c·hardCap·10^18 / (total·price)`, `refund = c·(total − hardCap) / total`, both down).
 *
 * @example
 * expectedAllotment(6n * E, 15n * E, 10n * E, E / 10000n); // { tokens: 40,000 tokens, refund: 2 ETH }
 */
export function expectedAllotment(
  committed: bigint,
  total: bigint,
  hardCap: bigint,
  price: bigint,
): { tokens: bigint; refund: bigint } {
  const ONE = 10n ** 18n;
  if (total <= hardCap) return { tokens: (committed * ONE) / price, refund: 0n };
  return { tokens: (committed * hardCap * ONE) / (total * price), refund: (committed * (total - hardCap)) / total };
}
