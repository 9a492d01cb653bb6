import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type { Abi, Address, ContractFunctionArgs, ContractFunctionName, TransactionReceipt } from 'viem';
import { useAccount, useConfig } from 'wagmi';
import { simulateContract, waitForTransactionReceipt, writeContract } from 'wagmi/actions';
import { useProtocol } from '../app/ProtocolContext';
import { shortHex } from '@imo/oracle/format/shortHex';
import { runTransaction, type TransactionState } from './runTransaction';
import { useToasts } from './toasts';

type Writable = 'nonpayable' | 'payable';

/** One contract call to send, typed by the generated ABI. */
export interface WriteCall<
  abi extends Abi = Abi,
  functionName extends ContractFunctionName<abi, Writable> = ContractFunctionName<abi, Writable>,
> {
  address: Address;
  abi: abi;
  functionName: functionName;
  args?: ContractFunctionArgs<abi, Writable, functionName>;
  value?: bigint;
  /**
   * A gas limit from the node's estimate, for calls whose mined cost exceeds what `eth_estimateGas`
   * sees (a dispute game call by the challenger: see `withGasMargin`).
   */
  gasMargin?: (estimate: bigint) => bigint;
}

/** What the toasts say about a call. */
export interface TransactionLabels {
  /** What the call does, as a verb phrase: "Commit 5 ETH". */
  action: string;
  /** Said on success: "Committed 5 ETH". */
  done?: string;
}

export interface UseTransactionReturnType {
  state: TransactionState;
  /** Simulates, asks the wallet, waits; resolves with the receipt when confirmed, otherwise undefined. */
  send<const abi extends Abi, functionName extends ContractFunctionName<abi, Writable>>(
    call: WriteCall<abi, functionName>,
    labels: TransactionLabels,
  ): Promise<TransactionReceipt | undefined>;
  reset(): void;
  busy: boolean;
}

/**
 * The one transaction flow of the app: simulate (a revert is decoded and shown before the wallet
 * opens) → the wallet signs → pending with its hash → confirmed, with toasts at each step and every
 * query refreshed after. A rejection in the wallet just returns to idle.
 *
 * @example
 * const tx = useTransaction();
 * await tx.send({ address: sale, abi: imoSaleAbi, functionName: 'claimTokens' }, { action: 'Claim tokens' });
 */
export function useTransaction(): UseTransactionReturnType {
  const config = useConfig();
  const { address: account } = useAccount();
  const { chainId, client } = useProtocol();
  const toasts = useToasts();
  const queryClient = useQueryClient();
  const [state, setState] = useState<TransactionState>({ status: 'idle' });
  const toastId = useRef<number | undefined>(undefined);

  const send = useCallback(
    async (call: WriteCall, labels: TransactionLabels): Promise<TransactionReceipt | undefined> => {
      toastId.current = undefined;
      const final = await runTransaction(
        {
          simulate: async () => {
            const { gasMargin, ...rest } = call;
            const { request } = await simulateContract(config, { ...(rest as object), account, chainId } as never);
            if (!gasMargin) return request;
            const estimate = await client.estimateContractGas({ ...(rest as object), account } as never);
            return { ...(request as object), gas: gasMargin(estimate) };
          },
          sign: (request) => writeContract(config, request as never),
          wait: (hash) => waitForTransactionReceipt(config, { hash, chainId }),
        },
        (next) => {
          setState(next);
          if (next.status === 'awaiting-signature')
            toastId.current = toasts.show({ kind: 'pending', title: labels.action, body: 'Confirm in your wallet…' });
          if (next.status === 'pending' && next.hash)
            toastId.current = toasts.show({
              id: toastId.current,
              kind: 'pending',
              title: labels.action,
              body: `Pending: ${shortHex(next.hash, 10, 8)}`,
            });
          if (next.status === 'confirmed')
            toasts.show({ id: toastId.current, kind: 'success', title: labels.done ?? `${labels.action}: confirmed` });
          if (next.status === 'reverted' || next.status === 'failed')
            toasts.show({
              id: toastId.current,
              kind: 'error',
              title: `${labels.action} failed`,
              body: next.failure?.message,
            });
          if (next.status === 'rejected' && toastId.current !== undefined) toasts.dismiss(toastId.current);
        },
      );
      if (final.status === 'rejected') setState({ status: 'idle' });
      if (final.status === 'confirmed') await queryClient.invalidateQueries();
      return final.status === 'confirmed' ? final.receipt : undefined;
    },
    [config, account, chainId, client, toasts, queryClient],
  ) as UseTransactionReturnType['send'];

  const reset = useCallback(() => setState({ status: 'idle' }), []);
  const busy = state.status === 'simulating' || state.status === 'awaiting-signature' || state.status === 'pending';
  return { state, send, reset, busy };
}
