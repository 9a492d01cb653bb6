import type { Address, Hex } from 'viem';
import { AppError } from '../../errors';
import type { GameSummary, HistoryItem, RequestStatus, RequestSummary, RevenuePoint } from '../types';

/*
 * The oracle node's API shapes (issue #14; `oracle/src/service/api/IndexQueries.ts` in the node's
 * branch: `{ items, nextCursor }` pages, revenue `{ points: [{ start, requests, fees, holders }] }`
 * where `holders` is every wei deposited into the token), read leniently: each
 * reader takes the documented field or its plain alternatives and throws when neither is there, so
 * the page falls back to the chain instead of showing wrong figures. This file is the one place to
 * adjust when the node's shapes are final.
 */

type Json = Record<string, unknown>;

function list(body: unknown, ...keys: string[]): Json[] {
  if (Array.isArray(body)) return body as Json[];
  for (const key of keys) {
    const value = (body as Json | null)?.[key];
    if (Array.isArray(value)) return value as Json[];
  }
  throw new AppError('NODE_UNAVAILABLE', `unexpected node response: no list under ${keys.join(' / ')}`);
}

function pick(item: Json, ...keys: string[]): unknown {
  for (const key of keys) if (item[key] !== undefined && item[key] !== null) return item[key];
  throw new AppError('NODE_UNAVAILABLE', `unexpected node response: missing ${keys.join(' / ')}`);
}

function seconds(value: unknown): number {
  if (typeof value === 'number') return value > 1e12 ? Math.floor(value / 1000) : value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return seconds(Number(value));
  if (typeof value === 'string') return Math.floor(Date.parse(value) / 1000);
  throw new AppError('NODE_UNAVAILABLE', `unexpected node time ${String(value)}`);
}

function wei(value: unknown): bigint {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') return BigInt(value);
  throw new AppError('NODE_UNAVAILABLE', `unexpected node amount ${String(value)}`);
}

/**
 * `GET /models/:id/revenue?bucket=` → the chart's points (empty buckets left out, as from the chain).
 * The node reports what was deposited into the token; the reserve's share of it is `reserveBps`.
 */
export function revenueFromNode(body: unknown, reserveBps: number): RevenuePoint[] {
  return list(body, 'points', 'buckets', 'revenue')
    .map((p) => {
      const deposited = wei(pick(p, 'holders', 'deposited', 'holdersDeposited'));
      const reserve = p.reserve !== undefined ? wei(p.reserve) : (deposited * BigInt(reserveBps)) / 10_000n;
      return {
        bucket: seconds(pick(p, 'start', 'bucket', 'time', 'timestamp')),
        holders: deposited - reserve,
        reserve,
      };
    })
    .filter((p) => p.holders > 0n || p.reserve > 0n);
}

const STATUSES: Record<string, RequestStatus> = {
  requested: 'requested',
  pending: 'requested',
  assigned: 'requested',
  submitted: 'submitted',
  posted: 'submitted',
  challenged: 'submitted',
  finalized: 'finalized',
  final: 'finalized',
  cancelled: 'cancelled',
};

/** `GET /requests?model=` → the model page's recent requests. */
export function requestsFromNode(body: unknown, modelId: number): RequestSummary[] {
  return list(body, 'items', 'requests').map((r) => {
    const status = String(pick(r, 'status', 'state')).toLowerCase();
    return {
      id: BigInt(pick(r, 'id', 'requestId') as string),
      modelId,
      requester: pick(r, 'requester') as Address,
      fee: wei(pick(r, 'fee')),
      status: STATUSES[status] ?? 'requested',
      requestedAt: seconds(pick(r, 'requestedAt', 'createdAt', 'timestamp')),
      operator: (r.operator as Address | undefined) ?? undefined,
      output: (r.output as Hex | undefined) ?? undefined,
    };
  });
}

/** `GET /models` → requests per model id. */
export function usageFromNode(body: unknown): Map<number, number> {
  return new Map(
    list(body, 'items', 'models').map((m) => {
      const usage = (m.usage ?? m) as Json;
      return [Number(pick(m, 'id', 'modelId')), Number(pick(usage, 'requests', 'requestCount', 'total'))];
    }),
  );
}

/** The node's game phase (`BisectResponse`) as the app spells it (`bisectResponse`). */
function phaseName(value: unknown): string {
  const text = String(value);
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function mover(value: unknown): 'proposer' | 'challenger' | null {
  return value === 'proposer' || value === 'challenger' ? value : null;
}

/** `GET /games` → the disputes list (newest first, as the node pages them). */
export function gamesFromNode(body: unknown): GameSummary[] {
  return list(body, 'items', 'games').map((g) => ({
    id: BigInt(pick(g, 'id', 'gameId') as number),
    requestId: BigInt(pick(g, 'requestId') as number),
    resultId: pick(g, 'resultId') as Hex,
    proposer: pick(g, 'proposer') as Address,
    challenger: pick(g, 'challenger') as Address,
    opCount: Number(pick(g, 'opCount')),
    phase: phaseName(pick(g, 'phase')),
    lo: Number(pick(g, 'lo')),
    hi: Number(pick(g, 'hi')),
    mover: mover(g.mover),
    moverDeadline: seconds(pick(g, 'moverDeadline')),
    openedAt: seconds(pick(g, 'openedAt')),
    settled: Boolean(pick(g, 'settled')),
  }));
}

/** `GET /requests?requester=` → a requester's history (requests paid to the oracle directly). */
export function historyFromNode(body: unknown): HistoryItem[] {
  return list(body, 'items', 'requests').map((r) => {
    const status = String(pick(r, 'status', 'state')).toLowerCase();
    return {
      id: BigInt(pick(r, 'id', 'requestId') as number),
      modelId: Number(pick(r, 'modelId')),
      via: 'direct',
      status: STATUSES[status] ?? 'requested',
      disputed: Number(r.openGames ?? 0) > 0,
      requestedAt: seconds(pick(r, 'requestedAt', 'createdAt', 'timestamp')),
      fee: wei(pick(r, 'fee')),
    };
  });
}

/** What `GET /requests/:id` adds to the chain's record: the drawn primary and the node's own timings. */
export interface RequestExtras {
  primary?: Address;
  /** From indexing the request to computing its output, and the inference alone (the node's clock). */
  timings?: { computedAfterMs?: number; inferenceMs?: number; submitMinedAfterMs?: number };
}

/** `GET /requests/:id` → the extras the chain cannot tell. */
export function requestExtrasFromNode(body: unknown): RequestExtras {
  const r = body as Json;
  const timings = (r.timings ?? {}) as Json;
  const job = (r.job ?? {}) as Json;
  const indexed = typeof timings.indexedMs === 'number' ? timings.indexedMs : undefined;
  const since = (v: unknown) => (typeof v === 'number' && indexed !== undefined ? v - indexed : undefined);
  return {
    ...(typeof r.primary === 'string' ? { primary: r.primary as Address } : {}),
    timings: {
      computedAfterMs: since(timings.computedMs),
      submitMinedAfterMs: since(timings.submitMinedMs),
      inferenceMs: typeof job.inferenceMs === 'number' ? job.inferenceMs : undefined,
    },
  };
}
