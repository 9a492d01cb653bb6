import path from 'node:path';
import type { BaseWallet, ContractTransactionResponse } from 'ethers';
import { AIOracle__factory, type AIOracle } from '../../../../typechain-types';
import { classifyRpcError } from '../chain/classifyRpcError';
import { connectChain, type ChainConnection } from '../chain/connectChain';
import type { OracleNodeConfig } from '../config/configSchema';
import { envName } from '../config/configSchema';
import { loadSigner } from '../config/loadSigner';
import { OracleNodeError } from '../OracleNodeError';

/** A command's connection: the chain, the oracle, and the operator's wallet when there is a key. */
export interface OperatorConnection {
  chain: ChainConnection;
  oracle: AIOracle;
  wallet?: BaseWallet;
}

/**
 * Connects a one-shot command to the chain and the oracle, with the operator's wallet if a key or
 * keystore is configured (`needsKey`: fail with a clear message when none is).
 *
 * @example
 * const { oracle, chain } = await connectOperator(config, true);
 */
export async function connectOperator(config: OracleNodeConfig, needsKey: boolean): Promise<OperatorConnection> {
  const wallet = await loadSigner({ config });
  if (needsKey && !wallet) {
    throw new OracleNodeError(
      'CONFIG_INVALID',
      `this command sends a transaction: set ${envName('key')} or ${envName('keystore')} (and ${envName('keystorePassword')})`,
    );
  }
  const chain = await connectChain({
    rpcUrl: config.rpcUrl,
    chainId: config.chainId,
    deployments: config.deployments ? path.resolve(config.deployments) : undefined,
  });
  const runner = wallet ? wallet.connect(chain.provider) : chain.provider;
  return {
    chain,
    oracle: AIOracle__factory.connect(chain.addresses.oracle, runner),
    wallet: wallet?.connect(chain.provider),
  };
}

/**
 * Simulates a call first (so a revert is reported with its decoded custom error and costs nothing),
 * then sends it and waits for its receipt. Returns the transaction hash.
 *
 * @example
 * await sendChecked('optIn(1)', () => oracle.optIn.staticCall(1), () => oracle.optIn(1));
 */
export async function sendChecked(
  what: string,
  simulate: () => Promise<unknown>,
  send: () => Promise<ContractTransactionResponse>,
): Promise<string> {
  try {
    await simulate();
  } catch (error) {
    const { message } = classifyRpcError(error);
    throw new OracleNodeError('TX_REVERTED', `${what} would revert: ${message}`, { cause: error });
  }
  const tx = await send();
  const receipt = await tx.wait();
  if (!receipt || receipt.status !== 1) throw new OracleNodeError('TX_REVERTED', `${what} reverted in ${tx.hash}`);
  return tx.hash;
}

/** Whether `operator` is opted in to `modelId` now (a member whose membership has not ended). */
export async function isMember(oracle: AIOracle, modelId: bigint, operator: string): Promise<boolean> {
  const members = await oracle.membersOf(modelId);
  return members.some((m) => m.leftAt === 0n && m.operator.toLowerCase() === operator.toLowerCase());
}
