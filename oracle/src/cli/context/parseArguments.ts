import { InvalidArgumentError } from 'commander';
import { getAddress, isAddress, parseEther } from 'ethers';

/**
 * Parsers for commander arguments and options: each returns the typed value or throws commander's
 * `InvalidArgumentError` with what was expected, which the CLI prints as one line with exit status 2.
 */

/** A positive whole number id (model, request, game) as a bigint. */
export function parseId(value: string): bigint {
  if (!/^[1-9]\d*$/.test(value.trim()))
    throw new InvalidArgumentError(`expected a positive whole number, got "${value}"`);
  return BigInt(value.trim());
}

/** A whole number ≥ 0 that fits a JavaScript number. */
export function parseCount(value: string): number {
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  }
  return Number(value);
}

/** An amount of ETH above zero (`0.5`, `10`), as wei. */
export function parseEth(value: string): bigint {
  const text = value.trim();
  if (!/^(\d+\.?\d*|\.\d+)$/.test(text) || (text.split('.')[1] ?? '').length > 18) {
    throw new InvalidArgumentError(`expected an amount of ETH like 0.5 (at most 18 decimals), got "${value}"`);
  }
  const wei = parseEther(text);
  if (wei === 0n) throw new InvalidArgumentError('expected an amount of ETH above zero');
  return wei;
}

/** An address (checksummed if mixed case), returned checksummed. */
export function parseAddress(value: string): string {
  if (!isAddress(value.trim())) {
    throw new InvalidArgumentError(
      `expected an address (0x and 40 hex digits, a valid checksum if mixed case), got "${value}"`,
    );
  }
  return getAddress(value.trim());
}

/** A model token: its model id or its address. */
export function parseTokenRef(value: string): { modelId: bigint } | { address: string } {
  if (/^[1-9]\d*$/.test(value.trim())) return { modelId: BigInt(value.trim()) };
  if (isAddress(value.trim())) return { address: getAddress(value.trim()) };
  throw new InvalidArgumentError(`expected a model id or a token address, got "${value}"`);
}

/** One of `choices`. */
export function parseChoice<T extends string>(choices: readonly T[]) {
  return (value: string): T => {
    if (!choices.includes(value as T))
      throw new InvalidArgumentError(`expected one of ${choices.join(', ')}, got "${value}"`);
    return value as T;
  };
}
