import type { HardhatRuntimeEnvironment } from 'hardhat/types';
import type { ModelRegistry } from '../../typechain-types';

export interface DeployedContracts {
  registry: ModelRegistry;
  addresses: { ModelToken: string; ModelRegistry: string };
  blockNumber: number;
}

/** Deploys the token implementation and the registry, owned by the first signer. */
export async function deployContracts(
  hre: HardhatRuntimeEnvironment,
  params: { maxFee: bigint; minOperatorBps: number; maxProtocolBps: number; splitNoticePeriod: number },
): Promise<DeployedContracts> {
  const [owner] = await hre.ethers.getSigners();
  if (!owner) throw new Error('no signer available to deploy');
  const implementation = await hre.ethers.deployContract('ModelToken');
  await implementation.waitForDeployment();
  const registry = await hre.ethers.deployContract('ModelRegistry', [
    owner.address,
    await implementation.getAddress(),
    params,
  ]);
  await registry.waitForDeployment();
  return {
    registry,
    addresses: { ModelToken: await implementation.getAddress(), ModelRegistry: await registry.getAddress() },
    blockNumber: await hre.ethers.provider.getBlockNumber(),
  };
}
