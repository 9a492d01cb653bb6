import { isAddressEqual, type Address, type PublicClient } from 'viem';
import type { Deployment } from '../../config/appConfig';
import { aiOracleAbi, promptConsumerAbi } from '../../contracts/generated';
import type { HistoryItem } from '../types';
import { blockTimes } from './blockTimes';
import { logsFrom } from './logsFrom';

const STATES = ['requested', 'requested', 'submitted', 'finalized', 'cancelled'] as const;

/**
 * An account's requests, newest first, from the chain: those it paid the oracle for directly
 * (`Requested` with it as requester) and those it sent through the example consumer (the
 * consumer's `promptRequest` with it as sender), with each one's status and latest output.
 *
 * @example
 * const history = await readMyRequests(client, deployment, account);
 */
export async function readMyRequests(
  client: PublicClient,
  deployment: Deployment,
  account: Address,
): Promise<HistoryItem[]> {
  const fromBlock = logsFrom(deployment);
  const oracle = { address: deployment.contracts.AIOracle, abi: aiOracleAbi, fromBlock } as const;
  const consumer = deployment.contracts.PromptConsumer;
  const [requested, submitted, viaConsumer] = await Promise.all([
    client.getContractEvents({ ...oracle, eventName: 'Requested' }),
    client.getContractEvents({ ...oracle, eventName: 'ResultSubmitted' }),
    consumer
      ? client.getContractEvents({ address: consumer, abi: promptConsumerAbi, eventName: 'promptRequest', fromBlock })
      : Promise.resolve([]),
  ]);
  const mineViaConsumer = new Set(
    viaConsumer.filter((e) => e.args.sender && isAddressEqual(e.args.sender, account)).map((e) => e.args.requestId!),
  );
  const mine = requested.filter(
    (e) => isAddressEqual(e.args.params!.requester, account) || mineViaConsumer.has(e.args.requestId!),
  );
  const [times, statuses] = await Promise.all([
    blockTimes(
      client,
      mine.map((e) => e.blockNumber),
    ),
    Promise.all(
      mine.map((e) => client.readContract({ ...oracle, functionName: 'statusOf', args: [e.args.requestId!] })),
    ),
  ]);
  const latestOutput = new Map(submitted.map((e) => [e.args.requestId!, e.args.output!]));
  return mine
    .map((e, i): HistoryItem => {
      const id = e.args.requestId!;
      const status = statuses[i]!;
      const output = latestOutput.get(id);
      return {
        id,
        modelId: Number(e.args.params!.modelId),
        via: mineViaConsumer.has(id) ? 'consumer' : 'direct',
        status: STATES[status.state] ?? 'requested',
        disputed: status.disputed,
        requestedAt: times.get(e.blockNumber!) ?? 0,
        fee: e.args.params!.fee,
        ...(output ? { output } : {}),
      };
    })
    .reverse();
}
