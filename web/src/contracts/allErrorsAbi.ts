import type { Abi } from 'viem';

/** One error entry of an ABI. */
export type AbiError = Extract<Abi[number], { type: 'error' }>;
import {
  aiOracleAbi,
  developerVestingAbi,
  imoSaleAbi,
  launchFactoryAbi,
  modelRegistryAbi,
  modelTokenAbi,
  opmlDisputeGameAbi,
} from './generated';

/**
 * Every custom error of our contracts in one ABI, deduplicated by name: a revert deep inside a
 * launch (the registry's, the token's) decodes even though the called contract's ABI lacks it.
 */
export const ALL_ERRORS_ABI: readonly AbiError[] = (() => {
  const byName = new Map<string, AbiError>();
  for (const abi of [
    launchFactoryAbi,
    modelRegistryAbi,
    modelTokenAbi,
    imoSaleAbi,
    developerVestingAbi,
    aiOracleAbi,
    opmlDisputeGameAbi,
  ]) {
    for (const item of abi)
      if (item.type === 'error' && !byName.has(item.name)) byName.set(item.name, item as AbiError);
  }
  return [...byName.values()];
})();
