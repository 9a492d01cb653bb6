import { encodeEventTopics, parseEventLogs, type Hex, type Log, type PublicClient } from 'viem';
import type { DecodedEvent, RequestSource } from '@imo/oracle/client/readRequestRecord';
import type { Deployment } from '../../config/appConfig';
import { aiOracleAbi, opmlDisputeGameAbi } from '../../contracts/generated';
import { logsFrom } from './logsFrom';

const REQUEST_EVENTS = ['Requested', 'ResultSubmitted', 'ResultStruck', 'Finalized', 'Cancelled'] as const;

type RpcLog = Omit<Log, 'blockNumber'> & { blockNumber: Hex };

/** `eth_getLogs` with OR-ed event topics (viem's `getLogs` filters arguments of one event only). */
async function rawLogs(client: PublicClient, address: Hex, topics: (Hex | Hex[] | null)[], fromBlock: bigint) {
  return (await client.request({
    method: 'eth_getLogs',
    params: [{ address, topics, fromBlock: `0x${fromBlock.toString(16)}`, toBlock: 'latest' }],
  })) as unknown as RpcLog[];
}

function decoded<abi extends typeof aiOracleAbi | typeof opmlDisputeGameAbi>(abi: abi, logs: RpcLog[]): DecodedEvent[] {
  return parseEventLogs({ abi, logs: logs as unknown as Log[] }).map((e) => ({
    eventName: e.eventName,
    args: e.args as Record<string, unknown>,
    blockNumber: Number(BigInt((e as unknown as RpcLog).blockNumber)),
    transactionHash: e.transactionHash!,
  }));
}

/**
 * The chain side of a request's record (`@imo/oracle/client/readRequestRecord`) over viem: every
 * oracle event of the request in one `eth_getLogs` (its id is an indexed topic), its games, the
 * oracle's status, and `primaryOf` as of a past block.
 *
 * @example
 * const reading = await readRequestRecord(viemRequestSource(client, deployment), 7n);
 */
export function viemRequestSource(client: PublicClient, deployment: Deployment): RequestSource {
  const fromBlock = logsFrom(deployment);
  const oracle = deployment.contracts.AIOracle;
  const game = deployment.contracts.OpmlDisputeGame;
  return {
    async oracleEvents(id) {
      const topics = REQUEST_EVENTS.map(
        (eventName) => encodeEventTopics({ abi: aiOracleAbi, eventName, args: { requestId: id } as never }) as Hex[],
      );
      const logs = await rawLogs(client, oracle, [topics.map((t) => t[0]!), topics[0]![1]!], fromBlock);
      return decoded(aiOracleAbi, logs);
    },
    async gamesOpened(id) {
      if (!game) return [];
      const topics = encodeEventTopics({ abi: opmlDisputeGameAbi, eventName: 'GameOpened', args: { requestId: id } });
      return decoded(opmlDisputeGameAbi, await rawLogs(client, game, topics as (Hex | null)[], fromBlock));
    },
    async status(id) {
      const s = await client.readContract({ address: oracle, abi: aiOracleAbi, functionName: 'statusOf', args: [id] });
      return { state: Number(s.state), disputed: s.disputed };
    },
    async blockTime(block) {
      return Number((await client.getBlock({ blockNumber: BigInt(block) })).timestamp);
    },
    latestBlock: async () => Number(await client.getBlockNumber({ cacheTime: 0 })),
    primaryAt: (id, params, attempt, block) =>
      client.readContract({
        address: oracle,
        abi: aiOracleAbi,
        functionName: 'primaryOf',
        args: [id, params as never, attempt as never],
        blockNumber: BigInt(block),
      }),
  };
}
