import { BaseError, ContractFunctionRevertedError, decodeErrorResult, UserRejectedRequestError, type Hex } from 'viem';
import { ALL_ERRORS_ABI, type AbiError } from './allErrorsAbi';

import { ERROR_MESSAGES, type ErrorArgs } from '@imo/oracle/format/errorMessages';

/** Why a transaction did not go through, in the words the interface shows. */
export type TransactionFailure =
  /** The user declined in the wallet: not an error, nothing to show. */
  | { kind: 'rejected' }
  /** One of our contracts reverted with a custom error: `message` in plain words, `detail` as data. */
  | { kind: 'reverted'; errorName: string; args: ErrorArgs; message: string; detail: string }
  /** Anything else (network, RPC, an unknown revert): the wallet's or node's short message. */
  | { kind: 'failed'; message: string };

const HEX_DATA = /^0x[0-9a-fA-F]{8,}$/;

function named(abiError: AbiError, values: readonly unknown[]): ErrorArgs {
  return Object.fromEntries(abiError.inputs.map((input, i) => [input.name ?? String(i), values[i]]));
}

function show(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  return String(value);
}

/**
 * A revert's data decoded against every error of our contracts, in plain words with its values.
 *
 * @example
 * describeRevertData(encodeErrorResult({ abi, errorName: 'LaunchCapsOutOfOrder', args: [10n, 5n, 1n] })).message;
 * // 'the soft cap must not exceed the hard cap (soft cap 0.00000000000000001 ETH, …)'
 */
export function describeRevertData(data: Hex): TransactionFailure | undefined {
  let decoded: { errorName: string; args: readonly unknown[] | undefined; abiItem: AbiError };
  try {
    decoded = decodeErrorResult({ abi: ALL_ERRORS_ABI, data }) as typeof decoded;
  } catch {
    return undefined;
  }
  const args = named(decoded.abiItem, decoded.args ?? []);
  const detail = `${decoded.errorName}(${decoded.abiItem.inputs
    .map((input, i) => `${input.name ?? i} ${show(decoded.args?.[i])}`)
    .join(', ')})`;
  const words = ERROR_MESSAGES[decoded.errorName];
  return { kind: 'reverted', errorName: decoded.errorName, args, message: words ? words(args) : detail, detail };
}

/** The revert data somewhere in an error's chain (viem errors, RPC errors, wallet errors). */
function findRevertData(error: unknown): Hex | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const candidate = current as { data?: unknown; raw?: unknown; cause?: unknown };
    if (current instanceof ContractFunctionRevertedError && current.raw) return current.raw;
    for (const value of [candidate.raw, candidate.data, (candidate.data as { data?: unknown } | undefined)?.data]) {
      if (typeof value === 'string' && HEX_DATA.test(value)) return value as Hex;
    }
    current = candidate.cause;
  }
  return undefined;
}

function isRejection(error: unknown): boolean {
  if (error instanceof BaseError && error.walk((e) => e instanceof UserRejectedRequestError)) return true;
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 10; depth++) {
    if ((current as { code?: unknown }).code === 4001) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * What went wrong with a transaction (or its simulation), for the interface: a wallet rejection,
 * one of our custom errors in plain words with its values, or the short message of anything else.
 *
 * @example
 * const failure = describeTransactionError(error);
 * if (failure.kind === 'reverted') toast.error(failure.message);
 */
export function describeTransactionError(error: unknown): TransactionFailure {
  if (isRejection(error)) return { kind: 'rejected' };
  const data = findRevertData(error);
  const decoded = data ? describeRevertData(data) : undefined;
  if (decoded) return decoded;
  if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError) as
      ContractFunctionRevertedError | undefined;
    if (reverted?.reason) return { kind: 'failed', message: reverted.reason };
    return { kind: 'failed', message: error.shortMessage };
  }
  return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
}
