import type { Deployment } from '../../config/appConfig';

/**
 * The first block to read a deployment's logs from: the block the deployment file names (the
 * contracts exist from there on), minus one for safety.
 *
 * @example
 * client.getContractEvents({ ...registry, eventName: 'ModelRegistered', fromBlock: logsFrom(deployment) });
 */
export function logsFrom(deployment: Pick<Deployment, 'blockNumber'>): bigint {
  return BigInt(Math.max(0, deployment.blockNumber - 1));
}
