import { NavLink, Outlet, useNavigation } from 'react-router';
import { useProtocol } from './ProtocolContext';
import { chainOf } from '../config/localChain';
import { useNodeStatus } from '../data/useNodeStatus';
import { NetworkGuard } from '../wallet/NetworkGuard';
import { WalletMenu } from '../wallet/WalletMenu';

const NAV = [
  { to: '/', label: 'Models', end: true },
  { to: '/playground', label: 'Playground' },
  { to: '/history', label: 'My requests' },
  { to: '/disputes', label: 'Disputes' },
  { to: '/launch', label: 'Launch' },
  { to: '/portfolio', label: 'Portfolio' },
];

/** The frame of every page: navigation, wallet, network guard, the data source line. */
export function Layout() {
  const { deployment } = useProtocol();
  const node = useNodeStatus();
  const navigation = useNavigation();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="header">
        <NavLink to="/" className="brand" aria-label="IMO home">
          <span aria-hidden="true">◆</span> IMO
        </NavLink>
        <nav aria-label="Main">
          <ul className="nav">
            {NAV.map((n) => (
              <li key={n.to}>
                <NavLink to={n.to} end={n.end}>
                  {n.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <WalletMenu />
      </header>
      <NetworkGuard />
      <main id="main" className="main" aria-busy={navigation.state === 'loading'}>
        <Outlet />
      </main>
      <footer className="footer small muted">
        <span>
          {chainOf(deployment).name} · chain {deployment.chainId}
        </span>
        <span data-testid="node-status">
          {node.url === null
            ? 'No oracle node configured: history and charts come from chain events.'
            : node.online
              ? `Oracle node ${node.url} online`
              : `Oracle node ${node.url} not answering: history and charts come from chain events.`}
        </span>
      </footer>
    </div>
  );
}
