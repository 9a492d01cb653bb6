import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { getAddress } from 'ethers';
import type { JsonValue } from '../chain/contractEvents';
import {
  GAME_PHASES,
  isLive,
  proposerMoves,
  type GameClockRules,
  type GameRow,
  type ModelRow,
  type RequestRow,
} from '../chain/projections';
import { readRequestTerms } from '../chain/requestTerms';
import type { PackageStore } from '../execution/PackageStore';
import type { JobStore } from '../jobs/JobStore';

/** A page of a list and the cursor of the next one (`null` at the end). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const DTYPES = ['int8', 'int32'] as const;

interface SaleRow {
  address: string;
  model_id: number;
  token: string;
  developer: string;
  vesting: string;
  sale_supply: string;
  developer_supply: string;
  liquidity_supply: string;
  total_committed: string;
  buyers: number;
  settled: number;
  succeeded: number | null;
  tokens_sold: string | null;
  tokens_burned: string | null;
  settled_at: number | null;
  launched_block: number;
  launched_at: number;
  launched_tx: string;
}

interface EventRow {
  block_number: number;
  log_index: number;
  tx_hash: string;
  timestamp: number;
  name: string;
  args: string;
}

/** Filters of `GET /requests`. */
export interface RequestFilters {
  model?: number;
  status?: string;
  requester?: string;
  operator?: string;
  cursor?: number;
  limit: number;
}

/** Filters of `GET /games`. */
export interface GameFilters {
  request?: number;
  player?: string;
  live?: boolean;
  cursor?: number;
  limit: number;
}

/** Filters of `GET /sales`. */
export interface SaleFilters {
  model?: number;
  state?: string;
  cursor?: number;
  limit: number;
}

/** WHERE clauses and their bound values, built up one filter at a time (values are never spliced into SQL). */
class SqlFilter {
  private readonly clauses: string[] = [];
  readonly values: unknown[] = [];

  add(clause: string, ...values: unknown[]): void {
    this.clauses.push(clause);
    this.values.push(...values);
  }

  where(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

function ioOf(io: Record<string, JsonValue>) {
  return {
    inputRows: Number(io.inputRows),
    inputCols: Number(io.inputCols),
    inputDtype: DTYPES[Number(io.inputDtype)] ?? String(io.inputDtype),
    outputRows: Number(io.outputRows),
    outputCols: Number(io.outputCols),
    outputDtype: DTYPES[Number(io.outputDtype)] ?? String(io.outputDtype),
  };
}

/**
 * The API's reads of the index: every shape documented in `docs/oracle-node.md`. Amounts of wei are
 * decimal strings, times are Unix seconds of block timestamps (`*Ms` fields: the node's clock, in
 * milliseconds), ids are numbers. Every list is paged and bounded.
 */
export class IndexQueries {
  constructor(
    private readonly db: Database.Database,
    private readonly jobs: JobStore | undefined,
    private readonly packages: PackageStore | undefined,
    private readonly clocks: GameClockRules,
  ) {}

  /** The chain time of the last indexed block (0 before the first). */
  chainTime(): number {
    return (
      (
        this.db.prepare('SELECT block_timestamp FROM cursor WHERE id = 1').get() as
          { block_timestamp: number } | undefined
      )?.block_timestamp ?? 0
    );
  }

  private meta(address: string | null): Record<string, JsonValue> | null {
    if (!address) return null;
    const row = this.db.prepare('SELECT data FROM contract_meta WHERE address = ?').get(address.toLowerCase()) as
      { data: string } | undefined;
    return row ? (JSON.parse(row.data) as Record<string, JsonValue>) : null;
  }

  private manifest(modelHash: string): { name?: string; description?: string } | null {
    if (!this.packages?.isVerified(modelHash)) return null;
    try {
      return JSON.parse(fs.readFileSync(path.join(this.packages.dirOf(modelHash), 'manifest.json'), 'utf8')) as {
        name?: string;
        description?: string;
      };
    } catch {
      return null;
    }
  }

  private modelView(row: ModelRow) {
    const commitment = JSON.parse(row.commitment) as Record<string, JsonValue>;
    const usage = { requests: 0, requested: 0, submitted: 0, finalized: 0, cancelled: 0 };
    for (const r of this.db
      .prepare('SELECT status, COUNT(*) AS n FROM requests WHERE model_id = ? GROUP BY status')
      .all(row.id) as {
      status: keyof typeof usage;
      n: number;
    }[]) {
      usage[r.status] = r.n;
      usage.requests += r.n;
    }
    const token = this.db
      .prepare('SELECT total_supply, holders FROM tokens WHERE address = ?')
      .get(row.token.toLowerCase()) as { total_supply: string; holders: number } | undefined;
    const tokenMeta = this.meta(row.token);
    const manifest = this.manifest(row.model_hash);
    const pkg = this.packages?.status(row.model_hash);
    const operators = (
      this.db.prepare('SELECT operator FROM operator_models WHERE model_id = ? ORDER BY operator').all(row.id) as {
        operator: string;
      }[]
    ).map((o) => getAddress(o.operator));
    return {
      id: row.id,
      modelHash: row.model_hash,
      name: manifest?.name ?? null,
      description: manifest?.description ?? null,
      developer: row.developer,
      token: {
        address: row.token,
        name: tokenMeta ? String(tokenMeta.name) : null,
        symbol: tokenMeta ? String(tokenMeta.symbol) : null,
        totalSupply: token?.total_supply ?? '0',
        holders: token?.holders ?? 0,
      },
      sale: row.sale,
      vesting: row.vesting,
      commitment: {
        graphRoot: String(commitment.graphRoot),
        paramsRoot: String(commitment.paramsRoot),
        io: ioOf(commitment.io as Record<string, JsonValue>),
        opCount: Number(commitment.opCount),
        stateDepth: Number(commitment.stateDepth),
      },
      packageURI: row.package_uri,
      license: row.license,
      fee: row.fee,
      split: JSON.parse(row.split) as Record<string, number>,
      pendingSplit: row.pending_split
        ? { split: JSON.parse(row.pending_split) as Record<string, number>, effectiveAt: row.pending_split_at }
        : null,
      frozen: row.frozen === 1,
      registered: { block: row.registered_block, timestamp: row.registered_at, txHash: row.registered_tx },
      usage,
      revenue: { feesPaid: row.fees_paid, holdersDeposited: row.holders_revenue },
      operators,
      package: {
        state: pkg?.state ?? 'unknown',
        error: pkg?.error_code ? { code: pkg.error_code, message: pkg.error_message ?? '' } : null,
        url: pkg?.state === 'verified' ? `/packages/${row.model_hash}` : null,
      },
    };
  }

  /** `GET /models`: models by id, ascending. */
  listModels(cursor: number | undefined, limit: number): Page<ReturnType<IndexQueries['modelView']>> {
    const rows = this.db
      .prepare('SELECT * FROM models WHERE id > ? ORDER BY id LIMIT ?')
      .all(cursor ?? 0, limit + 1) as ModelRow[];
    return this.page(
      rows,
      limit,
      (r) => r.id,
      (r) => this.modelView(r),
    );
  }

  /** `GET /models/:id`. */
  getModel(id: number) {
    const row = this.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined;
    return row ? this.modelView(row) : undefined;
  }

  /**
   * `GET /models/:id/revenue`: per bucket (hour or day, aligned to UTC), the finalized requests and
   * their fees, and the revenue deposited into the model token (the holders' share of each fee, and
   * any other deposit). Every bucket of [from, to) is listed, empty ones with zeros.
   */
  revenue(modelId: number, bucket: 'hour' | 'day', from: number, to: number) {
    const size = bucket === 'hour' ? 3600 : 86_400;
    const start = Math.floor(from / size) * size;
    const points = new Map<number, { start: number; requests: number; fees: bigint; holders: bigint }>();
    for (let t = start; t < to; t += size) points.set(t, { start: t, requests: 0, fees: 0n, holders: 0n });
    const at = (ts: number) => points.get(Math.floor(ts / size) * size);
    const finalized = this.db.prepare(
      `SELECT e.timestamp, r.fee FROM events e JOIN requests r ON r.id = e.request_id
       WHERE e.model_id = ? AND e.name = 'Finalized' AND e.timestamp >= ? AND e.timestamp < ?`,
    );
    for (const row of finalized.iterate(modelId, start, to) as Iterable<{ timestamp: number; fee: string }>) {
      const p = at(row.timestamp);
      if (!p) continue;
      p.requests += 1;
      p.fees += BigInt(row.fee);
    }
    const deposits = this.db.prepare(
      `SELECT timestamp, args FROM events WHERE model_id = ? AND name = 'RevenueDeposited' AND contract = 'token'
         AND timestamp >= ? AND timestamp < ?`,
    );
    for (const row of deposits.iterate(modelId, start, to) as Iterable<{ timestamp: number; args: string }>) {
      const p = at(row.timestamp);
      if (p) p.holders += BigInt(String((JSON.parse(row.args) as Record<string, JsonValue>).amount));
    }
    return {
      modelId,
      bucket,
      from: start,
      to,
      points: [...points.values()].map((p) => ({
        start: p.start,
        requests: p.requests,
        fees: p.fees.toString(),
        holders: p.holders.toString(),
      })),
    };
  }

  private requestView(row: RequestRow) {
    return {
      id: row.id,
      modelId: row.model_id,
      requester: row.requester,
      callbackContract: row.callback_contract,
      fee: row.fee,
      status: row.status,
      attempt: row.attempt,
      drawBlock: row.draw_block,
      deadline: row.deadline,
      exclusiveUntil: row.exclusive_until,
      operator: row.operator,
      resultId: row.result_id,
      challengeDeadline: row.challenge_deadline,
      openGames: row.open_games,
      requestedAt: row.requested_at,
      requestedBlock: row.requested_block,
      updatedAt: row.updated_at,
    };
  }

  /** `GET /requests`: newest first, filtered. */
  listRequests(f: RequestFilters): Page<ReturnType<IndexQueries['requestView']>> {
    const filter = new SqlFilter();
    if (f.model !== undefined) filter.add('model_id = ?', f.model);
    if (f.status !== undefined) filter.add('status = ?', f.status);
    if (f.requester !== undefined) filter.add('requester = ? COLLATE NOCASE', f.requester);
    if (f.operator !== undefined) filter.add('operator = ? COLLATE NOCASE', f.operator);
    if (f.cursor !== undefined) filter.add('id < ?', f.cursor);
    const sql = `SELECT * FROM requests ${filter.where()} ORDER BY id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...filter.values, f.limit + 1) as RequestRow[];
    return this.page(
      rows,
      f.limit,
      (r) => r.id,
      (r) => this.requestView(r),
    );
  }

  private events(column: 'request_id' | 'game_id', id: number): EventRow[] {
    return this.db
      .prepare(
        `SELECT block_number, log_index, tx_hash, timestamp, name, args FROM events WHERE ${column} = ?
         ORDER BY block_number, log_index`,
      )
      .all(id) as EventRow[];
  }

  /** `GET /requests/:id`: terms, attempts, postings, outcome, games, and this node's job. */
  getRequest(id: number) {
    const row = this.db.prepare('SELECT * FROM requests WHERE id = ?').get(id) as RequestRow | undefined;
    const terms = readRequestTerms(this.db, id);
    if (!row || !terms) return undefined;
    const attempts: Record<string, JsonValue>[] = [];
    const postings: Record<string, JsonValue>[] = [];
    let finalization: Record<string, JsonValue> | null = null;
    let cancellation: Record<string, JsonValue> | null = null;
    const offset = row.exclusive_until - row.deadline;
    for (const ev of this.events('request_id', id)) {
      const a = JSON.parse(ev.args) as Record<string, JsonValue>;
      const where = { at: ev.timestamp, block: ev.block_number, txHash: ev.tx_hash };
      if (ev.name === 'Requested' || ev.name === 'ResultStruck') {
        const attempt = (ev.name === 'Requested' ? a.attempt : a.reopened) as Record<string, JsonValue>;
        if (ev.name === 'ResultStruck') {
          const struck = postings.find((p) => p.resultId === a.resultId);
          if (struck) struck.outcome = 'struck';
        }
        attempts.push({
          index: Number(attempt.index),
          drawBlock: Number(attempt.drawBlock),
          deadline: Number(attempt.deadline),
          exclusiveUntil: Number(attempt.deadline) + offset,
          cause: ev.name === 'Requested' ? 'requested' : 'struck',
          ...where,
        });
      } else if (ev.name === 'ResultSubmitted') {
        postings.push({
          resultId: String(a.resultId),
          operator: String(a.operator),
          attempt: Number(a.attempt),
          output: String(a.output),
          stateRoot: String(a.stateRoot),
          challengeDeadline: Number(a.challengeDeadline),
          outcome: 'pending',
          ...where,
        });
      } else if (ev.name === 'Finalized') {
        const p = postings.find((x) => x.resultId === a.resultId);
        if (p) p.outcome = 'finalized';
        finalization = {
          resultId: String(a.resultId),
          callbackSucceeded: Boolean(a.callbackSucceeded),
          callbackGasUsed: String(a.callbackGasUsed),
          finalizerReimbursed: String(a.finalizerReimbursed),
          ...where,
        };
      } else if (ev.name === 'Cancelled') {
        for (const p of postings) if (p.outcome === 'pending') p.outcome = 'cancelled';
        cancellation = { refund: String(a.refund), ...where };
      }
    }
    const games = (
      this.db.prepare('SELECT id FROM games WHERE request_id = ? ORDER BY id').all(id) as { id: number }[]
    ).map((g) => g.id);
    const job = this.jobView(id);
    const lastPosting = postings.at(-1);
    return {
      ...this.requestView(row),
      params: terms.params,
      input: terms.input,
      callbackData: terms.callbackData,
      attempts,
      postings,
      finalization,
      cancellation,
      games,
      primary: job?.primary ?? null,
      timings: {
        requestedAt: row.requested_at,
        submittedAt: (lastPosting?.at as number | undefined) ?? null,
        finalizedAt: (finalization?.at as number | undefined) ?? null,
        indexedMs: job?.history.find((h) => h.to === 'queued')?.atMs ?? null,
        computedMs: job?.history.find((h) => h.to === 'computed')?.atMs ?? null,
        submitSentMs: job?.history.find((h) => h.to === 'submitting')?.atMs ?? null,
        submitMinedMs: job?.transactions.find((t) => t.purpose === 'submit' && t.state === 'mined')?.minedMs ?? null,
      },
      job: job?.view ?? null,
    };
  }

  private jobView(requestId: number) {
    const job = this.jobs?.get(requestId);
    if (!job || !this.jobs) return undefined;
    const history = this.jobs
      .history(job.id)
      .map((h) => ({ atMs: h.at_ms, from: h.from_state, to: h.to_state, note: h.note }));
    const transactions = (
      this.db
        .prepare(
          `SELECT t.id, t.purpose, t.state, t.nonce, t.mined_hash, t.mined_block, t.mined_ms, t.error_message,
             (SELECT hash FROM tx_attempts a WHERE a.tx_id = t.id ORDER BY a.created_ms DESC, a.rowid DESC LIMIT 1) AS last_hash
           FROM transactions t JOIN tx_requests r ON r.tx_id = t.id WHERE r.request_id = ? ORDER BY t.id`,
        )
        .all(requestId) as {
        id: number;
        purpose: string;
        state: string;
        nonce: number;
        mined_hash: string | null;
        mined_block: number | null;
        mined_ms: number | null;
        error_message: string | null;
        last_hash: string;
      }[]
    ).map((t) => ({
      purpose: t.purpose,
      state: t.state,
      nonce: t.nonce,
      hash: t.mined_hash ?? t.last_hash,
      block: t.mined_block,
      minedMs: t.mined_ms,
      error: t.error_message,
    }));
    return {
      primary: job.primary_operator,
      history,
      transactions,
      view: {
        state: job.state,
        attempt: job.attempt,
        output: job.output,
        stateRoot: job.state_root,
        inferenceMs: job.inference_ms,
        error: job.error_code ? { code: job.error_code, message: job.error_message ?? '' } : null,
        history,
        transactions,
      },
    };
  }

  private saleView(row: SaleRow, now: number) {
    const meta = this.meta(row.address);
    const t = (meta?.terms as Record<string, JsonValue> | undefined) ?? undefined;
    let state: string;
    if (!t) state = 'unknown';
    else if (now < Number(t.start)) state = 'pending';
    else if (now < Number(t.end)) state = 'active';
    else state = BigInt(row.total_committed) >= BigInt(String(t.softCap)) ? 'succeeded' : 'failed';
    return {
      address: getAddress(row.address),
      modelId: row.model_id,
      token: row.token,
      developer: row.developer,
      vesting: row.vesting,
      supply: { sale: row.sale_supply, developer: row.developer_supply, liquidity: row.liquidity_supply },
      terms: t
        ? {
            price: String(t.price),
            softCap: String(t.softCap),
            hardCap: String(t.hardCap),
            walletCap: String(t.walletCap),
            start: Number(t.start),
            end: Number(t.end),
            allowlistRoot: String(t.allowlistRoot),
            protocolFeeBps: Number(t.protocolFeeBps),
            treasury: String(t.treasury),
            liquidityShareBps: Number(t.liquidityShareBps),
            liquidityRecipient: String(t.liquidityRecipient),
          }
        : null,
      state,
      totalCommitted: row.total_committed,
      buyers: row.buyers,
      settlement: row.settled
        ? {
            succeeded: row.succeeded === 1,
            tokensSold: row.tokens_sold,
            tokensBurned: row.tokens_burned,
            at: row.settled_at,
          }
        : null,
      launched: { block: row.launched_block, timestamp: row.launched_at, txHash: row.launched_tx },
    };
  }

  /** `GET /sales`: newest model first. */
  listSales(f: SaleFilters): Page<ReturnType<IndexQueries['saleView']>> {
    const now = this.chainTime();
    const filter = new SqlFilter();
    if (f.model !== undefined) filter.add('model_id = ?', f.model);
    if (f.cursor !== undefined) filter.add('model_id < ?', f.cursor);
    const rows = this.db
      .prepare(`SELECT * FROM sales ${filter.where()} ORDER BY model_id DESC`)
      .all(...filter.values) as SaleRow[];
    const views = rows.map((r) => this.saleView(r, now)).filter((s) => f.state === undefined || s.state === f.state);
    const items = views.slice(0, f.limit);
    return { items, nextCursor: views.length > f.limit ? String(items.at(-1)!.modelId) : null };
  }

  private gameView(g: GameRow) {
    const live = isLive(g.phase);
    const mover = live ? (proposerMoves(g.phase) ? 'proposer' : 'challenger') : null;
    const clock = mover === 'proposer' ? g.proposer_clock : g.challenger_clock;
    return {
      id: g.id,
      requestId: g.request_id,
      resultId: g.result_id,
      proposer: g.proposer,
      challenger: g.challenger,
      opCount: g.n,
      phase: g.phase,
      live,
      mover,
      moverDeadline: live ? g.last_move + clock : null,
      clocks: { proposer: g.proposer_clock, challenger: g.challenger_clock, lastMoveAt: g.last_move },
      lo: g.lo,
      hi: g.hi,
      moveCount: g.moves,
      settled: g.settled === 1,
      openedAt: g.opened_at,
      openedBlock: g.opened_block,
      updatedAt: g.updated_at,
    };
  }

  /** `GET /games`: newest first. */
  listGames(f: GameFilters): Page<ReturnType<IndexQueries['gameView']>> {
    const filter = new SqlFilter();
    if (f.request !== undefined) filter.add('request_id = ?', f.request);
    if (f.player !== undefined) {
      filter.add('(proposer = ? COLLATE NOCASE OR challenger = ? COLLATE NOCASE)', f.player, f.player);
    }
    if (f.live !== undefined) {
      const livePhases = GAME_PHASES.filter((p) => isLive(p));
      filter.add(`phase ${f.live ? '' : 'NOT '}IN (${livePhases.map(() => '?').join(', ')})`, ...livePhases);
    }
    if (f.cursor !== undefined) filter.add('id < ?', f.cursor);
    const rows = this.db
      .prepare(`SELECT * FROM games ${filter.where()} ORDER BY id DESC LIMIT ?`)
      .all(...filter.values, f.limit + 1) as GameRow[];
    return this.page(
      rows,
      f.limit,
      (r) => r.id,
      (r) => this.gameView(r),
    );
  }

  /** `GET /games/:id`: the game, every move with who made it, and its settlement. */
  getGame(id: number) {
    const g = this.db.prepare('SELECT * FROM games WHERE id = ?').get(id) as GameRow | undefined;
    if (!g) return undefined;
    const moves: Record<string, JsonValue>[] = [];
    let settlement: Record<string, JsonValue> | null = null;
    let phase: (typeof GAME_PHASES)[number] = 'OutputCheck';
    for (const ev of this.events('game_id', id)) {
      const args = JSON.parse(ev.args) as Record<string, JsonValue>;
      const where = { at: ev.timestamp, block: ev.block_number, txHash: ev.tx_hash };
      if (ev.name === 'GameOpened') continue;
      if (ev.name === 'GameSettled') {
        settlement = {
          outcome: GAME_PHASES[Number(args.outcome)] ?? String(args.outcome),
          toWinner: String(args.toWinner),
          burned: String(args.burned),
          ...where,
        };
        continue;
      }
      if (ev.name === 'GameEnded') {
        moves.push({ name: ev.name, by: null, args: { outcome: GAME_PHASES[Number(args.outcome)] ?? '' }, ...where });
        continue;
      }
      moves.push({ name: ev.name, by: proposerMoves(phase) ? 'proposer' : 'challenger', args, ...where });
      phase = nextPhase(phase, ev.name, args);
    }
    return { ...this.gameView(g), rules: this.clocks, moves, settlement };
  }

  private page<R, V>(rows: R[], limit: number, key: (r: R) => number, view: (r: R) => V): Page<V> {
    const items = rows.slice(0, limit);
    return {
      items: items.map(view),
      nextCursor: rows.length > limit ? String(key(items.at(-1)!)) : null,
    };
  }
}

/** The phase after a move (for labelling who made each move). */
function nextPhase(phase: (typeof GAME_PHASES)[number], name: string, args: Record<string, JsonValue>) {
  switch (name) {
    case 'OutputChecked':
      return 'Bisect' as const;
    case 'Bisected':
      return 'BisectResponse' as const;
    case 'BisectionAnswered':
      return Number(args.hi) - Number(args.lo) === 1 ? ('SlotUpdate' as const) : ('Bisect' as const);
    case 'SlotUpdated':
      return 'DescentReveal' as const;
    case 'ChildrenRevealed':
      return 'DescentPick' as const;
    case 'ChildPicked':
      return 'DescentReveal' as const;
    case 'ChunkRevealed':
      return 'OneStep' as const;
    default:
      return phase;
  }
}
