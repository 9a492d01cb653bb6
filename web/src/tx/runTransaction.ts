import type { Hex, TransactionReceipt } from 'viem';
import { describeTransactionError, type TransactionFailure } from '../contracts/decodeRevert';

/** Where a transaction stands: simulating → awaiting signature → pending → confirmed | reverted | rejected | failed. */
export type TransactionStatus =
  'idle' | 'simulating' | 'awaiting-signature' | 'pending' | 'confirmed' | 'reverted' | 'rejected' | 'failed';

export interface TransactionState {
  status: TransactionStatus;
  hash?: Hex;
  receipt?: TransactionReceipt;
  /** Set when reverted or failed: what to show the user. */
  failure?: Exclude<TransactionFailure, { kind: 'rejected' }>;
}

/** The three phases of sending one call, supplied by the caller (wagmi actions in the app). */
export interface TransactionPhases<Prepared> {
  /** Runs the call against the chain's current state; throws the revert if it would fail. */
  simulate(): Promise<Prepared>;
  /** Asks the wallet to sign and send it; resolves with the hash. */
  sign(prepared: Prepared): Promise<Hex>;
  /** Waits for the receipt. */
  wait(hash: Hex): Promise<TransactionReceipt>;
}

/**
 * Drives one transaction through its phases and reports each state. A revert in the simulation
 * never reaches the wallet; a rejection in the wallet ends quietly in `rejected`; a receipt with
 * status `reverted` ends in `reverted`.
 *
 * @example
 * const final = await runTransaction(phases, (s) => setState(s));
 * if (final.status === 'confirmed') refresh();
 */
export async function runTransaction<Prepared>(
  phases: TransactionPhases<Prepared>,
  onState: (state: TransactionState) => void,
): Promise<TransactionState> {
  const report = (state: TransactionState) => {
    onState(state);
    return state;
  };
  const failed = (error: unknown, hash?: Hex): TransactionState => {
    const failure = describeTransactionError(error);
    if (failure.kind === 'rejected') return report({ status: 'rejected', hash });
    return report({ status: failure.kind === 'reverted' ? 'reverted' : 'failed', failure, hash });
  };

  report({ status: 'simulating' });
  let prepared: Prepared;
  try {
    prepared = await phases.simulate();
  } catch (error) {
    return failed(error);
  }
  report({ status: 'awaiting-signature' });
  let hash: Hex;
  try {
    hash = await phases.sign(prepared);
  } catch (error) {
    return failed(error);
  }
  report({ status: 'pending', hash });
  try {
    const receipt = await phases.wait(hash);
    if (receipt.status !== 'success') {
      return report({
        status: 'reverted',
        hash,
        receipt,
        failure: {
          kind: 'failed',
          message: 'the transaction reverted on chain (the state changed after it was simulated)',
        },
      });
    }
    return report({ status: 'confirmed', hash, receipt });
  } catch (error) {
    return failed(error, hash);
  }
}
