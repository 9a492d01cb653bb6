import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { getBytes, hexlify } from 'ethers';
import { readRequestTerms } from '../chain/requestTerms';
import type { ChainWatcher } from '../chain/ChainWatcher';
import type { ExecutionPool } from '../execution/ExecutionPool';
import type { PackageStore } from '../execution/PackageStore';
import type { ModelRow } from '../chain/projections';
import type { DisputeMetrics } from './DisputeMetrics';

/** Where a verification stands. */
export const VERIFICATION_STATES = [
  'queued',
  'match',
  'mismatch',
  'self_mismatch',
  'late',
  'failed',
  'challenged',
  'challenge_failed',
] as const;
export type VerificationState = (typeof VERIFICATION_STATES)[number];

/** A row of `verifications`. */
export interface VerificationRow {
  result_id: string;
  request_id: number;
  model_id: number;
  operator: string;
  challenge_deadline: number;
  state: VerificationState;
  output: string | null;
  state_root: string | null;
  error_message: string | null;
  slack: number | null;
  started_ms: number;
  finished_ms: number | null;
  challenge_tx_id: number | null;
  next_run_at: number;
}

/** What the verifier needs. */
export interface VerifierParameters {
  db: Database.Database;
  pool: ExecutionPool;
  packages: PackageStore;
  watcher: ChainWatcher;
  metrics: DisputeMetrics;
  /** The node's own address (its results are self-checks, never challenged). */
  me?: string;
  /** Verify only these models (default: every registered model). */
  models?: readonly number[];
  /** The oracle's challenge window in seconds (for the slack). */
  challengeWindow: number;
  log: Logger;
  now?: () => number;
}

/** Wait before looking at a queued verification again when its package is not there yet. */
const WAIT_MS = 2_000;

/**
 * Re-runs every result posted for a model the node can load, from the indexed request and the
 * verified package, in the node's worker pool, and compares the output bytes and `S_n` with the
 * posting. Earliest challenge deadline first. A mismatch on another operator's result is left in
 * state `mismatch` for the game player to challenge; on the node's own result (a self-check) it
 * alarms. Each finished verification records its slack: the fraction of the challenge window that
 * was left (chain time).
 */
export class Verifier {
  private readonly running = new Set<string>();
  /** Chain time of the first pass: results whose window ended before it are history, not work. */
  private since: number | undefined;
  private readonly now: () => number;
  private readonly me: string | undefined;
  private readonly s;

  constructor(private readonly p: VerifierParameters) {
    this.now = p.now ?? Date.now;
    this.me = p.me?.toLowerCase();
    const db = p.db;
    this.s = {
      fresh: db.prepare(
        `SELECT r.id, r.model_id, r.result_id, r.operator, r.challenge_deadline FROM requests r
           LEFT JOIN verifications v ON v.result_id = r.result_id
         WHERE r.status IN ('submitted', 'finalized') AND r.result_id IS NOT NULL AND v.result_id IS NULL
           AND r.challenge_deadline > ?
         ORDER BY r.challenge_deadline LIMIT 256`,
      ),
      insert: db.prepare(
        `INSERT OR IGNORE INTO verifications (result_id, request_id, model_id, operator, challenge_deadline, state, started_ms)
         VALUES (?, ?, ?, ?, ?, 'queued', ?)`,
      ),
      queued: db.prepare(
        "SELECT * FROM verifications WHERE state = 'queued' AND next_run_at <= ? ORDER BY challenge_deadline LIMIT ?",
      ),
      model: db.prepare('SELECT * FROM models WHERE id = ?'),
      finish: db.prepare(
        `UPDATE verifications SET state = ?, output = ?, state_root = ?, error_message = ?, slack = ?, finished_ms = ?
         WHERE result_id = ? AND state = 'queued'`,
      ),
      wait: db.prepare('UPDATE verifications SET next_run_at = ?, error_message = ? WHERE result_id = ?'),
      counts: db.prepare('SELECT state, COUNT(*) AS n FROM verifications GROUP BY state'),
      minSlack: db.prepare('SELECT MIN(slack) AS s FROM verifications WHERE slack IS NOT NULL'),
    };
  }

  /** Verifications by state (for /metrics). */
  counts(): Record<string, number> {
    const rows = this.s.counts.all() as { state: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  /** The smallest slack recorded (for /metrics), if any. */
  minSlack(): number | undefined {
    return (this.s.minSlack.get() as { s: number | null }).s ?? undefined;
  }

  /**
   * `GET /verifications`: the newest first (by request), optionally of one state or request, 1–100 per
   * page; `cursor` is the last page's `nextCursor`.
   */
  list(f: { state?: VerificationState; request?: number; cursor?: number; limit: number }) {
    const where: string[] = [];
    const values: (string | number)[] = [];
    if (f.state !== undefined) (where.push('state = ?'), values.push(f.state));
    if (f.request !== undefined) (where.push('request_id = ?'), values.push(f.request));
    if (f.cursor !== undefined) (where.push('rowid < ?'), values.push(f.cursor));
    const rows = this.p.db
      .prepare(
        `SELECT rowid AS k, * FROM verifications ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY rowid DESC LIMIT ?`,
      )
      .all(...values, f.limit + 1) as (VerificationRow & { k: number })[];
    const items = rows.slice(0, f.limit);
    return {
      items: items.map((v) => ({
        resultId: v.result_id,
        requestId: v.request_id,
        modelId: v.model_id,
        operator: v.operator,
        challengeDeadline: v.challenge_deadline,
        state: v.state,
        output: v.output,
        stateRoot: v.state_root,
        slack: v.slack,
        note: v.error_message,
        finishedMs: v.finished_ms,
      })),
      nextCursor: rows.length > f.limit ? String(items.at(-1)!.k) : null,
    };
  }

  /** Whether `modelId` is one this node verifies. */
  private verifies(modelId: number): boolean {
    return !this.p.models || this.p.models.includes(modelId);
  }

  /** Queues every newly posted result and keeps the pool busy with the most urgent ones. */
  tick(): void {
    const chainTime = this.p.watcher.head?.timestamp;
    if (chainTime === undefined) return;
    const at = this.now();
    // Every result whose window was open while the node ran, even one the index saw only after it
    // was finalized (the index lagged): it is verified too, and counts as late.
    this.since ??= chainTime;
    for (const r of this.s.fresh.all(this.since) as {
      id: number;
      model_id: number;
      result_id: string;
      operator: string;
      challenge_deadline: number;
    }[]) {
      if (!this.verifies(r.model_id)) continue;
      this.s.insert.run(r.result_id, r.id, r.model_id, r.operator, r.challenge_deadline, at);
    }
    this.start();
  }

  private start(): void {
    const capacity = this.p.pool.size * 2;
    if (this.running.size >= capacity) return;
    const chainTime = this.p.watcher.head?.timestamp ?? 0;
    for (const v of this.s.queued.all(this.now(), capacity + this.running.size) as VerificationRow[]) {
      if (this.running.size >= capacity) break;
      if (this.running.has(v.result_id)) continue;
      if (v.challenge_deadline <= chainTime) {
        this.finish(v, 'late', { slack: 0 }, 'the challenge window closed before the result was verified');
        continue;
      }
      const model = this.s.model.get(v.model_id) as ModelRow | undefined;
      if (!model || model.frozen) continue;
      if (!this.p.packages.isVerified(model.model_hash)) {
        void this.p.packages.ensure(model.model_hash, model.package_uri);
        const pkg = this.p.packages.status(model.model_hash);
        this.s.wait.run(
          Math.max(pkg?.next_try_ms ?? 0, this.now() + WAIT_MS),
          `waiting for the package${pkg?.error_message ? `: ${pkg.error_message}` : ''}`.slice(0, 1000),
          v.result_id,
        );
        continue;
      }
      this.running.add(v.result_id);
      void this.run(v, model).finally(() => {
        this.running.delete(v.result_id);
        this.start();
      });
    }
  }

  private async run(v: VerificationRow, model: ModelRow): Promise<void> {
    const terms = readRequestTerms(this.p.db, v.request_id);
    const posting = terms?.posting;
    if (!terms || !posting || posting.resultId.toLowerCase() !== v.result_id.toLowerCase()) {
      this.finish(v, 'failed', {}, 'the posting is no longer indexed');
      return;
    }
    try {
      const result = await this.p.pool.run(
        model.model_hash,
        this.p.packages.dirOf(model.model_hash),
        getBytes(terms.input),
      );
      const output = hexlify(result.output);
      const same =
        output.toLowerCase() === posting.output.toLowerCase() &&
        result.stateRoot.toLowerCase() === posting.stateRoot.toLowerCase();
      const own = this.me !== undefined && v.operator.toLowerCase() === this.me;
      const state: VerificationState = same ? 'match' : own ? 'self_mismatch' : 'mismatch';
      const chainTime = this.p.watcher.head?.timestamp ?? v.challenge_deadline;
      const slack = Math.max(0, Math.min(1, (v.challenge_deadline - chainTime) / this.p.challengeWindow));
      this.finish(v, state, { output, stateRoot: result.stateRoot, slack });
      if (state === 'mismatch') {
        this.p.log.warn(
          {
            requestId: v.request_id,
            resultId: v.result_id,
            operator: v.operator,
            posted: posting.stateRoot,
            computed: result.stateRoot,
          },
          'a posted result is wrong: challenging it',
        );
      } else if (state === 'self_mismatch') {
        this.p.log.error(
          { requestId: v.request_id, resultId: v.result_id, posted: posting.stateRoot, computed: result.stateRoot },
          "self-check failed: this node's own posted result differs from a re-run (check the backend and the build)",
        );
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.s.wait.run(this.now() + WAIT_MS, message.slice(0, 1000), v.result_id);
      this.p.log.warn({ requestId: v.request_id, err: message }, 'verification failed; retrying');
    }
  }

  private finish(
    v: VerificationRow,
    state: VerificationState,
    r: { output?: string; stateRoot?: string; slack?: number },
    note?: string,
  ): void {
    this.s.finish.run(
      state,
      r.output ?? null,
      r.stateRoot ?? null,
      note ?? null,
      r.slack ?? null,
      this.now(),
      v.result_id,
    );
    this.p.metrics.verified.inc({ outcome: state });
    if (r.slack !== undefined) this.p.metrics.slack.observe(r.slack);
  }
}
