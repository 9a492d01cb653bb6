import type { ReactNode } from 'react';
import type { TransactionReceipt } from 'viem';
import { useAccount } from 'wagmi';
import { useWalletMenu } from '../wallet/WalletMenuContext';
import { useWrongNetwork } from '../wallet/NetworkGuard';
import type { TransactionState } from './runTransaction';
import { useTransaction, type TransactionLabels, type WriteCall } from './useTransaction';

const STATUS_TEXT: Partial<Record<TransactionState['status'], string>> = {
  simulating: 'Checking…',
  'awaiting-signature': 'Confirm in your wallet…',
  pending: 'Pending…',
};

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
 * asks to connect first, to switch network when on the wrong one, shows each state, and the
 * decoded revert in plain words beside it.
 */
export function TransactionButton({
  calls,
  labels,
  children,
  disabled,
  disabledReason,
  onConfirmed,
  variant = 'primary',
}: TransactionButtonProps) {
  const { isConnected } = useAccount();
  const wrongNetwork = useWrongNetwork();
  const menu = useWalletMenu();
  const tx = useTransaction();

  if (!isConnected) {
    return (
      <button type="button" className={`button-${variant}`} onClick={() => menu.setOpen(true)}>
        Connect a wallet to {labels.action.charAt(0).toLowerCase() + labels.action.slice(1)}
      </button>
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
  const statusText = STATUS_TEXT[tx.state.status];
  return (
    <div className="tx">
      <button
        type="button"
        className={`button-${variant}`}
        disabled={disabled || tx.busy || wrongNetwork}
        aria-busy={tx.busy}
        onClick={run}
      >
        {statusText ?? children}
      </button>
      {disabled && disabledReason ? <span className="muted small">{disabledReason}</span> : null}
      {wrongNetwork ? <span className="muted small">Switch network first (banner above).</span> : null}
      {tx.state.failure ? (
        <span className="error small" role="alert" data-testid="tx-error" title={tx.state.failure.kind === 'reverted' ? tx.state.failure.detail : undefined}>
          {tx.state.failure.message.charAt(0).toUpperCase() + tx.state.failure.message.slice(1)}.
        </span>
      ) : null}
    </div>
  );
}
