import type { JsonRpcProvider } from 'ethers';
import { CONTRACT_INTERFACES } from '../../src/service/chain/contractEvents';

/** One transaction an account sent to the oracle, decoded. */
export interface OracleCall {
  block: number;
  hash: string;
  name: string;
  requestIds: number[];
  ok: boolean;
}

/**
 * Every transaction `from` sent to the oracle from block `fromBlock` to the head, decoded, with the
 * requests each acted on: the ground truth for "answered exactly once".
 */
export async function oracleCallsFrom(
  provider: JsonRpcProvider,
  oracle: string,
  from: string,
  fromBlock = 0,
): Promise<OracleCall[]> {
  const head = await provider.getBlockNumber();
  const calls: OracleCall[] = [];
  for (let n = fromBlock; n <= head; n++) {
    const block = await provider.getBlock(n, true);
    for (const tx of block?.prefetchedTransactions ?? []) {
      if (tx.from.toLowerCase() !== from.toLowerCase() || tx.to?.toLowerCase() !== oracle.toLowerCase()) continue;
      const parsed = CONTRACT_INTERFACES.oracle.parseTransaction({ data: tx.data, value: tx.value });
      if (!parsed) continue;
      const first = (parsed.args.length > 0 ? parsed.args[0] : undefined) as unknown;
      const requestIds =
        parsed.name === 'submitBatch' || parsed.name === 'finalizeBatch'
          ? (first as { requestId: bigint }[]).map((s) => Number(s.requestId))
          : parsed.name === 'submit' || parsed.name === 'finalize'
            ? [Number(first as bigint)]
            : [];
      const receipt = await provider.getTransactionReceipt(tx.hash);
      calls.push({ block: n, hash: tx.hash, name: parsed.name, requestIds, ok: receipt?.status === 1 });
    }
  }
  return calls;
}

/** How many mined submissions and finalizations of `from` carried `requestId`. */
export function countFor(
  calls: OracleCall[],
  requestId: number,
): { submits: number; finalizes: number; failed: number } {
  const carrying = calls.filter((c) => c.requestIds.includes(requestId));
  return {
    submits: carrying.filter((c) => c.ok && c.name.startsWith('submit')).length,
    finalizes: carrying.filter((c) => c.ok && c.name.startsWith('finalize')).length,
    failed: carrying.filter((c) => !c.ok).length,
  };
}
