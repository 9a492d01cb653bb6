import type { Logger } from 'pino';
import { AbiCoder, ZeroAddress, formatEther, getBytes, hexlify, parseEther, type JsonRpcApiProvider } from 'ethers';
import { AIOracle__factory, PrimaryReader__factory, type AIOracle } from '../../../../typechain-types';
import type { ChainWatcher } from '../chain/ChainWatcher';
import { CONTRACT_INTERFACES } from '../chain/contractEvents';
import { classifyRpcError, type DecodedRevert } from '../chain/classifyRpcError';
import { LocalDraw } from '../chain/LocalDraw';
import { readRequestTerms, type RequestTerms } from '../chain/requestTerms';
import { SimulationRevertedError, type TransactionSender, type TxOutcome } from '../chain/TransactionSender';
import type { ExecutionPool, InferenceResult } from '../execution/ExecutionPool';
import type { PackageStore } from '../execution/PackageStore';
import type { NodeMetrics } from '../metrics/NodeMetrics';
import { OracleNodeError } from '../OracleNodeError';
import type { ModelRow, RequestRow } from '../chain/projections';
import type { JobRow, JobStore } from './JobStore';
import { prepared } from './openDatabase';
import { revertAction } from './revertPolicy';

/** Settings of the job loop (from the node's config). */
export interface JobRunnerSettings {
  maxBatch: number;
  fallbackDelaySec: number;
  finalizeOthers: boolean;
  finalizeOthersAfterSec: number;
  sweepModelFees: boolean;
  /** Withdraw credits once they reach this many wei (undefined: never). */
  withdrawThreshold?: bigint;
  withdrawTo?: string;
  /** Gas a finalize batch may use (callbacks included). */
  maxFinalizeBatchGas: bigint;
}

/** What the job loop works with. */
export interface JobRunnerParameters {
  operator: string;
  oracleAddress: string;
  provider: JsonRpcApiProvider;
  jobs: JobStore;
  watcher: ChainWatcher;
  pool: ExecutionPool;
  packages: PackageStore;
  sender: TransactionSender;
  metrics: NodeMetrics;
  settings: JobRunnerSettings;
  log: Logger;
  now?: () => number;
  /** Computes a result instead of the worker pool (fault drills: a dishonest operator's build). */
  compute?: (modelHash: string, dir: string, input: Uint8Array, job: JobRow) => Promise<InferenceResult>;
}

/** The operator's on-chain standing, refreshed every few seconds (for /ready and /metrics). */
export interface OperatorStatus {
  balance: bigint;
  stake: bigint;
  locked: bigint;
  exitAt: number;
  credits: bigint;
  minStake: bigint;
  resultBond: bigint;
  treasury: string;
  readAtMs: number;
}

/** Wait before looking at a job again after the chain said "not yet". */
const WAIT_MS = 2_000;
/** Undecodable reverts allowed before a job fails. */
const MAX_RETRIES = 5;
/** How often the operator's standing, sweeps and withdrawals are looked at. */
const HOUSEKEEPING_MS = 5_000;
/** Draws read per `eth_call` (each `primaryOf` costs about 30k gas of the call's budget). */
const DRAWS_PER_CALL = 64;
/** Builds the `eth_call` data that reads many draws at once (its bytecode is never deployed). */
const PRIMARY_READER = new PrimaryReader__factory();
/** Execution gas of a submission besides its results: the call, the reentrancy guard, the operator's record. */
const SUBMIT_CALL_GAS = 20_000n;
/** Execution gas of one result in a submission besides its draw (measured about 27k with calldata). */
const SUBMIT_RESULT_GAS = 30_000n;
/** Gas of the first reads of a member's entry, operator record and history in a draw (cold). */
const MEMBER_COLD_GAS = 7_000n;
/** Gas of a member's reads in each later draw of the same transaction (warm). */
const MEMBER_WARM_GAS = 500n;
/** Gas of a finalization besides its callback (fee split, deposit, bond release). */
const FINALIZE_BASE_GAS = 150_000n;

/**
 * The operator's work, one pass per tick: fetch and verify the packages of served models, run queued
 * requests in the worker pool, submit computed results (as the drawn primary inside the exclusive
 * window, or as a fallback after it; several at once through `submitBatch`, within the free stake),
 * finalize results whose window has closed (`finalizeBatch`; others' too when configured), sweep model
 * fees owed to this account and withdraw its credits above the threshold. Every state change goes
 * through the job store; transactions through the crash-safe sender, whose outcomes come back in
 * `onOutcome`.
 */
export class JobRunner {
  status: OperatorStatus | undefined;
  /** Why the node cannot answer right now (shown by /ready), if anything stops it. */
  readonly blockers = new Map<string, string>();
  private readonly running = new Set<number>();
  private readonly oracle: AIOracle;
  private readonly draw: LocalDraw;
  private readonly now: () => number;
  private lastHousekeeping = 0;
  /** Results computed since the last tick began (see `resultsReady`). */
  private freshResults = 0;
  /** Resolves the promise `resultsReady` handed out, if any. */
  private wake: (() => void) | undefined;

  constructor(private readonly p: JobRunnerParameters) {
    this.oracle = AIOracle__factory.connect(p.oracleAddress, p.provider);
    this.draw = new LocalDraw(p.jobs.db, p.provider, p.oracleAddress);
    this.now = p.now ?? Date.now;
  }

  private get db() {
    return this.p.jobs.db;
  }

  private request(id: number): RequestRow | undefined {
    return prepared(this.db, 'SELECT * FROM requests WHERE id = ?').get(id) as RequestRow | undefined;
  }

  private model(id: number): ModelRow | undefined {
    return prepared(this.db, 'SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined;
  }

  /** One pass over everything the operator has to do. */
  async tick(): Promise<void> {
    const head = this.p.watcher.head;
    if (!head) return;
    this.freshResults = 0;
    const housekeeping = this.now() - this.lastHousekeeping >= HOUSEKEEPING_MS;
    if (housekeeping) {
      this.lastHousekeeping = this.now();
      await this.refreshStatus();
    }
    this.ensurePackages();
    this.expire(head.timestamp);
    const before = this.running.size;
    this.execute();
    // Work just handed to an idle pool finishes within one inference: its results and those already
    // waiting then go out in one batch (`resultsReady` wakes the loop), not in two transactions.
    const justStarted = before === 0 && this.running.size > 0;
    if (!justStarted) await this.submit(head.number, head.timestamp);
    await this.finalize(head.timestamp);
    if (housekeeping) await this.collect();
  }

  /**
   * Resolves once fresh results wait and the worker pool has nothing else of this node's running
   * (so that results computed together go out in one batch); never, if nothing runs.
   */
  resultsReady(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.wakeIfReady();
    });
  }

  private wakeIfReady(): void {
    if (this.wake && this.freshResults > 0 && this.running.size === 0) {
      this.wake();
      this.wake = undefined;
    }
  }

  /** Reads the operator's balance, stake and credits, and the oracle's terms. */
  async refreshStatus(): Promise<void> {
    const me = this.p.operator;
    const [balance, op, credits, config] = await Promise.all([
      this.p.provider.getBalance(me),
      this.oracle.operatorOf(me),
      this.oracle.creditOf(me),
      this.oracle.config(),
    ]);
    this.status = {
      balance,
      stake: op.stake,
      locked: op.locked,
      exitAt: Number(op.exitAt),
      credits,
      minStake: config.minStake,
      resultBond: config.resultBond,
      treasury: config.treasury,
      readAtMs: this.now(),
    };
    if (op.stake < config.minStake) {
      this.blockers.set(
        'stake',
        `stake ${formatEther(op.stake)} ETH is below the minimum ${formatEther(config.minStake)} ETH: run \`npm run oracle -- stake <eth>\``,
      );
    } else this.blockers.delete('stake');
    if (op.exitAt !== 0n) this.blockers.set('exit', `the operator is exiting (withdrawable at ${op.exitAt})`);
    else this.blockers.delete('exit');
    // a broadcast refused for want of funds holds its nonce and every later one (/ready's signer check)
    const refusal = this.p.sender.fundsRefusal;
    if (refusal) this.blockers.set('funds', `the operator cannot pay for gas: ${refusal}`);
  }

  /** Starts fetching the package of every served model that is not verified yet. */
  private ensurePackages(): void {
    for (const modelId of this.p.jobs.servedModels()) {
      const model = this.model(modelId);
      if (model && !model.frozen) void this.p.packages.ensure(model.model_hash, model.package_uri);
    }
  }

  /** Jobs whose attempt's deadline passed without the node's result. */
  private expire(chainTime: number): void {
    const due = prepared(
      this.db,
      `SELECT j.id, j.state, r.deadline FROM jobs j JOIN requests r ON r.id = j.request_id
       WHERE j.state IN ('queued', 'computed') AND r.status = 'requested' AND r.attempt = j.attempt
         AND r.deadline <= ?`,
    ).all(chainTime) as { id: number; state: 'queued' | 'computed'; deadline: number }[];
    for (const job of due) this.p.jobs.advance(job.id, job.state, 'expired', {}, `deadline ${job.deadline} passed`);
  }

  /**
   * Keeps the worker pool busy: hands queued jobs whose package is verified to it, up to four per
   * worker in flight, and hands over the next one as each finishes (not only once per tick).
   */
  private execute(): void {
    const capacity = this.p.pool.size * 4;
    if (this.running.size >= capacity) return;
    for (const job of this.p.jobs.dueForExecution(capacity + this.running.size)) {
      if (this.running.size >= capacity) break;
      if (this.running.has(job.id)) continue;
      const model = this.model(job.model_id);
      if (!model) continue;
      if (!this.p.packages.isVerified(model.model_hash)) {
        const pkg = this.p.packages.status(model.model_hash);
        this.p.jobs.update(job.id, {
          ...(pkg?.state === 'failed'
            ? {
                error_code: pkg.error_code,
                error_message: `waiting for the package: ${pkg.error_message ?? ''}`.slice(0, 1000),
              }
            : {}),
          next_run_at: Math.max(pkg?.next_try_ms ?? 0, this.now() + WAIT_MS),
        });
        continue;
      }
      const terms = readRequestTerms(this.db, job.request_id);
      if (!terms) continue;
      this.running.add(job.id);
      void this.run(job, model, terms).finally(() => {
        this.running.delete(job.id);
        this.execute();
        this.wakeIfReady();
      });
    }
  }

  private async run(job: JobRow, model: ModelRow, terms: RequestTerms): Promise<void> {
    const dir = this.p.packages.dirOf(model.model_hash);
    try {
      const input = getBytes(terms.input);
      const result = this.p.compute
        ? await this.p.compute(model.model_hash, dir, input, job)
        : await this.p.pool.run(model.model_hash, dir, input);
      this.p.metrics.inferenceSeconds.observe({ model: String(model.id) }, result.ms / 1000);
      this.p.jobs.advance(
        job.id,
        'queued',
        'computed',
        {
          output: hexlify(result.output),
          state_root: result.stateRoot,
          inference_ms: result.ms,
          error_code: null,
          error_message: null,
          retries: 0,
        },
        `computed in ${result.ms.toFixed(2)} ms`,
      );
      this.freshResults += 1;
    } catch (error) {
      const e =
        error instanceof OracleNodeError
          ? error
          : new OracleNodeError('INFERENCE_FAILED', String(error), { retryable: true });
      if (e.code === 'PACKAGE_MISMATCH' || e.code === 'PACKAGE_MALFORMED' || e.code === 'PACKAGE_UNREACHABLE') {
        // The verified copy changed under us: verify it again before any answer.
        this.p.packages.retryNow(model.model_hash);
      }
      if (e.retryable || e.code.startsWith('PACKAGE_')) {
        this.p.jobs.update(job.id, {
          error_code: e.code,
          error_message: e.message.slice(0, 1000),
          retries: job.retries + 1,
          next_run_at: this.now() + Math.min(60_000, 1000 * 2 ** Math.min(job.retries, 6)),
        });
      } else {
        this.p.jobs.advance(
          job.id,
          'queued',
          'failed',
          { error_code: e.code, error_message: e.message.slice(0, 1000) },
          e.message,
        );
      }
      this.p.log.warn({ requestId: job.request_id, code: e.code, err: e.message }, 'inference failed');
    }
  }

  /** Submits every computed result the node may post now, in batches within the free stake. */
  private async submit(headNumber: number, chainTime: number): Promise<void> {
    const ready: { job: JobRow; terms: RequestTerms }[] = [];
    const undrawn: { job: JobRow; terms: RequestTerms }[] = [];
    /** Jobs this node answers as the drawn primary inside the window, never refused before. */
    const clean = new Set<number>();
    for (const job of this.p.jobs.inState('computed')) {
      if (job.next_run_at > this.now()) continue;
      const req = this.request(job.request_id);
      if (!req || req.status !== 'requested' || req.attempt !== job.attempt) continue;
      if (chainTime >= req.deadline) continue;
      let eligible = chainTime >= req.exclusive_until + this.p.settings.fallbackDelaySec;
      if (!eligible && chainTime < req.exclusive_until) {
        if (headNumber < req.draw_block + 2) continue; // the draw's block hash is not there yet
        if (job.primary_operator === null) {
          const terms = readRequestTerms(this.db, job.request_id);
          if (terms) undrawn.push({ job, terms });
          continue;
        }
        eligible = job.primary_operator.toLowerCase() === this.p.operator.toLowerCase();
        if (eligible && isClean(job)) clean.add(job.id);
      }
      if (!eligible) continue;
      const terms = readRequestTerms(this.db, job.request_id);
      if (terms) ready.push({ job, terms });
    }
    const primaries = await this.readPrimaries(undrawn);
    undrawn.forEach((item, i) => {
      if (primaries[i]?.toLowerCase() !== this.p.operator.toLowerCase()) return;
      ready.push(item);
      if (isClean(item.job)) clean.add(item.job.id);
    });
    ready.sort((a, b) => a.job.request_id - b.job.request_id);
    if (ready.length === 0) return;
    const status = this.status;
    let room = ready.length;
    if (status) {
      const bond = BigInt(String(ready[0]!.terms.params.resultBond));
      const free = status.stake - status.locked;
      room = bond === 0n ? ready.length : Number(free / bond);
      if (room < ready.length) {
        this.blockers.set(
          'freeStake',
          `free stake ${formatEther(free)} ETH covers ${room} more result bond(s); ${ready.length} results wait (stake more, or wait for finalizations)`,
        );
      } else this.blockers.delete('freeStake');
    }
    const queue = ready.slice(0, Math.max(0, room));
    while (queue.length > 0 && this.p.sender.canSend()) {
      const batch = queue.splice(0, this.p.settings.maxBatch);
      const unsimulated = status !== undefined && status.exitAt === 0 && batch.every((item) => clean.has(item.job.id));
      const sent = await this.sendSubmissions(batch, unsimulated);
      if (sent) {
        // the sent results lock bonds: keep the local view of free stake honest until the next refresh
        if (status) status.locked += BigInt(String(batch[0]!.terms.params.resultBond)) * BigInt(batch.length);
      }
    }
  }

  /**
   * The drawn primaries of the jobs' attempts, each cached on its job once known: computed from the
   * index where it decides them ({@link LocalDraw}), else read in one call per {@link DRAWS_PER_CALL}
   * jobs (the never-deployed `PrimaryReader` run by `eth_call`) rather than one `primaryOf` call per
   * request. `undefined` where there is no draw yet or the call failed.
   */
  private async readPrimaries(items: { job: JobRow; terms: RequestTerms }[]): Promise<(string | undefined)[]> {
    const primaries = new Map<{ job: JobRow; terms: RequestTerms }, string | undefined>();
    const onChain: typeof items = [];
    let localFailed = false;
    for (const item of items) {
      let local: string | undefined;
      try {
        // after a failed read of the draw weights, the chain is asked for the rest of this pass
        if (!localFailed) local = await this.draw.primaryOf(item.terms);
      } catch (error) {
        localFailed = true;
        this.noteRpcError(error, 'reading the draw weights failed');
      }
      if (local === undefined) onChain.push(item);
      else {
        const primary = local === ZeroAddress ? undefined : local;
        if (primary) this.p.jobs.update(item.job.id, { primary_operator: primary });
        primaries.set(item, primary);
      }
    }
    for (let i = 0; i < onChain.length; i += DRAWS_PER_CALL) {
      const chunk = onChain.slice(i, i + DRAWS_PER_CALL);
      try {
        const { data } = await PRIMARY_READER.getDeployTransaction(
          this.p.oracleAddress,
          chunk.map(({ terms }) => ({
            requestId: terms.requestId,
            params: terms.params as never,
            attempt: terms.attempt as never,
          })),
        );
        const [read] = AbiCoder.defaultAbiCoder().decode(
          ['address[]'],
          await this.p.provider.call({ data }),
        ) as unknown as [string[]];
        chunk.forEach((item, k) => {
          const primary = read[k] === ZeroAddress ? undefined : read[k];
          if (primary) this.p.jobs.update(item.job.id, { primary_operator: primary });
          primaries.set(item, primary);
        });
      } catch (error) {
        const classified = classifyRpcError(error);
        this.p.metrics.rpcErrors.inc({ kind: classified.kind });
        this.p.log.debug({ requests: chunk.length, reason: classified.message }, 'reading the draws failed');
      }
    }
    return items.map((item) => primaries.get(item));
  }

  private submitData(items: { job: JobRow; terms: RequestTerms }[]): string {
    const iface = CONTRACT_INTERFACES.oracle;
    if (items.length === 1) {
      const { job, terms } = items[0]!;
      return iface.encodeFunctionData('submit', [
        terms.requestId,
        terms.params,
        terms.attempt,
        job.output!,
        job.state_root!,
      ]);
    }
    return iface.encodeFunctionData('submitBatch', [
      items.map(({ job, terms }) => ({
        requestId: terms.requestId,
        params: terms.params,
        attempt: terms.attempt,
        output: job.output!,
        stateRoot: job.state_root!,
      })),
    ]);
  }

  /**
   * Sends one submission (or batch); on a simulated revert, finds which results the oracle refuses.
   * A batch of clean results (see {@link isClean}) goes without the simulation, with a gas limit
   * computed from its size: the oracle has nothing to refuse the drawn primary inside its window when
   * its free stake covers the bonds (checked before), and should it refuse all the same, the mined
   * revert sends the results back through the simulation.
   */
  private async sendSubmissions(items: { job: JobRow; terms: RequestTerms }[], clean: boolean): Promise<boolean> {
    const members = clean ? this.draw.memberCount(Number(items[0]!.terms.params.modelId)) : undefined;
    const sameModel = items.every((i) => i.terms.params.modelId === items[0]!.terms.params.modelId);
    const data = this.submitData(items);
    const gasLimit =
      members !== undefined && sameModel ? submitGasLimit(getBytes(data), items.length, members) : undefined;
    try {
      await this.sendSubmit(items, data, gasLimit);
      return true;
    } catch (error) {
      if (!(error instanceof SimulationRevertedError)) {
        this.noteRpcError(error, 'submission not sent');
        return false;
      }
      if (items.length === 1) {
        this.onSubmitRefused(items[0]!.job, error.classified.revert, error.classified.message);
        return false;
      }
      const good: typeof items = [];
      for (const item of items) {
        const refusal = await this.simulate(this.submitData([item]));
        if (refusal) this.onSubmitRefused(item.job, refusal.revert, refusal.message);
        else good.push(item);
      }
      if (good.length === 0) return false;
      try {
        await this.sendSubmit(good);
        return true;
      } catch (retryError) {
        this.noteRpcError(retryError, 'submission not sent');
        return false;
      }
    }
  }

  private async sendSubmit(
    items: { job: JobRow; terms: RequestTerms }[],
    data = this.submitData(items),
    gasLimit?: bigint,
  ): Promise<void> {
    const ids = items.map((i) => i.job.id);
    await this.p.sender.send({
      purpose: 'submit',
      to: this.p.oracleAddress,
      data,
      gasLimit,
      requestIds: items.map((i) => i.terms.requestId),
      onRecorded: (txId) => {
        for (const id of ids) this.p.jobs.advance(id, 'computed', 'submitting', { tx_id: txId }, `transaction ${txId}`);
      },
    });
    this.p.log.info(
      { requests: items.map((i) => i.terms.requestId) },
      items.length > 1 ? 'submitBatch sent' : 'submit sent',
    );
  }

  /** `undefined` if the call would succeed, else why it would not. */
  private async simulate(data: string): Promise<{ revert?: DecodedRevert; message: string } | undefined> {
    try {
      await this.p.provider.call({ from: this.p.operator, to: this.p.oracleAddress, data });
      return undefined;
    } catch (error) {
      const classified = classifyRpcError(error);
      if (classified.kind !== 'revert') throw error;
      return { revert: classified.revert, message: classified.message };
    }
  }

  private onSubmitRefused(job: JobRow, revert: DecodedRevert | undefined, message: string): void {
    const action = revertAction(revert?.name);
    const note = revert?.text ?? message;
    if (action === 'expire') {
      this.p.jobs.advance(job.id, 'computed', 'expired', { error_code: 'TX_REVERTED', error_message: note }, note);
    } else if (action === 'fail' || (action === undefined && job.retries + 1 >= MAX_RETRIES)) {
      this.p.jobs.advance(job.id, 'computed', 'failed', { error_code: 'TX_REVERTED', error_message: note }, note);
      this.p.log.error({ requestId: job.request_id, error: note }, 'submission refused for good');
    } else {
      this.p.jobs.update(job.id, {
        error_code: action === 'wait' ? 'WAITING' : 'TX_REVERTED',
        error_message: note,
        retries: action === undefined ? job.retries + 1 : job.retries,
        next_run_at: this.now() + WAIT_MS,
      });
    }
  }

  /** Finalizes the node's results (and others', when configured) whose challenge window has closed. */
  private async finalize(chainTime: number): Promise<void> {
    const items: { requestId: number; terms: RequestTerms; jobId?: number; deadline: number }[] = [];
    // The node's results whose window has closed, without a game open on them (oldest first).
    const due = prepared(
      this.db,
      `SELECT j.id, j.request_id, r.challenge_deadline FROM jobs j JOIN requests r ON r.id = j.request_id
       WHERE j.state = 'submitted' AND j.next_run_at <= ? AND r.status = 'submitted' AND r.open_games = 0
         AND r.challenge_deadline IS NOT NULL AND r.challenge_deadline <= ?
       ORDER BY j.request_id LIMIT 1000`,
    ).all(this.now(), chainTime) as { id: number; request_id: number; challenge_deadline: number }[];
    for (const job of due) {
      const terms = readRequestTerms(this.db, job.request_id);
      if (terms?.posting)
        items.push({ requestId: job.request_id, terms, jobId: job.id, deadline: job.challenge_deadline });
    }
    if (this.p.settings.finalizeOthers) {
      const rows = prepared(
        this.db,
        `SELECT id, challenge_deadline FROM requests WHERE status = 'submitted' AND open_games = 0
             AND challenge_deadline <= ? AND lower(operator) != ? ORDER BY id LIMIT 256`,
      ).all(chainTime - this.p.settings.finalizeOthersAfterSec, this.p.operator.toLowerCase()) as {
        id: number;
        challenge_deadline: number;
      }[];
      for (const row of rows) {
        if (this.p.sender.hasPending('finalize', row.id)) continue;
        const terms = readRequestTerms(this.db, row.id);
        if (terms?.posting) items.push({ requestId: row.id, terms, deadline: row.challenge_deadline });
      }
    }
    while (items.length > 0 && this.p.sender.canSend()) {
      const batch: typeof items = [];
      let gas = 0n;
      while (items.length > 0 && batch.length < this.p.settings.maxBatch) {
        const need = (BigInt(String(items[0]!.terms.params.gasLimit)) * 64n) / 63n + FINALIZE_BASE_GAS;
        if (batch.length > 0 && gas + need > this.p.settings.maxFinalizeBatchGas) break;
        gas += need;
        batch.push(items.shift()!);
      }
      await this.sendFinalize(batch);
    }
  }

  private finalizeArgs(item: { requestId: number; terms: RequestTerms }) {
    const posting = item.terms.posting!;
    return {
      requestId: item.requestId,
      params: item.terms.params,
      posted: posting.posted,
      output: posting.output,
      stateRoot: posting.stateRoot,
      callbackData: item.terms.callbackData,
    };
  }

  private async sendFinalize(batch: { requestId: number; terms: RequestTerms; jobId?: number }[]): Promise<void> {
    const iface = CONTRACT_INTERFACES.oracle;
    const data =
      batch.length === 1
        ? (() => {
            const f = this.finalizeArgs(batch[0]!);
            return iface.encodeFunctionData('finalize', [
              f.requestId,
              f.params,
              f.posted,
              f.output,
              f.stateRoot,
              f.callbackData,
            ]);
          })()
        : iface.encodeFunctionData('finalizeBatch', [batch.map((b) => this.finalizeArgs(b))]);
    try {
      await this.p.sender.send({
        purpose: 'finalize',
        to: this.p.oracleAddress,
        data,
        requestIds: batch.map((b) => b.requestId),
        onRecorded: (txId) => {
          for (const b of batch) {
            if (b.jobId !== undefined)
              this.p.jobs.advance(b.jobId, 'submitted', 'finalizing', { tx_id: txId }, `transaction ${txId}`);
          }
        },
      });
      this.p.log.info(
        { requests: batch.map((b) => b.requestId) },
        batch.length > 1 ? 'finalizeBatch sent' : 'finalize sent',
      );
    } catch (error) {
      if (error instanceof SimulationRevertedError && batch.length > 1) {
        // one refused finalization fails the batch: try them one by one next time
        for (const b of batch) {
          if (b.jobId !== undefined) this.p.jobs.update(b.jobId, { next_run_at: this.now() + WAIT_MS });
        }
        for (const b of batch) await this.sendFinalize([b]);
        return;
      }
      const revert = error instanceof SimulationRevertedError ? error.classified : undefined;
      for (const b of batch) {
        if (b.jobId !== undefined) {
          this.p.jobs.update(b.jobId, {
            error_code: revert ? 'TX_REVERTED' : 'RPC_ERROR',
            error_message: revert?.message ?? String(error),
            next_run_at: this.now() + WAIT_MS,
          });
        }
      }
      if (!revert) this.noteRpcError(error, 'finalization not sent');
      else
        this.p.log.debug({ requests: batch.map((b) => b.requestId), reason: revert.message }, 'finalization refused');
    }
  }

  /** Sweeps model fees owed to this account and withdraws its credits above the threshold. */
  private async collect(): Promise<void> {
    const me = this.p.operator.toLowerCase();
    const { settings, sender } = this.p;
    try {
      if (settings.sweepModelFees && !sender.hasPending('sweep')) {
        const treasury = this.status?.treasury.toLowerCase() === me;
        const models = this.db.prepare('SELECT id, developer FROM models').all() as { id: number; developer: string }[];
        for (const m of models) {
          if (!treasury && m.developer.toLowerCase() !== me) continue;
          const owed = await this.oracle.modelLedgerOf(m.id);
          const mine =
            (m.developer.toLowerCase() === me ? owed.developerOwed : 0n) + (treasury ? owed.protocolOwed : 0n);
          if (mine === 0n || !sender.canSend()) continue;
          await sender.send({
            purpose: 'sweep',
            to: this.p.oracleAddress,
            data: this.oracle.interface.encodeFunctionData('sweepModelFees', [m.id]),
          });
          this.p.log.info({ modelId: m.id, owed: formatEther(mine) }, 'sweeping model fees');
          break;
        }
      }
      const threshold = settings.withdrawThreshold;
      if (threshold !== undefined && !sender.hasPending('withdraw') && sender.canSend()) {
        const credits = await this.oracle.creditOf(this.p.operator);
        if (credits > 0n && credits >= threshold) {
          await sender.send({
            purpose: 'withdraw',
            to: this.p.oracleAddress,
            data: this.oracle.interface.encodeFunctionData('withdraw', [settings.withdrawTo ?? this.p.operator]),
          });
          this.p.log.info({ credits: formatEther(credits) }, 'withdrawing credits');
        }
      }
    } catch (error) {
      this.noteRpcError(error, 'sweep/withdraw not sent');
    }
  }

  private noteRpcError(error: unknown, what: string): void {
    const classified =
      error instanceof OracleNodeError
        ? { kind: error.retryable ? 'retryable' : 'fatal', message: error.message }
        : classifyRpcError(error);
    this.p.metrics.rpcErrors.inc({ kind: classified.kind });
    if (classified.kind === 'funds')
      this.blockers.set('funds', `the operator cannot pay for gas: ${classified.message}`);
    this.p.log.warn({ reason: classified.message }, what);
  }

  /**
   * A transaction ended (called by the sender inside the SQLite transaction that records it): moves
   * the jobs it carried and records the latencies.
   */
  onOutcome(outcome: TxOutcome): void {
    const { metrics, jobs } = this.p;
    metrics.transactions.inc({ purpose: outcome.purpose, result: outcome.result });
    const carried = jobs.byTransaction(outcome.txId);
    if (outcome.result === 'mined') {
      if (outcome.purpose === 'submit') {
        this.blockers.delete('funds');
        for (const id of outcome.requestIds) {
          const job = jobs.get(id);
          if (job) metrics.submitLatencySeconds.observe((this.now() - job.created_ms) / 1000);
        }
      } else if (outcome.purpose === 'finalize') {
        const chainTime = this.p.watcher.head?.timestamp;
        for (const id of outcome.requestIds) {
          const req = this.request(id);
          if (chainTime !== undefined && req?.challenge_deadline) {
            metrics.finalizeLatencySeconds.observe(Math.max(0, chainTime - req.challenge_deadline));
          }
        }
      }
      return;
    }
    const reason = outcome.revert?.text ?? outcome.message ?? outcome.result;
    this.p.log.warn(
      { txId: outcome.txId, purpose: outcome.purpose, result: outcome.result, reason },
      'transaction did not go through',
    );
    for (const job of carried) {
      if (outcome.purpose === 'submit' && job.state === 'submitting') {
        const action =
          outcome.result === 'reverted' && carried.length === 1 ? revertAction(outcome.revert?.name) : undefined;
        if (action === 'fail') {
          jobs.advance(
            job.id,
            'submitting',
            'failed',
            { tx_id: null, error_code: 'TX_REVERTED', error_message: reason },
            reason,
          );
        } else if (action === 'expire') {
          jobs.advance(
            job.id,
            'submitting',
            'expired',
            { tx_id: null, error_code: 'TX_REVERTED', error_message: reason },
            reason,
          );
        } else {
          jobs.advance(
            job.id,
            'submitting',
            'computed',
            { tx_id: null, error_code: 'TX_REVERTED', error_message: reason, next_run_at: this.now() + WAIT_MS },
            `${outcome.result}: ${reason}`,
          );
        }
      } else if (outcome.purpose === 'finalize' && job.state === 'finalizing') {
        jobs.advance(
          job.id,
          'finalizing',
          'submitted',
          { tx_id: null, error_code: 'TX_REVERTED', error_message: reason, next_run_at: this.now() + WAIT_MS },
          `${outcome.result}: ${reason}`,
        );
      }
    }
  }
}

/** A result the oracle has not refused before (no error, no retry): its submission needs no simulation. */
function isClean(job: JobRow): boolean {
  return job.retries === 0 && job.error_code === null;
}

/**
 * A gas limit for a batch of `results` submissions by the drawn primary (calldata `data`), with
 * `members` operators in the model's draw: its calldata at the standard price (or the EIP-7623 floor,
 * if higher) and half again the execution it can use: the call and the first reads of each member's
 * records, then per result its checks, storage and event (some 27k gas in a batch, calldata
 * included) and a warm read per member. The pool wants the account to hold limit × fee, so the limit
 * stays close to the use.
 */
export function submitGasLimit(data: Uint8Array, results: number, members: number): bigint {
  let zeros = 0;
  for (const b of data) if (b === 0) zeros += 1;
  const nonZeros = data.length - zeros;
  const standard = 21_000n + 4n * BigInt(zeros) + 16n * BigInt(nonZeros);
  const floor = 21_000n + 10n * BigInt(zeros + 4 * nonZeros);
  const n = BigInt(results);
  const m = BigInt(members);
  const execution = SUBMIT_CALL_GAS + m * MEMBER_COLD_GAS + n * (SUBMIT_RESULT_GAS + m * MEMBER_WARM_GAS);
  const limit = standard + (execution * 3n) / 2n;
  return limit > floor ? limit : floor;
}

/**
 * The withdraw threshold setting in wei (`undefined` for "none").
 *
 * @example
 * withdrawThresholdWei('0.1') // 100000000000000000n; withdrawThresholdWei('none') // undefined
 */
export function withdrawThresholdWei(setting: string): bigint | undefined {
  return setting === 'none' ? undefined : parseEther(setting);
}
