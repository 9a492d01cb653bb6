import type { HardhatRuntimeEnvironment } from 'hardhat/types';
import { deployProtocol, type DeployedProtocol } from './deployProtocol';
import type { ParamSet } from './paramSets';
import { DISPUTE_PARAMS, ORACLE_PARAMS } from './protocolParams';

export type ProtocolSettings = ParamSet['protocol'];

export type DeployedContracts = Omit<DeployedProtocol, 'pendingOwnership'>;

/**
 * Deploys the protocol on a Hardhat network, owned by the first signer (also the treasury): the token
 * implementation, the registry, the sale and vesting implementations, the launch factory (approved
 * as launcher), the AI oracle and (unless `disputeGame: false`) the dispute game, set as the oracle's
 * game, and the invalid-op prover, set as the registry's freezer; with `examples`, the example
 * consumer. The same code as `imo deploy` (`deployProtocol`).
 */
export async function deployContracts(
  hre: HardhatRuntimeEnvironment,
  settings: ProtocolSettings,
  oracleSettings: ParamSet['oracle'] = ORACLE_PARAMS.local,
  options: { disputeGame?: boolean; examples?: boolean } = {},
): Promise<DeployedContracts> {
  const [owner] = await hre.ethers.getSigners();
  if (!owner) throw new Error('no signer available to deploy');
  const { pendingOwnership: _none, ...deployed } = await deployProtocol(
    owner,
    { protocol: settings, oracle: oracleSettings, dispute: DISPUTE_PARAMS.local },
    options,
  );
  return deployed;
}
