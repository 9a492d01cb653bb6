import { useAccount, useSwitchChain } from 'wagmi';
import { useAppConfig, useProtocol } from '../app/ProtocolContext';
import { chainOf } from '../config/localChain';

/** Whether the connected wallet is on a chain we are deployed on. */
export function useWrongNetwork(): boolean {
  const { chainId, isConnected } = useAccount();
  const { deployments } = useAppConfig();
  return isConnected && chainId !== undefined && !deployments.some((d) => d.chainId === chainId);
}

/** A banner with one button when the wallet is on a chain the protocol is not deployed on. */
export function NetworkGuard() {
  const wrong = useWrongNetwork();
  const { chainId: walletChain } = useAccount();
  const { deployment } = useProtocol();
  const { switchChain, isPending, error } = useSwitchChain();
  if (!wrong) return null;
  const target = chainOf(deployment);
  return (
    <div className="banner banner-warning" role="alert">
      <span>
        Your wallet is on chain {walletChain}; IMO is deployed on {target.name} ({target.id}).
      </span>
      <button type="button" disabled={isPending} onClick={() => switchChain({ chainId: target.id })}>
        Switch to {target.name}
      </button>
      {error ? <span className="error small">{error.message.split('\n')[0]}</span> : null}
    </div>
  );
}
