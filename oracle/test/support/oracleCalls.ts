import type { JsonRpcProvider, TransactionResponse } from 'ethers';
import { CONTRACT_INTERFACES } from '../../src/service/chain/contractEvents';

/** One transaction an account sent to the oracle, decoded. */
export interface OracleCall {
  block: number;
  hash: string;
  name: string;
  requestIds: number[];
  ok: boolean;
  gasLimit: bigint;
  gasUsed: bigint;
}

/** Every transaction `from` sent to `to` from block `fromBlock` to the head, with its status. */
async function transactionsTo(
  provider: JsonRpcProvider,
  to: string,
  from: string,
  fromBlock: number,
): Promise<{ block: number; tx: TransactionResponse; ok: boolean; gasUsed: bigint }[]> {
  const head = await provider.getBlockNumber();
  const found: { block: number; tx: TransactionResponse; ok: boolean; gasUsed: bigint }[] = [];
  for (let n = fromBlock; n <= head; n++) {
    const block = await provider.getBlock(n, true);
    for (const tx of block?.prefetchedTransactions ?? []) {
      if (tx.from.toLowerCase() !== from.toLowerCase() || tx.to?.toLowerCase() !== to.toLowerCase()) continue;
      const receipt = await provider.getTransactionReceipt(tx.hash);
      found.push({ block: n, tx, ok: receipt?.status === 1, gasUsed: receipt?.gasUsed ?? 0n });
    }
  }
  return found;
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
  const calls: OracleCall[] = [];
  for (const { block, tx, ok, gasUsed } of await transactionsTo(provider, oracle, from, fromBlock)) {
    const parsed = CONTRACT_INTERFACES.oracle.parseTransaction({ data: tx.data, value: tx.value });
    if (!parsed) continue;
    const first = (parsed.args.length > 0 ? parsed.args[0] : undefined) as unknown;
    const requestIds =
      parsed.name === 'submitBatch' || parsed.name === 'finalizeBatch'
        ? (first as { requestId: bigint }[]).map((s) => Number(s.requestId))
        : parsed.name === 'submit' || parsed.name === 'finalize'
          ? [Number(first as bigint)]
          : [];
    calls.push({ block, hash: tx.hash, name: parsed.name, requestIds, ok, gasLimit: tx.gasLimit, gasUsed });
  }
  return calls;
}

/** One transaction an account sent to the dispute game, decoded. */
export interface GameCall {
  block: number;
  hash: string;
  nonce: number;
  /** The function called (`challenge`, `bisect`, `settle`, …). */
  name: string;
  /** The calldata: two calls with the same data are the same move sent twice. */
  data: string;
  ok: boolean;
}

/** Every transaction `from` sent to the dispute game from block `fromBlock` to the head, decoded. */
export async function gameCallsFrom(
  provider: JsonRpcProvider,
  game: string,
  from: string,
  fromBlock = 0,
): Promise<GameCall[]> {
  return (await transactionsTo(provider, game, from, fromBlock)).map(({ block, tx, ok }) => ({
    block,
    hash: tx.hash,
    nonce: tx.nonce,
    name: CONTRACT_INTERFACES.game.parseTransaction({ data: tx.data, value: tx.value })?.name ?? 'unknown',
    data: tx.data,
    ok,
  }));
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
