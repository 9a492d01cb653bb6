import type { ContractTransactionResponse, TransactionReceipt } from 'ethers';
import { CliError } from '../CliError';
import { describeChainError } from './describeChainError';
import type { Output } from './output';

/**
 * Sends one transaction (ethers estimates it first, so a call that would revert is refused before
 * anything is signed) and waits for its receipt; a revert becomes a `CliError` in plain words.
 *
 * @example
 * const receipt = await sendTransaction(out, 'claim the revenue', () => token.claim());
 */
export async function sendTransaction(
  out: Output,
  what: string,
  send: () => Promise<ContractTransactionResponse>,
): Promise<TransactionReceipt> {
  let response: ContractTransactionResponse;
  try {
    response = await send();
  } catch (error) {
    throw new CliError('FAILED', `${what}: ${describeChainError(error)}`, { cause: error });
  }
  out.note(`${what}: sent ${response.hash}`);
  let receipt: TransactionReceipt | null;
  try {
    receipt = await response.wait();
  } catch (error) {
    throw new CliError('FAILED', `${what}: ${describeChainError(error)}`, { cause: error });
  }
  if (!receipt || receipt.status !== 1)
    throw new CliError('FAILED', `${what}: the transaction ${response.hash} reverted`);
  return receipt;
}
