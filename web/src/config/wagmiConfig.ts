import { http, type Chain } from 'viem';
import { createConfig, createStorage, type Config } from 'wagmi';
import { burner } from '../wallet/burnerConnector';
import { DEV_ACCOUNT_COUNT } from '../wallet/devAccounts';
import { AppError } from '../errors';
import type { AppConfig } from './appConfig';
import { chainOf, LOCAL_CHAIN_ID } from './localChain';

/**
 * The wagmi configuration: one chain per deployment (the local chain first when there is one),
 * wallets discovered by EIP-6963, and on the local chain the dev accounts as burner wallets.
 * Reads go through JSON-RPC batches (the local chain has no Multicall3).
 *
 * @example
 * const wagmi = createWagmiConfig(await loadAppConfig());
 */
export function createWagmiConfig(app: AppConfig, storage?: Storage): Config {
  if (app.deployments.length === 0)
    throw new AppError('NO_DEPLOYMENT', 'no deployment found: run `npm start` (it deploys and writes deployments/)');
  const sorted = [...app.deployments].sort(
    (a, b) => Number(b.chainId === LOCAL_CHAIN_ID) - Number(a.chainId === LOCAL_CHAIN_ID),
  );
  const chains = sorted.map(chainOf) as [Chain, ...Chain[]];
  const local = chains.find((c) => c.id === LOCAL_CHAIN_ID);
  const burners = local ? Array.from({ length: DEV_ACCOUNT_COUNT }, (_, i) => burner(i, local)) : [];
  return createConfig({
    chains,
    connectors: burners,
    multiInjectedProviderDiscovery: true,
    storage: createStorage({ storage: storage ?? (typeof window === 'undefined' ? undefined : window.localStorage) }),
    transports: Object.fromEntries(chains.map((c) => [c.id, http(c.rpcUrls.default.http[0], { batch: true })])),
  });
}
