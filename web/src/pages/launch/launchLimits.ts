import type { PublicClient } from 'viem';
import type { Deployment } from '../../config/appConfig';
import { launchFactoryAbi, modelRegistryAbi } from '../../contracts/generated';
import type { LaunchLimits } from '@imo/oracle/launch/launchRules';

export type { LaunchLimits };

/**
 * The launch bounds from the chain.
 *
 * @example
 * const limits = await readLaunchLimits(client, deployment);
 */
export async function readLaunchLimits(client: PublicClient, deployment: Deployment): Promise<LaunchLimits> {
  const registry = { address: deployment.contracts.ModelRegistry, abi: modelRegistryAbi } as const;
  const factory = { address: deployment.contracts.LaunchFactory, abi: launchFactoryAbi } as const;
  const [protocol, uri, name, symbol, minSale, maxDev, maxLiqSupply, maxLiqShare, maxSale, maxVesting, feeBps] =
    await Promise.all([
      client.readContract({ ...registry, functionName: 'protocolParams' }),
      client.readContract({ ...registry, functionName: 'MAX_URI_LENGTH' }),
      client.readContract({ ...registry, functionName: 'MAX_NAME_LENGTH' }),
      client.readContract({ ...registry, functionName: 'MAX_SYMBOL_LENGTH' }),
      client.readContract({ ...factory, functionName: 'MIN_SALE_SHARE_BPS' }),
      client.readContract({ ...factory, functionName: 'MAX_DEVELOPER_SHARE_BPS' }),
      client.readContract({ ...factory, functionName: 'MAX_LIQUIDITY_SUPPLY_BPS' }),
      client.readContract({ ...factory, functionName: 'MAX_LIQUIDITY_SHARE_BPS' }),
      client.readContract({ ...factory, functionName: 'MAX_SALE_DURATION' }),
      client.readContract({ ...factory, functionName: 'MAX_VESTING_DURATION' }),
      client.readContract({ ...factory, functionName: 'protocolFeeBps' }),
    ]);
  return {
    maxFee: protocol.maxFee,
    minOperatorBps: protocol.minOperatorBps,
    maxProtocolBps: protocol.maxProtocolBps,
    maxUriLength: Number(uri),
    maxNameLength: Number(name),
    maxSymbolLength: Number(symbol),
    minSaleShareBps: minSale,
    maxDeveloperShareBps: maxDev,
    maxLiquiditySupplyBps: maxLiqSupply,
    maxLiquidityShareBps: maxLiqShare,
    maxSaleDuration: Number(maxSale),
    maxVestingDuration: Number(maxVesting),
    protocolFeeBps: feeBps,
  };
}
