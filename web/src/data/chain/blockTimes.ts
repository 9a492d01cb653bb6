import type { PublicClient } from 'viem';

/**
 * The timestamps of the given blocks (logs carry block numbers only), one batched read per block.
 *
 * @example
 * const times = await blockTimes(client, logs.map((l) => l.blockNumber));
 */
export async function blockTimes(
  client: PublicClient,
  blocks: readonly (bigint | null)[],
): Promise<Map<bigint, number>> {
  const unique = [...new Set(blocks.filter((b): b is bigint => b !== null))];
  const found = await Promise.all(unique.map((blockNumber) => client.getBlock({ blockNumber })));
  return new Map(found.map((b) => [b.number, Number(b.timestamp)]));
}
