import type { BaseContract, ContractTransactionResponse, Signer } from 'ethers';
import {
  AIOracle__factory,
  DeveloperVesting__factory,
  IMOSale__factory,
  InvalidOpProver__factory,
  LaunchFactory__factory,
  ModelRegistry__factory,
  ModelToken__factory,
  OpmlDisputeGame__factory,
  PromptConsumer__factory,
  type AIOracle,
  type LaunchFactory,
  type ModelRegistry,
} from '../../typechain-types';
import type { ParamSet } from './paramSets';

/** The contracts a deployment records, by the names `deployments/<chainId>.json` uses. */
export interface DeployedAddresses {
  ModelToken: string;
  ModelRegistry: string;
  IMOSale: string;
  DeveloperVesting: string;
  LaunchFactory: string;
  AIOracle: string;
  OpmlDisputeGame?: string;
  InvalidOpProver?: string;
  /** The ORA-style example consumer (`contracts/examples/PromptConsumer.sol`), when deployed. */
  PromptConsumer?: string;
}

export interface DeployProtocolOptions {
  /** The final owner of the registry, the factory and the oracle (default: the deployer). */
  owner?: string;
  /** Who receives the protocol's fees (default: the owner). */
  treasury?: string;
  /** Deploy the dispute game and the invalid-op prover (default true). */
  disputeGame?: boolean;
  /** Deploy the example consumer `PromptConsumer` (default false). */
  examples?: boolean;
  /** Told each step as it completes (`deployed ModelToken at 0x…`), for progress output. */
  onStep?: (step: { done: number; total: number; what: string }) => void;
}

export interface DeployedProtocol {
  registry: ModelRegistry;
  factory: LaunchFactory;
  oracle: AIOracle;
  addresses: DeployedAddresses;
  blockNumber: number;
  /** Owners that must still call `acceptOwnership()` (two-step transfers to another owner). */
  pendingOwnership: { contract: keyof DeployedAddresses; address: string; pendingOwner: string }[];
}

/**
 * Deploys the whole protocol from one signer with a parameter set (`paramSets.ts`): the token
 * implementation, the registry, the sale and vesting implementations, the launch factory (approved
 * as launcher), the AI oracle and (unless `disputeGame: false`) the dispute game, set as the oracle's
 * game, and the invalid-op prover, set as the registry's freezer; optionally the example consumer.
 * The deployer wires everything as the first owner, then starts a two-step ownership transfer to
 * `owner` if it is another address. Works on any EVM chain (Hardhat's in-process network included).
 *
 * @example
 * const deployed = await deployProtocol(wallet, PARAM_SETS.local, { examples: true });
 */
export async function deployProtocol(
  signer: Signer,
  params: ParamSet,
  options: DeployProtocolOptions = {},
): Promise<DeployedProtocol> {
  const deployer = await signer.getAddress();
  const owner = options.owner ?? deployer;
  const treasury = options.treasury ?? owner;
  const withGame = options.disputeGame ?? true;
  const total = 6 + (withGame ? 2 : 0) + (options.examples ? 1 : 0);
  let done = 0;
  const step = async <T extends BaseContract>(what: string, contract: Promise<T>): Promise<T> => {
    const deployed = await contract;
    await deployed.waitForDeployment();
    options.onStep?.({ done: ++done, total, what: `${what} at ${await deployed.getAddress()}` });
    return deployed;
  };
  const send = async (tx: Promise<ContractTransactionResponse>) => {
    await (await tx).wait();
  };

  const token = await step('ModelToken', new ModelToken__factory(signer).deploy());
  const { saleFeeBps, ...registryParams } = params.protocol;
  const registry = await step(
    'ModelRegistry',
    new ModelRegistry__factory(signer).deploy(deployer, await token.getAddress(), registryParams),
  );
  const sale = await step('IMOSale', new IMOSale__factory(signer).deploy());
  const vesting = await step('DeveloperVesting', new DeveloperVesting__factory(signer).deploy());
  const factory = await step(
    'LaunchFactory',
    new LaunchFactory__factory(signer).deploy(
      deployer,
      await registry.getAddress(),
      await sale.getAddress(),
      await vesting.getAddress(),
      saleFeeBps,
      treasury,
    ),
  );
  await send(registry.setLauncher(await factory.getAddress(), true));
  const oracle = await step(
    'AIOracle',
    new AIOracle__factory(signer).deploy(deployer, await registry.getAddress(), { ...params.oracle, treasury }),
  );
  const addresses: DeployedAddresses = {
    ModelToken: await token.getAddress(),
    ModelRegistry: await registry.getAddress(),
    IMOSale: await sale.getAddress(),
    DeveloperVesting: await vesting.getAddress(),
    LaunchFactory: await factory.getAddress(),
    AIOracle: await oracle.getAddress(),
  };
  if (withGame) {
    const g = params.dispute;
    const game = await step(
      'OpmlDisputeGame',
      new OpmlDisputeGame__factory(signer).deploy(
        addresses.AIOracle,
        addresses.ModelRegistry,
        g.challengeBond,
        g.compensationGasPrice,
        g.clockBudget,
        g.inclusionDelay,
      ),
    );
    addresses.OpmlDisputeGame = await game.getAddress();
    await send(oracle.setDisputeGame(addresses.OpmlDisputeGame));
    const prover = await step(
      'InvalidOpProver',
      new InvalidOpProver__factory(signer).deploy(addresses.AIOracle, addresses.ModelRegistry),
    );
    addresses.InvalidOpProver = await prover.getAddress();
    await send(registry.setFreezer(addresses.InvalidOpProver));
  }
  if (options.examples) {
    const consumer = await step('PromptConsumer', new PromptConsumer__factory(signer).deploy(addresses.AIOracle));
    addresses.PromptConsumer = await consumer.getAddress();
  }
  const pendingOwnership: DeployedProtocol['pendingOwnership'] = [];
  if (owner.toLowerCase() !== deployer.toLowerCase()) {
    for (const [name, contract] of [
      ['ModelRegistry', registry],
      ['LaunchFactory', factory],
      ['AIOracle', oracle],
    ] as const) {
      await send(contract.transferOwnership(owner));
      pendingOwnership.push({ contract: name, address: addresses[name], pendingOwner: owner });
    }
  }
  const blockNumber = (await signer.provider?.getBlockNumber()) ?? 0;
  return { registry, factory, oracle, addresses, blockNumber, pendingOwnership };
}
