import { createContext, useContext, type ReactNode } from 'react';
import type { PublicClient } from 'viem';
import { useChainId, usePublicClient } from 'wagmi';
import type { AppConfig, Deployment } from '../config/appConfig';

const AppConfigContext = createContext<AppConfig | null>(null);

/** Provides the served configuration (deployments, node URL) to every page. */
export function AppConfigProvider({ config, children }: { config: AppConfig; children: ReactNode }) {
  return <AppConfigContext.Provider value={config}>{children}</AppConfigContext.Provider>;
}

/** The protocol on the chain the app is reading: its deployment, a public client and the node URL. */
export interface Protocol {
  deployment: Deployment;
  client: PublicClient;
  chainId: number;
  nodeUrl: string | null;
}

/** The served configuration. */
export function useAppConfig(): AppConfig {
  const config = useContext(AppConfigContext);
  if (!config) throw new Error('useAppConfig outside AppConfigProvider');
  return config;
}

/**
 * The deployment of the chain the app reads (the wallet's, when it is one we are deployed on; the
 * first deployment otherwise) with its public client.
 */
export function useProtocol(): Protocol {
  const config = useAppConfig();
  const chainId = useChainId();
  const deployment = config.deployments.find((d) => d.chainId === chainId) ?? config.deployments[0]!;
  const client = usePublicClient({ chainId: deployment.chainId }) as PublicClient;
  return { deployment, client, chainId: deployment.chainId, nodeUrl: config.nodeUrl };
}
