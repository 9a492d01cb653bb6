import { asSentence } from '../format/asSentence';
import type { ReactNode } from 'react';
import type { TransactionState } from './runTransaction';

const STATUS_TEXT: Partial<Record<TransactionState['status'], string>> = {
  simulating: 'Checking…',
  'awaiting-signature': 'Confirm in your wallet…',
  pending: 'Pending…',
};

export interface TransactionControlProps {
  state: TransactionState;
  onRun: () => void;
  children: ReactNode;
  disabled?: boolean;
  disabledReason?: string;
  variant?: 'primary' | 'secondary';
}

/**
 * What a transaction button shows in each state: its label when idle, then "Checking…", "Confirm in
 * your wallet…", "Pending…"; the decoded revert (or failure) in plain words after it; nothing after a
 * rejection in the wallet.
 */
export function TransactionControl({
  state,
  onRun,
  children,
  disabled,
  disabledReason,
  variant = 'primary',
}: TransactionControlProps) {
  const busy = state.status === 'simulating' || state.status === 'awaiting-signature' || state.status === 'pending';
  const failure = state.status === 'reverted' || state.status === 'failed' ? state.failure : undefined;
  return (
    <div className="tx">
      <button
        type="button"
        className={`button-${variant}`}
        disabled={disabled || busy}
        aria-busy={busy}
        onClick={onRun}
      >
        {STATUS_TEXT[state.status] ?? children}
      </button>
      {disabled && disabledReason ? <span className="muted small">{disabledReason}</span> : null}
      {failure ? (
        <span
          className="error small"
          role="alert"
          data-testid="tx-error"
          title={failure.kind === 'reverted' ? failure.detail : undefined}
        >
          {asSentence(failure.message)}
        </span>
      ) : null}
    </div>
  );
}
