import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TransactionControl } from './TransactionControl';
import type { TransactionState } from './runTransaction';

afterEach(cleanup);

const HASH = `0x${'cd'.repeat(32)}` as const;

function renderIn(state: TransactionState, onRun = vi.fn()) {
  render(
    <TransactionControl state={state} onRun={onRun}>
      Claim tokens
    </TransactionControl>,
  );
  return { button: screen.getByRole('button'), onRun };
}

describe('TransactionControl', () => {
  it('shows its label when idle and runs on click', () => {
    const { button, onRun } = renderIn({ status: 'idle' });
    expect(button.textContent).toBe('Claim tokens');
    fireEvent.click(button);
    expect(onRun).toHaveBeenCalledOnce();
  });

  it.each([
    [{ status: 'simulating' } as const, 'Checking…'],
    [{ status: 'awaiting-signature' } as const, 'Confirm in your wallet…'],
    [{ status: 'pending', hash: HASH } as const, 'Pending…'],
  ])('is busy and disabled while %o', (state, text) => {
    const { button } = renderIn(state);
    expect(button.textContent).toBe(text);
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(button.getAttribute('aria-busy')).toBe('true');
  });

  it('announces a decoded revert in plain words', () => {
    renderIn({
      status: 'reverted',
      failure: {
        kind: 'reverted',
        errorName: 'IMOSaleAlreadyClaimed',
        args: {},
        message: 'you have already claimed from this sale',
        detail: 'IMOSaleAlreadyClaimed(buyer 0x…)',
      },
    });
    expect(screen.getByRole('alert').textContent).toBe('You have already claimed from this sale.');
    expect((screen.getByRole('button') as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows no error after a rejection in the wallet', () => {
    renderIn({ status: 'rejected' });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('button').textContent).toBe('Claim tokens');
  });

  it('says why it is disabled', () => {
    render(
      <TransactionControl state={{ status: 'idle' }} onRun={vi.fn()} disabled disabledReason="Nothing to claim yet.">
        Claim
      </TransactionControl>,
    );
    expect(screen.getByText('Nothing to claim yet.')).toBeTruthy();
  });
});
