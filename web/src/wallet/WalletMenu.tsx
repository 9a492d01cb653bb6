import { useEffect, useRef } from 'react';
import { useAccount, useBalance, useConnect, useConnectors, useDisconnect } from 'wagmi';
import { useProtocol } from '../app/ProtocolContext';
import { LOCAL_CHAIN_ID } from '../config/localChain';
import { AddressText } from '../components/AddressText';
import { CopyableHex } from '../components/CopyableHex';
import { formatEth } from '@imo/oracle/format/formatAmount';
import { BURNER_TYPE } from './burnerConnector';
import { useWalletMenu } from './WalletMenuContext';

/**
 * The header's wallet control: the connected account (short, with a copy button) and a menu of
 * wallets — browser wallets discovered by EIP-6963, and on the local chain the dev accounts as
 * burner wallets (pick one to act as that account; pick another to switch).
 */
export function WalletMenu() {
  const { address, connector, isConnected } = useAccount();
  const connectors = useConnectors();
  const { connect, isPending, error } = useConnect();
  const { disconnect } = useDisconnect();
  const { open, setOpen } = useWalletMenu();
  const { data: balance } = useBalance({ address, query: { enabled: open && address !== undefined } });
  const { chainId } = useProtocol();
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const outside = (e: MouseEvent) => {
      if (!(e.target as Element | null)?.closest('.wallet')) setOpen(false);
    };
    window.addEventListener('keydown', close);
    document.addEventListener('mousedown', outside);
    panel.current?.querySelector<HTMLButtonElement>('button')?.focus();
    return () => {
      window.removeEventListener('keydown', close);
      document.removeEventListener('mousedown', outside);
    };
  }, [open, setOpen]);

  const injected = connectors.filter((c) => c.type !== BURNER_TYPE);
  const burners = chainId === LOCAL_CHAIN_ID ? connectors.filter((c) => c.type === BURNER_TYPE) : [];

  return (
    <div className="wallet">
      <button
        type="button"
        className="wallet-button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls="wallet-menu"
        onClick={() => setOpen(!open)}
      >
        {isConnected && address ? (
          <>
            <span className="dot" aria-hidden="true" /> <AddressText address={address} />
            <span className="visually-hidden"> (open wallet menu)</span>
          </>
        ) : (
          'Connect wallet'
        )}
      </button>
      {open ? (
        <div id="wallet-menu" className="wallet-menu" ref={panel} role="group" aria-label="Wallets">
          {isConnected && address ? (
            <div className="small">
              <p className="muted">Connected with {connector?.name}.</p>
              <p>
                <CopyableHex value={address} />{' '}
                {balance ? <span className="muted">· {formatEth(balance.value)}</span> : null}
              </p>
              <button type="button" className="link-button" onClick={() => (disconnect(), setOpen(false))}>
                Disconnect
              </button>
            </div>
          ) : null}
          <h2 className="menu-heading">Browser wallets</h2>
          {injected.length === 0 ? (
            <p className="muted small">No browser wallet found (wallets announce themselves by EIP-6963).</p>
          ) : (
            <ul className="menu-list">
              {injected.map((c) => (
                <li key={c.uid}>
                  <button
                    type="button"
                    disabled={isPending}
                    onClick={() => connect({ connector: c, chainId }, { onSuccess: () => setOpen(false) })}
                  >
                    {c.icon ? <img src={c.icon} alt="" width={18} height={18} /> : null} {c.name}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {burners.length > 0 ? (
            <>
              <h2 className="menu-heading">Dev accounts (local chain only)</h2>
              <ul className="menu-list" data-testid="burner-list">
                {burners.map((c) => (
                  <li key={c.uid}>
                    <button
                      type="button"
                      data-testid={c.id}
                      aria-current={connector?.id === c.id ? 'true' : undefined}
                      disabled={isPending}
                      onClick={() => connect({ connector: c, chainId }, { onSuccess: () => setOpen(false) })}
                    >
                      {c.name}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {error ? (
            <p className="error small" role="alert">
              {error.message.split('\n')[0]}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
