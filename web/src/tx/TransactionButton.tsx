import type { ReactNode } from 'react';
import type { TransactionReceipt } from 'viem';
import { useAccount } from 'wagmi';
import { useWalletMenu } from '../wallet/WalletMenuContext';
import { useWrongNetwork } from '../wallet/NetworkGuard';
import { TransactionControl } from './TransactionControl';
import { useTransaction, type TransactionLabels, type WriteCall } from './useTransaction';

export interface TransactionButtonProps {
  /** The calls to send, in order (e.g. sweep the model's fees, then withdraw them). */
  calls: () => WriteCall[] | WriteCall;
  labels: TransactionLabels;
  children: ReactNode;
  disabled?: boolean;
  /** Why it is disabled, said beside it. */
  disabledReason?: string;
  onConfirmed?: (receipt: TransactionReceipt) => void;
  variant?: 'primary' | 'secondary';
}

/**
 * A button that sends one transaction (or a short sequence) through the app's transaction flow:
 * asks to connect first, waits for the right network, shows each state and the decoded revert.
 */
export function TransactionButton({
  calls,
  labels,
  onConfirmed,
  disabled,
  disabledReason,
  ...view
}: TransactionButtonProps) {
  const { isConnected } = useAccount();
  const wrongNetwork = useWrongNetwork();
  const menu = useWalletMenu();
  const tx = useTransaction();

  if (!isConnected) {
    return (
      <div className="tx">
        <button type="button" className={`button-${view.variant ?? 'primary'}`} onClick={() => menu.setOpen(true)}>
          Connect a wallet to {labels.action.charAt(0).toLowerCase() + labels.action.slice(1)}
        </button>
      </div>
    );
  }
  const run = async () => {
    const list = calls();
    let receipt: TransactionReceipt | undefined;
    for (const call of Array.isArray(list) ? list : [list]) {
      receipt = await tx.send(call, labels);
      if (!receipt) return;
    }
    if (receipt) onConfirmed?.(receipt);
  };
  return (
    <TransactionControl
      {...view}
      state={tx.state}
      onRun={run}
      disabled={disabled || wrongNetwork}
      disabledReason={wrongNetwork ? 'Switch network first (banner above).' : disabledReason}
    />
  );
}
