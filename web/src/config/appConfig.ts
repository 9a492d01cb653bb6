import type { Address } from 'viem';
import { isAddress } from 'viem';
import { AppError } from '../errors';

/** The protocol's contracts on one chain, as `deployments/<chainId>.json` records them. */
export interface Deployment {
  chainId: number;
  rpcUrl: string;
  blockNumber: number;
  contracts: {
    ModelRegistry: Address;
    ModelToken: Address;
    IMOSale: Address;
    DeveloperVesting: Address;
    LaunchFactory: Address;
    AIOracle: Address;
    OpmlDisputeGame?: Address;
    /** The example consumer the playground can pay through (deployed by the local demo). */
    PromptConsumer?: Address;
  };
}

/** What the app needs before it renders: where the protocol is deployed and the oracle node's URL. */
export interface AppConfig {
  deployments: Deployment[];
  nodeUrl: string | null;
}

const REQUIRED_CONTRACTS = [
  'ModelRegistry',
  'ModelToken',
  'IMOSale',
  'DeveloperVesting',
  'LaunchFactory',
  'AIOracle',
] as const;

function parseDeployment(raw: unknown, index: number): Deployment {
  const d = raw as Partial<Deployment> | null;
  const where = `deployment ${index + 1}`;
  if (!d || typeof d !== 'object') throw new AppError('BAD_CONFIG', `${where} is not an object`);
  if (!Number.isInteger(d.chainId) || (d.chainId ?? 0) <= 0)
    throw new AppError('BAD_CONFIG', `${where}: chainId must be a positive integer, found ${String(d.chainId)}`);
  if (typeof d.rpcUrl !== 'string') throw new AppError('BAD_CONFIG', `${where}: rpcUrl must be a URL`);
  const contracts = (d.contracts ?? {}) as Record<string, unknown>;
  for (const name of REQUIRED_CONTRACTS) {
    if (typeof contracts[name] !== 'string' || !isAddress(contracts[name]))
      throw new AppError(
        'BAD_CONFIG',
        `${where}: contracts.${name} must be an address, found ${String(contracts[name])}`,
      );
  }
  return {
    chainId: d.chainId!,
    rpcUrl: d.rpcUrl,
    blockNumber: Number(d.blockNumber ?? 0),
    contracts: d.contracts as Deployment['contracts'],
  };
}

/**
 * Validates the served `/imo-config.json`.
 *
 * @example
 * parseAppConfig({ deployments: [deployment], nodeUrl: null }).deployments[0].chainId; // 31337
 */
export function parseAppConfig(raw: unknown): AppConfig {
  const c = raw as { deployments?: unknown; nodeUrl?: unknown } | null;
  if (!c || !Array.isArray(c.deployments)) throw new AppError('BAD_CONFIG', 'imo-config.json has no deployments list');
  const nodeUrl = typeof c.nodeUrl === 'string' && c.nodeUrl !== '' ? c.nodeUrl.replace(/\/$/, '') : null;
  return { deployments: c.deployments.map(parseDeployment), nodeUrl };
}

/** Loads the configuration the server provides; `?node=<url>` in the page's address overrides the node URL. */
export async function loadAppConfig(): Promise<AppConfig> {
  const res = await fetch('/imo-config.json', { cache: 'no-store' });
  if (!res.ok) throw new AppError('BAD_CONFIG', `GET /imo-config.json answered ${res.status}`);
  const config = parseAppConfig(await res.json());
  const override = new URLSearchParams(window.location.search).get('node');
  return override ? { ...config, nodeUrl: override.replace(/\/$/, '') } : config;
}
