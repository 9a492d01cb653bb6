import { zeroAddress, type Address, type PublicClient } from 'viem';
import type { Deployment } from '../../config/appConfig';
import { aiOracleAbi, modelTokenAbi } from '../../contracts/generated';
import type { ModelInfo, ModelUsage, RequestSummary, RevenueBucket, RevenuePoint } from '../types';
import { blockTimes } from './blockTimes';
import { logsFrom } from './logsFrom';

const BUCKET_SECONDS: Record<RevenueBucket, number> = { hour: 3600, day: 86_400 };
/** The token's burn address (`ModelToken.BURN_ADDRESS`): never a holder. */
const BURN: Address = '0x000000000000000000000000000000000000dEaD';

/**
 * Requests per model (the oracle's `Requested` events) and revenue deposited for holders (each
 * token's `RevenueDeposited`, the reserve share excluded), from the chain alone.
 *
 * @example
 * const usage = await readUsage(client, deployment, models); // Map { 1 => { requests: 3, holderRevenue: … } }
 */
export async function readUsage(
  client: PublicClient,
  deployment: Deployment,
  models: readonly ModelInfo[],
): Promise<Map<number, ModelUsage>> {
  const fromBlock = logsFrom(deployment);
  const [requested, ...deposits] = await Promise.all([
    client.getContractEvents({
      address: deployment.contracts.AIOracle,
      abi: aiOracleAbi,
      eventName: 'Requested',
      fromBlock,
    }),
    ...models.map((m) =>
      client.getContractEvents({
        address: m.token.address,
        abi: modelTokenAbi,
        eventName: 'RevenueDeposited',
        fromBlock,
      }),
    ),
  ]);
  const usage = new Map<number, ModelUsage>(models.map((m) => [m.id, { requests: 0, holderRevenue: 0n }]));
  for (const e of requested) {
    const u = usage.get(Number(e.args.params!.modelId));
    if (u) u.requests += 1;
  }
  models.forEach((m, i) => {
    const u = usage.get(m.id)!;
    for (const d of deposits[i] ?? []) u.holderRevenue += (d.args.amount ?? 0n) - (d.args.reserved ?? 0n);
  });
  return usage;
}

/**
 * A model's revenue over time from its token's `RevenueDeposited` events, in hour or day buckets.
 *
 * @example
 * const points = await readRevenue(client, deployment, model.token.address, 'day');
 */
export async function readRevenue(
  client: PublicClient,
  deployment: Deployment,
  token: Address,
  bucket: RevenueBucket,
): Promise<RevenuePoint[]> {
  const logs = await client.getContractEvents({
    address: token,
    abi: modelTokenAbi,
    eventName: 'RevenueDeposited',
    fromBlock: logsFrom(deployment),
  });
  const times = await blockTimes(
    client,
    logs.map((l) => l.blockNumber),
  );
  const size = BUCKET_SECONDS[bucket];
  const points = new Map<number, RevenuePoint>();
  for (const log of logs) {
    const time = times.get(log.blockNumber!) ?? 0;
    const start = Math.floor(time / size) * size;
    const point = points.get(start) ?? { bucket: start, holders: 0n, reserve: 0n };
    point.holders += (log.args.amount ?? 0n) - (log.args.reserved ?? 0n);
    point.reserve += log.args.reserved ?? 0n;
    points.set(start, point);
  }
  return [...points.values()].sort((a, b) => a.bucket - b.bucket);
}

/**
 * The latest requests of a model with their status, from the oracle's events.
 *
 * @example
 * const recent = await readRecentRequests(client, deployment, 1, 10);
 */
export async function readRecentRequests(
  client: PublicClient,
  deployment: Deployment,
  modelId: number,
  limit: number,
): Promise<RequestSummary[]> {
  const oracle = {
    address: deployment.contracts.AIOracle,
    abi: aiOracleAbi,
    fromBlock: logsFrom(deployment),
  } as const;
  const [requested, submitted, finalized, cancelled] = await Promise.all([
    client.getContractEvents({ ...oracle, eventName: 'Requested' }),
    client.getContractEvents({ ...oracle, eventName: 'ResultSubmitted' }),
    client.getContractEvents({ ...oracle, eventName: 'Finalized' }),
    client.getContractEvents({ ...oracle, eventName: 'Cancelled' }),
  ]);
  const mine = requested
    .filter((e) => Number(e.args.params!.modelId) === modelId)
    .slice(-limit)
    .reverse();
  const times = await blockTimes(
    client,
    mine.map((e) => e.blockNumber),
  );
  const lastSubmission = new Map(submitted.map((e) => [e.args.requestId!, e.args]));
  const finalIds = new Set(finalized.map((e) => e.args.requestId!));
  const cancelledIds = new Set(cancelled.map((e) => e.args.requestId!));
  return mine.map((e) => {
    const id = e.args.requestId!;
    const posted = lastSubmission.get(id);
    return {
      id,
      modelId,
      requester: e.args.params!.requester,
      fee: e.args.params!.fee,
      status: finalIds.has(id) ? 'finalized' : cancelledIds.has(id) ? 'cancelled' : posted ? 'submitted' : 'requested',
      requestedAt: times.get(e.blockNumber!) ?? 0,
      operator: posted?.operator,
      output: posted?.output,
    };
  });
}

/**
 * How many accounts hold the token now (from its `Transfer` events; the burn address and the sale
 * escrow, which keeps the rounding dust of pro-rata allotments, are not holders).
 *
 * @example
 * const holders = await readHolderCount(client, deployment, token);
 */
export async function readHolderCount(
  client: PublicClient,
  deployment: Deployment,
  token: Address,
  escrow?: Address,
): Promise<number> {
  const transfers = await client.getContractEvents({
    address: token,
    abi: modelTokenAbi,
    eventName: 'Transfer',
    fromBlock: logsFrom(deployment),
  });
  const balances = new Map<string, bigint>();
  for (const t of transfers) {
    const { from, to, value } = t.args as { from: Address; to: Address; value: bigint };
    if (from !== zeroAddress) balances.set(from, (balances.get(from) ?? 0n) - value);
    balances.set(to, (balances.get(to) ?? 0n) + value);
  }
  const skip = new Set([zeroAddress, BURN, escrow ?? zeroAddress].map((a) => a.toLowerCase()));
  return [...balances.entries()].filter(([a, b]) => b > 0n && !skip.has(a.toLowerCase())).length;
}
