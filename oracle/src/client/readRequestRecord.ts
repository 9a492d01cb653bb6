import type { AttemptRecord, PostingRecord, RequestRecord } from './requestTimeline';

/**
 * Reading one request's record from the chain, written once for both event libraries: the web app
 * (viem) and the CLI (ethers) each supply a `RequestSource` that returns decoded events as plain
 * objects, and this builds the `RequestRecord` the timeline is made of, with the raw structs a
 * transaction re-supplies (`params`, the current `attempt`, the pending `posted`).
 */

/** A decoded event: its name, its arguments by name (structs as plain objects), where it was mined. */
export interface DecodedEvent {
  eventName: string;
  args: Record<string, unknown>;
  blockNumber: number;
  transactionHash: string;
}

/** What the reader needs from a chain connection. */
export interface RequestSource {
  /** The oracle's events of request `id` (its `Requested`, `ResultSubmitted`, `ResultStruck`, `Finalized`, `Cancelled`), in chain order. */
  oracleEvents(id: bigint): Promise<DecodedEvent[]>;
  /** The dispute game's `GameOpened` events of request `id`. */
  gamesOpened(id: bigint): Promise<DecodedEvent[]>;
  /** `AIOracle.statusOf(id)`. */
  status(id: bigint): Promise<{ state: number; disputed: boolean }>;
  /** The timestamp of a block. */
  blockTime(block: number): Promise<number>;
  /** The latest block's number. */
  latestBlock(): Promise<number>;
  /** `AIOracle.primaryOf(id, params, attempt)` at a block (throws if the call reverts there). */
  primaryAt(id: bigint, params: unknown, attempt: unknown, block: number): Promise<string>;
}

/** A request's record plus the structs transactions re-supply. */
export interface RequestReading {
  record: RequestRecord;
  /** `Requested.params` as decoded. */
  params: Record<string, unknown>;
  /** The current attempt as decoded (`Requested.attempt` or the last `ResultStruck.reopened`). */
  attempt: Record<string, unknown>;
  input: string;
  callbackData: string;
  /** The pending or final posting's `Posted` struct (operator, attempt, challengeDeadline). */
  posted?: { operator: string; attempt: number; challengeDeadline: number };
}

const STATES = ['none', 'requested', 'submitted', 'finalized', 'cancelled'] as const;

/**
 * Reads request `id` from its events and the oracle's status, or `undefined` if there is none.
 * The primary of each attempt is the operator that answered inside the response window if one did,
 * otherwise `primaryOf` read as of the block after the draw's seed (an archive read; unknown where
 * the RPC keeps no history).
 *
 * @example
 * const reading = await readRequestRecord(source, 7n);
 * requestStages(reading!.record, now);
 */
export async function readRequestRecord(source: RequestSource, id: bigint): Promise<RequestReading | undefined> {
  const [events, opened, status, latest] = await Promise.all([
    source.oracleEvents(id),
    source.gamesOpened(id),
    source.status(id),
    source.latestBlock(),
  ]);
  const requested = events.find((e) => e.eventName === 'Requested');
  if (!requested) return undefined;
  const blocks = [...new Set([...events, ...opened].map((e) => e.blockNumber))];
  const times = new Map(await Promise.all(blocks.map(async (b) => [b, await source.blockTime(b)] as const)));
  const timeOf = (e: DecodedEvent) => times.get(e.blockNumber) ?? 0;
  const params = requested.args.params as Record<string, unknown>;
  const timeout = Number(params.timeout);
  const responseWindow = Number(params.responseWindow);

  const rawAttempts: { raw: Record<string, unknown>; cause: 'requested' | 'struck'; at: number }[] = [
    { raw: requested.args.attempt as Record<string, unknown>, cause: 'requested', at: timeOf(requested) },
  ];
  const postings: PostingRecord[] = [];
  let finalized: RequestRecord['finalized'];
  let cancelled: RequestRecord['cancelled'];
  for (const e of events) {
    const a = e.args;
    if (e.eventName === 'ResultSubmitted') {
      postings.push({
        resultId: String(a.resultId),
        operator: String(a.operator),
        attempt: Number(a.attempt),
        output: String(a.output),
        stateRoot: String(a.stateRoot),
        challengeDeadline: Number(a.challengeDeadline),
        at: timeOf(e),
        block: e.blockNumber,
        txHash: e.transactionHash,
        outcome: 'pending',
      });
    } else if (e.eventName === 'ResultStruck') {
      const p = postings.find((x) => x.resultId === a.resultId);
      if (p) p.outcome = 'struck';
      const reopened = a.reopened as Record<string, unknown>;
      if (Number(reopened.deadline) !== 0) rawAttempts.push({ raw: reopened, cause: 'struck', at: timeOf(e) });
    } else if (e.eventName === 'Finalized') {
      const p = postings.find((x) => x.resultId === a.resultId);
      if (p) p.outcome = 'finalized';
      finalized = {
        resultId: String(a.resultId),
        callbackSucceeded: Boolean(a.callbackSucceeded),
        callbackGasUsed: BigInt(a.callbackGasUsed as bigint),
        at: timeOf(e),
        txHash: e.transactionHash,
      };
    } else if (e.eventName === 'Cancelled') {
      for (const p of postings) if (p.outcome === 'pending') p.outcome = 'cancelled';
      cancelled = { refund: BigInt(a.refund as bigint), at: timeOf(e), txHash: e.transactionHash };
    }
  }

  const attempts: AttemptRecord[] = await Promise.all(
    rawAttempts.map(async ({ raw, cause, at }) => {
      const index = Number(raw.index);
      const drawBlock = Number(raw.drawBlock);
      const deadline = Number(raw.deadline);
      const exclusiveUntil = deadline - timeout + responseWindow;
      const answered = postings.find((p) => p.attempt === index && p.at < exclusiveUntil);
      let primary: string | null | undefined = answered?.operator;
      if (!answered) {
        if (latest < drawBlock + 2) primary = null;
        else {
          try {
            primary = await source.primaryAt(id, params, raw, drawBlock + 2);
          } catch {
            primary = undefined;
          }
        }
      }
      return { index, drawBlock, deadline, exclusiveUntil, cause, at, ...(primary !== undefined ? { primary } : {}) };
    }),
  );

  const state = STATES[status.state] ?? 'none';
  const last = postings.findLast((p) => p.outcome !== 'struck');
  const record: RequestRecord = {
    id,
    modelId: Number(params.modelId),
    requester: String(params.requester),
    callbackContract: String(params.callbackContract),
    fee: BigInt(params.fee as bigint),
    state: state === 'none' ? 'requested' : state,
    disputed: status.disputed,
    requested: { at: timeOf(requested), block: requested.blockNumber, txHash: requested.transactionHash },
    attempts,
    postings,
    games: opened.map((g) => ({
      id: BigInt(g.args.gameId as bigint),
      resultId: String(g.args.resultId),
      challenger: String(g.args.challenger),
    })),
    ...(finalized ? { finalized } : {}),
    ...(cancelled ? { cancelled } : {}),
  };
  return {
    record,
    params,
    attempt: rawAttempts.at(-1)!.raw,
    input: String(requested.args.input),
    callbackData: String(requested.args.callbackData),
    ...(last
      ? { posted: { operator: last.operator, attempt: last.attempt, challengeDeadline: last.challengeDeadline } }
      : {}),
  };
}
