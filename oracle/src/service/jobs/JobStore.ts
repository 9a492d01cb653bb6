import type Database from 'better-sqlite3';
import { OracleNodeError } from '../OracleNodeError';
import type { IndexStore } from '../chain/IndexStore';
import type { RequestRow as FullRequestRow } from '../chain/projections';
import { prepared } from './openDatabase';
import { ACTIVE_STATES, JOB_STATES, assertTransition, type JobState } from './jobStates';

/** The kinds of job. This issue answers requests; verifying and playing games come next. */
export type JobKind = 'answer';

/** A row of `jobs`. */
export interface JobRow {
  id: number;
  kind: JobKind;
  request_id: number;
  state: JobState;
  model_id: number;
  params_hash: string;
  attempt: number;
  output: string | null;
  state_root: string | null;
  inference_ms: number | null;
  primary_operator: string | null;
  tx_id: number | null;
  error_code: string | null;
  error_message: string | null;
  retries: number;
  next_run_at: number;
  created_ms: number;
  updated_ms: number;
}

/** A row of `job_history`: one state change. */
export interface JobHistoryRow {
  at_ms: number;
  from_state: JobState | null;
  to_state: JobState;
  note: string | null;
}

/** The fields a state change may set with it. */
export type JobPatch = Partial<
  Pick<
    JobRow,
    | 'output'
    | 'state_root'
    | 'inference_ms'
    | 'primary_operator'
    | 'tx_id'
    | 'error_code'
    | 'error_message'
    | 'retries'
    | 'next_run_at'
    | 'attempt'
    | 'params_hash'
  >
>;

type RequestRow = Pick<
  FullRequestRow,
  'id' | 'model_id' | 'params_hash' | 'status' | 'attempt' | 'deadline' | 'operator'
>;

/** Options of the job store. */
export interface JobStoreOptions {
  /** The operator's address; without one (read-only mode) no job is ever created. */
  operator?: string;
  /** Serve only these models (default: every model the operator is opted in to). */
  models?: readonly number[];
  now?: () => number;
}

/**
 * The node's jobs, one per request it may answer, in SQLite. Every state change is one transaction
 * with its history row, so the process can die between any two lines and resume. The chain is the
 * truth: after each indexed range or reorg `reconcile` derives each touched job's state from the
 * indexed request (inside the index's own transaction); the node's own actions go through `advance`,
 * which allows only `LOCAL_TRANSITIONS`.
 */
export class JobStore {
  private readonly me: string | undefined;
  private readonly now: () => number;
  private readonly s;

  constructor(
    readonly db: Database.Database,
    private readonly options: JobStoreOptions = {},
  ) {
    this.me = options.operator?.toLowerCase();
    this.now = options.now ?? Date.now;
    this.s = {
      job: db.prepare("SELECT * FROM jobs WHERE kind = 'answer' AND request_id = ?"),
      jobById: db.prepare('SELECT * FROM jobs WHERE id = ?'),
      request: db.prepare(
        'SELECT id, model_id, params_hash, status, attempt, deadline, operator FROM requests WHERE id = ?',
      ),
      optedIn: db.prepare('SELECT 1 FROM operator_models WHERE operator = ? AND model_id = ?'),
      cursorTime: db.prepare('SELECT block_timestamp FROM cursor WHERE id = 1'),
      insert: db.prepare(
        `INSERT INTO jobs (kind, request_id, state, model_id, params_hash, attempt, created_ms, updated_ms)
         VALUES ('answer', ?, 'queued', ?, ?, ?, ?, ?)`,
      ),
      history: db.prepare('INSERT INTO job_history (job_id, at_ms, from_state, to_state, note) VALUES (?, ?, ?, ?, ?)'),
      openRequests: db.prepare(
        `SELECT r.id FROM requests r LEFT JOIN jobs j ON j.kind = 'answer' AND j.request_id = r.id
         WHERE r.status = 'requested' AND r.model_id = ? AND j.id IS NULL`,
      ),
      txPending: db.prepare('SELECT state FROM transactions WHERE id = ?'),
      forgetDraws: db.prepare(
        `UPDATE jobs SET primary_operator = NULL WHERE kind = 'answer' AND primary_operator IS NOT NULL
           AND request_id IN (SELECT id FROM requests WHERE draw_block + 1 > ?)`,
      ),
      pendingSubmit: db.prepare(
        `SELECT t.id FROM transactions t JOIN tx_requests r ON r.tx_id = t.id
         WHERE t.state = 'pending' AND t.purpose = 'submit' AND r.request_id = ? ORDER BY t.id DESC LIMIT 1`,
      ),
    };
  }

  /** Reconciles the jobs of every request an indexed range or a rollback touched, in the same transaction. */
  attach(index: IndexStore): void {
    index.onTouched((touched, cause) => {
      // A removed block may have been a draw's (its hash picks the primary): read those draws again.
      if (cause === 'rollback') this.s.forgetDraws.run(index.cursor()?.number ?? -1);
      if (this.me && touched.operators.has(this.me)) {
        for (const model of this.servedModels()) {
          for (const r of this.s.openRequests.all(model) as { id: number }[]) touched.requests.add(r.id);
        }
      }
      for (const id of touched.requests) this.reconcile(id);
    });
  }

  /** Whether the node answers requests for `modelId`: opted in on chain, and allowed by the config. */
  serves(modelId: number): boolean {
    if (!this.me) return false;
    if (this.options.models && !this.options.models.includes(modelId)) return false;
    return this.s.optedIn.get(this.me, modelId) !== undefined;
  }

  /** The models the node answers (opted in on chain and allowed by the config). */
  servedModels(): number[] {
    if (!this.me) return [];
    const rows = prepared(this.db, 'SELECT model_id FROM operator_models WHERE operator = ?').all(this.me) as {
      model_id: number;
    }[];
    return rows.map((r) => r.model_id).filter((m) => !this.options.models || this.options.models.includes(m));
  }

  /**
   * Derives a request's job from the indexed request: creates it when an open request of a served
   * model appears, follows postings, finalization, strikes and cancellation, and rolls it back when
   * the request left the chain. Local facts (an output computed for the same terms, a transaction in
   * flight) are kept, so a request that comes back after a reorg is handled once.
   */
  reconcile(requestId: number): void {
    const req = this.s.request.get(requestId) as RequestRow | undefined;
    let job = this.s.job.get(requestId) as JobRow | undefined;
    if (!req) {
      if (job && job.state !== 'rolled_back') this.move(job, 'rolled_back', {}, 'the request left the chain (reorg)');
      return;
    }
    if (!job) {
      const chainTime = (this.s.cursorTime.get() as { block_timestamp: number } | undefined)?.block_timestamp ?? 0;
      if (req.status !== 'requested' || !this.serves(req.model_id) || req.deadline <= chainTime) return;
      const at = this.now();
      const { lastInsertRowid } = this.s.insert.run(requestId, req.model_id, req.params_hash, req.attempt, at, at);
      this.s.history.run(Number(lastInsertRowid), at, null, 'queued', 'indexed');
      return;
    }
    if (job.params_hash !== req.params_hash) {
      // Another request took this id after a reorg: nothing computed for the old terms applies.
      this.write(job, job.state, {
        params_hash: req.params_hash,
        attempt: req.attempt,
        output: null,
        state_root: null,
        inference_ms: null,
        primary_operator: null,
        error_code: null,
        error_message: null,
        retries: 0,
        next_run_at: 0,
      });
      job = this.s.job.get(requestId) as JobRow;
    }
    const mine = req.operator !== null && req.operator.toLowerCase() === this.me;
    switch (req.status) {
      case 'requested': {
        if (req.attempt !== job.attempt) {
          const wasMine = job.state === 'submitted' || job.state === 'finalizing' || job.state === 'struck';
          if (wasMine) {
            if (job.state !== 'struck') this.move(job, 'struck', { attempt: req.attempt }, 'our result was struck');
            return;
          }
          this.move(job, job.output ? 'computed' : 'queued', this.reopened(req), `attempt ${req.attempt} opened`);
          return;
        }
        const open: JobState[] = ['queued', 'computed', 'submitting', 'failed', 'expired'];
        if (open.includes(job.state)) return;
        // In flight: the job's own transaction, or (when a reorg removed our posting) the submission
        // the reorg put back in flight; it is re-broadcast as it was, never sent a second time.
        const own =
          job.tx_id !== null && (this.s.txPending.get(job.tx_id) as { state: string })?.state === 'pending'
            ? job.tx_id
            : undefined;
        const inFlight = own ?? (this.s.pendingSubmit.get(requestId) as { id: number } | undefined)?.id;
        const state: JobState = inFlight !== undefined ? 'submitting' : job.output ? 'computed' : 'queued';
        this.move(job, state, { tx_id: inFlight ?? null }, 'the request is open again');
        return;
      }
      case 'submitted':
        if (mine) {
          if (job.state !== 'submitted' && job.state !== 'finalizing') {
            this.move(job, 'submitted', { tx_id: null, error_code: null, error_message: null }, 'result posted');
          }
        } else if (job.state !== 'answered_by_other') {
          this.move(job, 'answered_by_other', { tx_id: null }, `answered by ${req.operator}`);
        }
        return;
      case 'finalized':
        if (mine && job.state !== 'finalized') this.move(job, 'finalized', { tx_id: null }, 'final');
        else if (!mine && job.state !== 'answered_by_other') {
          this.move(job, 'answered_by_other', { tx_id: null }, `answered by ${req.operator}`);
        }
        return;
      case 'cancelled':
        if (job.state !== 'cancelled') this.move(job, 'cancelled', { tx_id: null }, 'cancelled');
        return;
    }
  }

  private reopened(req: RequestRow): JobPatch {
    return {
      attempt: req.attempt,
      primary_operator: null,
      tx_id: null,
      error_code: null,
      error_message: null,
      retries: 0,
      next_run_at: 0,
    };
  }

  /**
   * A change the node makes itself (an output computed, a transaction recorded, a fatal error), in
   * one transaction; throws `INVALID_TRANSITION` unless the job is in `from` and may go to `to`.
   * Returns false (and changes nothing) when the job is no longer in `from` (the chain moved it).
   */
  advance(jobId: number, from: JobState, to: JobState, patch: JobPatch = {}, note?: string): boolean {
    assertTransition(from, to);
    return this.db.transaction(() => {
      const job = this.s.jobById.get(jobId) as JobRow | undefined;
      if (!job) throw new OracleNodeError('NOT_FOUND', `no job ${jobId}`);
      if (job.state !== from) return false;
      this.move(job, to, patch, note);
      return true;
    })();
  }

  /** Sets fields of a job without changing its state (a retry time, the drawn primary, a waiting reason). */
  update(jobId: number, patch: JobPatch): void {
    const job = this.s.jobById.get(jobId) as JobRow | undefined;
    if (job) this.write(job, job.state, patch);
  }

  private move(job: JobRow, to: JobState, patch: JobPatch, note?: string): void {
    this.write(job, to, patch);
    this.s.history.run(job.id, this.now(), job.state, to, note ?? null);
  }

  private write(job: JobRow, state: JobState, patch: JobPatch): void {
    const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
    const sets = ['state = ?', 'updated_ms = ?', ...entries.map(([k]) => `${k} = ?`)];
    prepared(this.db, `UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`).run(
      state,
      this.now(),
      ...entries.map(([, v]) => v),
      job.id,
    );
  }

  /** A request's job, if the node has one. */
  get(requestId: number): JobRow | undefined {
    return this.s.job.get(requestId) as JobRow | undefined;
  }

  /** A job by id. */
  byId(jobId: number): JobRow | undefined {
    return this.s.jobById.get(jobId) as JobRow | undefined;
  }

  /** A job's state changes, oldest first. */
  history(jobId: number): JobHistoryRow[] {
    return prepared(
      this.db,
      'SELECT at_ms, from_state, to_state, note FROM job_history WHERE job_id = ? ORDER BY at_ms, rowid',
    ).all(jobId) as JobHistoryRow[];
  }

  /** Jobs in `state`, oldest request first (at most `limit`). */
  inState(state: JobState, limit = 1000): JobRow[] {
    return prepared(this.db, 'SELECT * FROM jobs WHERE state = ? ORDER BY request_id LIMIT ?').all(
      state,
      limit,
    ) as JobRow[];
  }

  /** Jobs waiting for an output whose retry time has come. */
  dueForExecution(limit: number): JobRow[] {
    return prepared(
      this.db,
      "SELECT * FROM jobs WHERE state = 'queued' AND next_run_at <= ? ORDER BY request_id LIMIT ?",
    ).all(this.now(), limit) as JobRow[];
  }

  /** Jobs in a transaction. */
  byTransaction(txId: number): JobRow[] {
    return prepared(this.db, 'SELECT * FROM jobs WHERE tx_id = ?').all(txId) as JobRow[];
  }

  /** How many jobs are in each state. */
  counts(): Record<JobState, number> {
    const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
    for (const row of prepared(this.db, 'SELECT state, COUNT(*) AS n FROM jobs GROUP BY state').all() as {
      state: JobState;
      n: number;
    }[]) {
      counts[row.state] = row.n;
    }
    return counts;
  }

  /** How many jobs still need the node (queued to finalizing). */
  activeCount(): number {
    const placeholders = ACTIVE_STATES.map(() => '?').join(', ');
    return (
      prepared(this.db, `SELECT COUNT(*) AS n FROM jobs WHERE state IN (${placeholders})`).get(...ACTIVE_STATES) as {
        n: number;
      }
    ).n;
  }
}
