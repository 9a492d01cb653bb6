import { hexToString, zeroAddress, type PublicClient } from 'viem';
import type { Deployment } from '../../config/appConfig';
import { launchFactoryAbi, modelRegistryAbi, modelTokenAbi } from '../../contracts/generated';
import type { ModelInfo, Split } from '../types';
import { logsFrom } from './logsFrom';
import { readSale } from './readSale';

function toSplit(s: { holdersBps: number; developerBps: number; operatorBps: number; protocolBps: number }): Split {
  return {
    holdersBps: s.holdersBps,
    developerBps: s.developerBps,
    operatorBps: s.operatorBps,
    protocolBps: s.protocolBps,
  };
}

/** Models per `getModels` call (it returns fewer past the last id). */
const PAGE = 100n;

/** Every model's registry record, page by page (one call while there are fewer than a page). */
async function readModelRecords(client: PublicClient, deployment: Deployment) {
  const registry = { address: deployment.contracts.ModelRegistry, abi: modelRegistryAbi } as const;
  const records = [];
  for (let from = 1n; ; from += PAGE) {
    const page = await client.readContract({ ...registry, functionName: 'getModels', args: [from, PAGE] });
    records.push(...page);
    if (BigInt(page.length) < PAGE) return records;
  }
}

/**
 * Every registered model from the chain alone: the registry's records, the commitment, package URI
 * and license from `ModelRegistered`, the sale and vesting wallet from `Launched`, the token's
 * metadata and supply, and the sale's state. Copies of another model's weights are the registry's
 * own record (`originalOf`: the first model registered with the same roots).
 *
 * @example
 * const models = await readModels(client, deployment);
 */
export async function readModels(client: PublicClient, deployment: Deployment): Promise<ModelInfo[]> {
  const registry = { address: deployment.contracts.ModelRegistry, abi: modelRegistryAbi } as const;
  const fromBlock = logsFrom(deployment);
  const [records, registered, launched] = await Promise.all([
    readModelRecords(client, deployment),
    client.getContractEvents({ ...registry, eventName: 'ModelRegistered', fromBlock }),
    client.getContractEvents({
      address: deployment.contracts.LaunchFactory,
      abi: launchFactoryAbi,
      eventName: 'Launched',
      fromBlock,
    }),
  ]);
  const byId = new Map(registered.map((e) => [Number(e.args.modelId), e.args]));
  const launches = new Map(launched.map((e) => [Number(e.args.modelId), e.args]));
  return Promise.all(
    records.map(async (m) => {
      const id = Number(m.id);
      const event = byId.get(id);
      const launch = launches.get(id);
      const token = { address: m.token, abi: modelTokenAbi } as const;
      const [name, symbol, totalSupply, reserveBps, redemptionReserve, sale] = await Promise.all([
        client.readContract({ ...token, functionName: 'name' }),
        client.readContract({ ...token, functionName: 'symbol' }),
        client.readContract({ ...token, functionName: 'totalSupply' }),
        client.readContract({ ...token, functionName: 'reserveBps' }),
        client.readContract({ ...token, functionName: 'redemptionReserve' }),
        launch?.sale ? readSale(client, launch.sale, id) : Promise.resolve(undefined),
      ]);
      const info: ModelInfo = {
        id,
        developer: m.developer,
        modelHash: m.modelHash,
        graphRoot: event?.commitment?.graphRoot ?? '0x',
        paramsRoot: event?.commitment?.paramsRoot ?? '0x',
        packageURI: event?.packageURI ?? '',
        license: event?.license ? hexToString(event.license, { size: 32 }).replace(/\0+$/, '') : '',
        io: { ...m.io },
        opCount: m.opCount,
        stateDepth: m.stateDepth,
        fee: m.fee,
        split: toSplit(m.split),
        pendingSplit:
          m.pendingSplitAt > 0n ? { split: toSplit(m.pendingSplit), at: Number(m.pendingSplitAt) } : undefined,
        frozen: m.frozen,
        copyOf: m.originalOf === 0n ? undefined : Number(m.originalOf),
        token: { address: m.token, name, symbol, totalSupply, reserveBps, redemptionReserve },
        sale,
        vesting: launch?.vesting && launch.vesting !== zeroAddress ? launch.vesting : undefined,
      };
      return info;
    }),
  );
}
