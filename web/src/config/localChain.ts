import { defineChain, type Chain } from 'viem';
import type { Deployment } from './appConfig';

/** Hardhat's and Anvil's chain id: the local chain where the dev accounts serve as burner wallets. */
export const LOCAL_CHAIN_ID = 31337;

/**
 * The viem chain for a deployment: the local chain by its RPC URL from the deployment file; any
 * other chain id gets a plain definition named by its id (add a block explorer here when one exists).
 *
 * @example
 * chainOf({ chainId: 31337, rpcUrl: 'http://127.0.0.1:8545', ... }).name; // 'Localhost'
 */
export function chainOf(deployment: Deployment): Chain {
  const local = deployment.chainId === LOCAL_CHAIN_ID;
  return defineChain({
    id: deployment.chainId,
    name: local ? 'Localhost' : `Chain ${deployment.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [deployment.rpcUrl] } },
    testnet: local,
  });
}
