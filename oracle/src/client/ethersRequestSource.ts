import { zeroPadValue, toBeHex, type Log } from 'ethers';
import type { AIOracle, OpmlDisputeGame } from '../../../typechain-types';
import type { DecodedEvent, RequestSource } from './readRequestRecord';

const REQUEST_EVENTS = ['Requested', 'ResultSubmitted', 'ResultStruck', 'Finalized', 'Cancelled'] as const;

/**
 * A `RequestSource` over ethers: one log query per contract (every event of the request by its
 * indexed id), decoded into plain objects.
 *
 * @example
 * const reading = await readRequestRecord(ethersRequestSource(oracle, game, deployment.blockNumber), 7n);
 */
export function ethersRequestSource(oracle: AIOracle, game: OpmlDisputeGame | undefined, fromBlock = 0): RequestSource {
  const provider = oracle.runner!.provider!;
  const decode = (contract: AIOracle | OpmlDisputeGame, logs: Log[]): DecodedEvent[] =>
    logs.flatMap((log) => {
      const parsed = contract.interface.parseLog(log);
      return parsed
        ? [
            {
              eventName: parsed.name,
              args: parsed.args.toObject(true),
              blockNumber: log.blockNumber,
              transactionHash: log.transactionHash,
            },
          ]
        : [];
    });
  const topicOf = (id: bigint) => zeroPadValue(toBeHex(id), 32);
  return {
    async oracleEvents(id) {
      const topics = REQUEST_EVENTS.map((name) => oracle.interface.getEvent(name).topicHash);
      const logs = await provider.getLogs({
        address: await oracle.getAddress(),
        fromBlock,
        topics: [topics, topicOf(id)],
      });
      return decode(oracle, logs);
    },
    async gamesOpened(id) {
      if (!game) return [];
      const topic = game.interface.getEvent('GameOpened').topicHash;
      // GameOpened(gameId indexed, requestId indexed, resultId indexed, …): the request is topic 2.
      const logs = await provider.getLogs({
        address: await game.getAddress(),
        fromBlock,
        topics: [topic, null, topicOf(id)],
      });
      return decode(game, logs);
    },
    async status(id) {
      const s = await oracle.statusOf(id);
      return { state: Number(s.state), disputed: s.disputed };
    },
    async blockTime(block) {
      return (await provider.getBlock(block))?.timestamp ?? 0;
    },
    latestBlock: () => provider.getBlockNumber(),
    primaryAt: (id, params, attempt, block) =>
      oracle.primaryOf(id, params as never, attempt as never, { blockTag: block }),
  };
}
