import type { HardhatRuntimeEnvironment } from 'hardhat/types';
import type { AIOracle, LaunchFactory, ModelRegistry } from '../../typechain-types';
import { DISPUTE_PARAMS, ORACLE_PARAMS } from './protocolParams';

export interface ProtocolSettings {
  maxFee: bigint;
  minOperatorBps: number;
  maxProtocolBps: number;
  splitNoticePeriod: number;
  saleFeeBps: number;
}

export interface DeployedContracts {
  registry: ModelRegistry;
  factory: LaunchFactory;
  oracle: AIOracle;
  addresses: {
    ModelToken: string;
    ModelRegistry: string;
    IMOSale: string;
    DeveloperVesting: string;
    LaunchFactory: string;
    AIOracle: string;
    OpmlDisputeGame?: string;
    InvalidOpProver?: string;
  };
  blockNumber: number;
}

/**
 * Deploys the protocol, owned by the first signer (also the treasury): the token implementation,
 * the registry, the sale and vesting implementations, the launch factory (approved as launcher),
 * the AI oracle and (unless `disputeGame: false`) the dispute game, set as the oracle's game, and
 * the invalid-op prover, set as the registry's freezer.
 */
export async function deployContracts(
  hre: HardhatRuntimeEnvironment,
  settings: ProtocolSettings,
  oracleSettings: (typeof ORACLE_PARAMS)[keyof typeof ORACLE_PARAMS] = ORACLE_PARAMS.local,
  options: { disputeGame?: boolean } = {},
): Promise<DeployedContracts> {
  const [owner] = await hre.ethers.getSigners();
  if (!owner) throw new Error('no signer available to deploy');
  const deploy = async (name: string, args: unknown[] = []) => {
    const contract = await hre.ethers.deployContract(name, args);
    await contract.waitForDeployment();
    return contract;
  };
  const token = await deploy('ModelToken');
  const { saleFeeBps, ...registryParams } = settings;
  const registry = (await deploy('ModelRegistry', [
    owner.address,
    await token.getAddress(),
    registryParams,
  ])) as unknown as ModelRegistry;
  const sale = await deploy('IMOSale');
  const vesting = await deploy('DeveloperVesting');
  const factory = (await deploy('LaunchFactory', [
    owner.address,
    await registry.getAddress(),
    await sale.getAddress(),
    await vesting.getAddress(),
    saleFeeBps,
    owner.address,
  ])) as unknown as LaunchFactory;
  await (await registry.setLauncher(await factory.getAddress(), true)).wait();
  const oracle = (await deploy('AIOracle', [
    owner.address,
    await registry.getAddress(),
    { ...oracleSettings, treasury: owner.address },
  ])) as unknown as AIOracle;
  let game: string | undefined;
  let invalidOpProver: string | undefined;
  if (options.disputeGame ?? true) {
    const g = DISPUTE_PARAMS.local;
    const contract = await deploy('OpmlDisputeGame', [
      await oracle.getAddress(),
      await registry.getAddress(),
      g.challengeBond,
      g.compensationGasPrice,
      g.clockBudget,
      g.inclusionDelay,
    ]);
    game = await contract.getAddress();
    await (await oracle.setDisputeGame(game)).wait();
    const prover = await deploy('InvalidOpProver', [await oracle.getAddress(), await registry.getAddress()]);
    invalidOpProver = await prover.getAddress();
    await (await registry.setFreezer(invalidOpProver)).wait();
  }
  return {
    registry,
    factory,
    oracle,
    addresses: {
      ModelToken: await token.getAddress(),
      ModelRegistry: await registry.getAddress(),
      IMOSale: await sale.getAddress(),
      DeveloperVesting: await vesting.getAddress(),
      LaunchFactory: await factory.getAddress(),
      AIOracle: await oracle.getAddress(),
      ...(game ? { OpmlDisputeGame: game } : {}),
      ...(invalidOpProver ? { InvalidOpProver: invalidOpProver } : {}),
    },
    blockNumber: await hre.ethers.provider.getBlockNumber(),
  };
}
