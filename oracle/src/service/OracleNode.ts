import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { formatEther, hexlify as ethersHex, parseEther, type BaseWallet } from 'ethers';
import { AIOracle__factory, OpmlDisputeGame__factory } from '../../../typechain-types';
import { toHex } from '../runtime';
import { createApi } from './api/createApi';
import { IndexQueries } from './api/IndexQueries';
import type { ReadyCheck, ReadyReport } from './api/routes/context';
import { ChainWatcher, type WatchStep } from './chain/ChainWatcher';
import { connectChain, redactUrl, type ChainConnection } from './chain/connectChain';
import { IndexStore } from './chain/IndexStore';
import type { GameClockRules } from './chain/projections';
import { retryRead } from './chain/retryRead';
import { TransactionSender } from './chain/TransactionSender';
import { useWasmKeccak } from './chain/wasmKeccak';
import type { OracleNodeConfig } from './config/configSchema';
import { loadSigner } from './config/loadSigner';
import { DisputeMetrics } from './dispute/DisputeMetrics';
import { GamePlayer } from './dispute/GamePlayer';
import { TraceStore, type TraceTransform } from './dispute/TraceStore';
import { Verifier } from './dispute/Verifier';
import { ExecutionPool } from './execution/ExecutionPool';
import { resolveBackend, type NodeBackendInfo } from './execution/resolveBackend';
import { PackageStore } from './execution/PackageStore';
import { JobRunner, withdrawThresholdWei, type JobRunnerParameters } from './jobs/JobRunner';
import { JobStore } from './jobs/JobStore';
import { openDatabase, type OpenDatabaseReturnType } from './jobs/openDatabase';
import { createLogger } from './logging/createLogger';
import { NodeMetrics } from './metrics/NodeMetrics';
import { OracleNodeError } from './OracleNodeError';

/** What `OracleNode.start` needs. */
export interface StartOracleNodeParameters {
  config: OracleNodeConfig;
  /** Default: a pino logger from the config's level and format. */
  log?: Logger;
  /** An already unlocked wallet (default: from the config's key or keystore). */
  wallet?: BaseWallet;
  /** Resolves relative paths (deployments, data dir, package root); default the working directory. */
  cwd?: string;
  /** Fault drills only: a dishonest build changes the traces it posts and defends. */
  testing?: { transformTrace?: TraceTransform };
}

/** The parts a running node is made of (built by `OracleNode.start`). */
interface NodeParts {
  config: OracleNodeConfig;
  log: Logger;
  chain: ChainConnection;
  database: OpenDatabaseReturnType;
  index: IndexStore;
  jobs: JobStore;
  watcher: ChainWatcher;
  packages: PackageStore;
  pool: ExecutionPool;
  backend: NodeBackendInfo;
  metrics: NodeMetrics;
  operator: string | undefined;
  sender: TransactionSender | undefined;
  runner: JobRunner | undefined;
  verifier: Verifier | undefined;
  player: GamePlayer | undefined;
}

type JobRunnerCompute = NonNullable<JobRunnerParameters['compute']>;

/** Failed chain steps in a row retried at the poll interval before the loop backs off (doubling to 30 s). */
const QUICK_RETRIES = 3;

/** Most gas one finalizeBatch may use, callbacks included (well under a block). */
const MAX_FINALIZE_BATCH_GAS = 12_000_000n;

/** Waits `ms`, or less if `signal` aborts or `wake` resolves (the listeners are removed either way). */
const sleep = (ms: number, signal: AbortSignal, wake?: Promise<void>) =>
  new Promise<void>((resolve) => {
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
    void wake?.then(done);
  });

/**
 * A running oracle node: the chain watcher and index, the job store, the worker pool and package
 * store, the transaction sender and job loop (operator mode), and the HTTP API. One way in:
 * `OracleNode.start(config)`; `stop()` ends it cleanly (the database is consistent at every point
 * anyway).
 *
 * @example
 * const node = await OracleNode.start({ config: loadConfig().config });
 * console.log(node.url);
 * await node.stop();
 */
export class OracleNode {
  private readonly abort = new AbortController();
  private loop: Promise<void> = Promise.resolve();
  private lastChainOkMs = 0;
  private chainError: string | undefined;

  readonly config: OracleNodeConfig;
  readonly log: Logger;
  readonly chain: ChainConnection;
  readonly index: IndexStore;
  readonly jobs: JobStore;
  readonly watcher: ChainWatcher;
  readonly packages: PackageStore;
  readonly metrics: NodeMetrics;
  /** What runs the models (the `backend` setting resolved at start). */
  readonly backend: NodeBackendInfo;
  /** The operator's address (undefined in read-only mode). */
  readonly operator: string | undefined;
  private readonly database: OpenDatabaseReturnType;
  private readonly pool: ExecutionPool;
  private readonly sender: TransactionSender | undefined;
  private readonly runner: JobRunner | undefined;
  private readonly verifier: Verifier | undefined;
  private readonly player: GamePlayer | undefined;
  private server: http.Server | undefined;

  private constructor(parts: NodeParts) {
    ({
      config: this.config,
      log: this.log,
      chain: this.chain,
      index: this.index,
      jobs: this.jobs,
      watcher: this.watcher,
      packages: this.packages,
      metrics: this.metrics,
      operator: this.operator,
      database: this.database,
      pool: this.pool,
      backend: this.backend,
      sender: this.sender,
      runner: this.runner,
      verifier: this.verifier,
      player: this.player,
    } = parts);
  }

  /** The API's base URL. */
  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    const host = this.config.host === '0.0.0.0' || this.config.host === '::' ? '127.0.0.1' : this.config.host;
    return `http://${host.includes(':') ? `[${host}]` : host}:${address?.port ?? this.config.port}`;
  }

  /** "operator" with a key (or "verifier" when so configured), else "readonly". */
  get mode(): 'operator' | 'verifier' | 'readonly' {
    return this.operator ? (this.config.mode === 'verifier' ? 'verifier' : 'operator') : 'readonly';
  }

  /**
   * Connects (retrying while the RPC does not answer), opens the database, starts the loops and the
   * API. Throws `CONFIG_INVALID`, `KEY_INVALID`, `DEPLOYMENT_INVALID`, `CHAIN_MISMATCH`,
   * `DATA_DIR_LOCKED` or `STORE_MISMATCH` when it cannot start.
   */
  static async start(parameters: StartOracleNodeParameters): Promise<OracleNode> {
    const { config } = parameters;
    useWasmKeccak();
    const cwd = parameters.cwd ?? process.cwd();
    const log = parameters.log ?? createLogger({ level: config.logLevel, format: config.logFormat });
    const wallet = parameters.wallet ?? (config.mode === 'readonly' ? undefined : await loadSigner({ config }));
    if ((config.mode === 'operator' || config.mode === 'verifier') && !wallet) {
      throw new OracleNodeError('CONFIG_INVALID', `invalid config: mode "${config.mode}" needs a key or keystore`);
    }
    const rpcCalls: Record<string, number> = {};
    const chain = await connectWithRetry(config, cwd, log, (method) => {
      rpcCalls[method] = (rpcCalls[method] ?? 0) + 1;
    });
    const operator = wallet?.address;
    let database: OpenDatabaseReturnType | undefined;
    let pool: ExecutionPool | undefined;
    try {
      database = openDatabase(path.resolve(cwd, config.dataDir), {
        chainId: chain.chainId,
        genesisHash: chain.genesisHash,
        deploymentKey: chain.deploymentKey,
        signer: operator ?? 'readonly',
      });
      const { db } = database;
      const clocks = await retryRead(() => gameClocks(chain), { what: 'the game clocks', log });
      const index = new IndexStore(db, clocks);
      let sender: TransactionSender | undefined;
      // A reorg puts the node's transactions mined above the fork back in flight, in the rollback's
      // own SQLite transaction and before the jobs are reconciled: a job whose posting left the chain
      // then finds its submission in flight (and waits for it) instead of sending a second one, and a
      // crash between the rollback and the reopening cannot lose them.
      index.onTouched((_touched, cause) => {
        if (cause === 'rollback') sender?.reopenAbove(index.cursor()?.number ?? -1);
      });
      const jobs = new JobStore(db, { operator, models: config.models });
      jobs.attach(index);
      const confirmations = config.confirmations ?? (chain.chainId === 31337 ? 0 : 3);
      const watcher = new ChainWatcher({
        provider: chain.provider,
        store: index,
        addresses: chain.addresses,
        confirmations,
        blockRange: config.blockRange,
        maxReorgDepth: config.maxReorgDepth,
        startBlock: config.startBlock ?? chain.deployment.blockNumber,
        log,
      });
      const backend = await resolveBackend(config.backend);
      pool = new ExecutionPool({
        size: config.workers,
        backend: backend.worker,
        cacheBytes: config.modelCacheMb * 2 ** 20,
      });
      const packages = new PackageStore({
        db,
        dir: path.join(path.dirname(database.file), 'packages'),
        packageRoot: path.resolve(cwd, config.packageRoot ?? '.'),
        peers: config.packagePeers,
        maxBytes: config.maxPackageMb * 2 ** 20,
        pool,
        log,
      });
      let runner: JobRunner | undefined;
      let verifier: Verifier | undefined;
      let player: GamePlayer | undefined;
      const metrics = new NodeMetrics({
        jobCounts: () => jobs.counts(),
        packageCounts: () => {
          const rows = db.prepare('SELECT state, COUNT(*) AS n FROM packages GROUP BY state').all() as {
            state: string;
            n: number;
          }[];
          return Object.fromEntries(rows.map((r) => [r.state, r.n]));
        },
        chain: () => ({ head: watcher.head?.number, indexed: watcher.indexedBlock() }),
        rpcCalls: () => rpcCalls,
        backend: () => backend.info,
        operator: () => {
          const s = runner?.status;
          if (!s) return undefined;
          const eth = (v: bigint) => Number(formatEther(v));
          return {
            balanceEth: eth(s.balance),
            stakeEth: eth(s.stake),
            lockedEth: eth(s.locked),
            creditsEth: eth(s.credits),
          };
        },
      });
      if (wallet && operator) {
        sender = new TransactionSender({
          db,
          provider: chain.provider,
          wallet: wallet.connect(chain.provider),
          chainId: chain.chainId,
          gas: {
            gasMargin: config.gasMargin,
            maxFeePerGasGwei: config.maxFeePerGasGwei,
            priorityFeeGwei: config.priorityFeeGwei,
            replaceAfterSec: config.replaceAfterSec,
            feeBumpPercent: config.feeBumpPercent,
            maxPendingTxs: config.maxPendingTxs,
          },
          log,
          onOutcome: (outcome) => {
            if (runner) runner.onOutcome(outcome);
            else metrics.transactions.inc({ purpose: outcome.purpose, result: outcome.result });
            player?.onOutcome(outcome);
          },
          onSent: (purpose) => metrics.transactionsSent.inc({ purpose }),
          baseFee: () => watcher.head?.baseFeePerGas,
          indexedBlock: () => watcher.indexedBlock(),
        });
        const disputes = await startDisputes({
          config,
          chain,
          db,
          operator,
          sender,
          watcher,
          pool,
          packages,
          metrics,
          log,
          testing: parameters.testing,
        });
        verifier = disputes.verifier;
        player = disputes.player;
        if (config.mode !== 'verifier')
          runner = new JobRunner({
            operator,
            oracleAddress: chain.addresses.oracle,
            provider: chain.provider,
            jobs,
            watcher,
            pool,
            packages,
            sender,
            metrics,
            settings: {
              maxBatch: config.maxBatch,
              fallbackDelaySec: config.fallbackDelaySec,
              finalizeOthers: config.finalizeOthers,
              finalizeOthersAfterSec: config.finalizeOthersAfterSec,
              sweepModelFees: config.sweepModelFees,
              withdrawThreshold: withdrawThresholdWei(config.withdrawThresholdEth),
              withdrawTo: config.withdrawTo,
              maxFinalizeBatchGas: MAX_FINALIZE_BATCH_GAS,
            },
            log,
            compute: disputes.compute,
          });
      }
      const node = new OracleNode({
        config,
        log,
        chain,
        database,
        index,
        jobs,
        watcher,
        packages,
        pool,
        backend: backend.info,
        metrics,
        operator,
        sender,
        runner,
        verifier,
        player,
      });
      await node.listen(clocks);
      node.loop = node.run();
      log.info(
        {
          mode: node.mode,
          operator,
          chainId: chain.chainId,
          rpc: redactUrl(config.rpcUrl),
          oracle: chain.addresses.oracle,
          database: database.file,
          api: node.url,
          confirmations,
          workers: config.workers,
          backend: backend.info,
        },
        'oracle node started',
      );
      return node;
    } catch (error) {
      await pool?.close();
      database?.close();
      chain.close();
      throw error;
    }
  }

  private async listen(clocks: GameClockRules): Promise<void> {
    const queries = new IndexQueries(this.database.db, this.operator ? this.jobs : undefined, this.packages, clocks);
    const app = createApi({
      context: {
        queries,
        packages: this.packages,
        metrics: this.metrics,
        readiness: () => this.readiness(),
        nodeInfo: () => this.nodeInfo(),
        verifications: this.verifier ? (f) => this.verifier!.list(f) : undefined,
      },
      corsOrigins: this.config.corsOrigins,
      log: this.log,
    });
    const server = http.createServer(app);
    server.keepAliveTimeout = 5_000;
    server.requestTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.port, this.config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  /**
   * The main loop: index a range (or roll back a reorg), then let the job loop act; repeat. The chain
   * is read once per poll interval (at once while the index catches up); between reads, results the
   * worker pool finishes wake the loop to submit them, all that finished together in one batch.
   */
  private async run(): Promise<void> {
    const { signal } = this.abort;
    let failures = 0;
    let caughtUp = true;
    let lastStepMs = -Infinity;
    while (!signal.aborted) {
      if (!caughtUp || Date.now() - lastStepMs >= this.config.pollIntervalMs) {
        lastStepMs = Date.now();
        const step = await this.chainStep();
        if (step) {
          caughtUp = step.caughtUp;
          failures = 0;
        } else {
          failures += 1;
          // a lost answer is tried again at the poll interval; only an RPC that keeps failing is backed off from
          const backoff = Math.max(0, failures - QUICK_RETRIES);
          await sleep(Math.min(30_000, this.config.pollIntervalMs * 2 ** Math.min(backoff, 5)), signal);
          continue;
        }
      }
      if (signal.aborted) break;
      if (this.sender) {
        // each part on its own: a lost RPC answer in one (the sender's lookups, a game's state) does
        // not cost the others their turn, so a challenge or a move never waits a whole loop for it
        await this.attempt('transaction poll', () => this.sender!.poll());
        if (this.watcher.caughtUp) {
          // games first: a move is never queued behind new work
          await this.attempt('game step', async () => this.player?.tick());
          await this.attempt('verification step', async () => this.verifier?.tick());
          await this.attempt('job step', async () => this.runner?.tick());
        }
      } else {
        this.servePackages();
      }
      // wait for the next read of the chain, or until the worker pool has finished what it runs and
      // fresh results wait (at once if they do already): they go out together
      if (caughtUp) {
        const untilStep = lastStepMs + this.config.pollIntervalMs - Date.now();
        if (untilStep > 0) await sleep(untilStep, signal, this.runner?.resultsReady());
      }
    }
  }

  /** One step of the chain watcher; `undefined` when it failed (logged and counted). */
  private async chainStep(): Promise<WatchStep | undefined> {
    try {
      const step = await this.watcher.step();
      this.lastChainOkMs = Date.now();
      this.chainError = undefined;
      if (step.rolledBackTo !== undefined) this.metrics.reorgs.inc(); // its transactions were reopened with it
      for (const modelId of step.applied?.touched.models ?? []) {
        const row = this.database.db.prepare('SELECT model_hash FROM models WHERE id = ?').get(modelId) as
          { model_hash: string } | undefined;
        if (row) this.packages.retryNow(row.model_hash);
      }
      return step;
    } catch (error) {
      this.chainError = error instanceof Error ? error.message : String(error);
      this.metrics.rpcErrors.inc({ kind: 'retryable' });
      this.log.warn({ reason: this.chainError }, 'chain step failed; retrying');
      return undefined;
    }
  }

  /** Runs one part of the loop; a failure is logged and the part runs again next loop. */
  private async attempt(part: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.log.warn({ err: error }, `${part} failed; retrying`);
    }
  }

  /** Read-only nodes keep every registered model's package, so they can serve /packages. */
  private servePackages(): void {
    const models = this.database.db.prepare('SELECT model_hash, package_uri FROM models WHERE frozen = 0').all() as {
      model_hash: string;
      package_uri: string;
    }[];
    for (const m of models) void this.packages.ensure(m.model_hash, m.package_uri);
  }

  /** `GET /ready`: each check with its reason when it fails. */
  readiness(): ReadyReport {
    const checks: Record<string, ReadyCheck> = {};
    const head = this.watcher.head?.number;
    const indexed = this.watcher.indexedBlock();
    const fresh = Date.now() - this.lastChainOkMs < Math.max(15_000, this.config.pollIntervalMs * 5);
    checks.chain = {
      ok: fresh && this.watcher.caughtUp,
      head: head ?? null,
      indexed,
      lagBlocks: head === undefined ? null : Math.max(0, head - indexed),
      ...(!fresh
        ? { reason: `the RPC is unreachable${this.chainError ? ` (${this.chainError})` : ''}` }
        : !this.watcher.caughtUp
          ? { reason: `indexing: block ${indexed} of ${head}` }
          : {}),
    };
    // Always ok once started (a backend that cannot start stops the node); says what runs the models.
    checks.backend = { ok: true, ...this.backend };
    if (this.operator && this.runner) {
      const served = this.jobs.servedModels();
      const models = served.map((id) => {
        const row = this.database.db.prepare('SELECT model_hash FROM models WHERE id = ?').get(id) as
          { model_hash: string } | undefined;
        const pkg = row ? this.packages.status(row.model_hash) : undefined;
        return {
          id,
          package: pkg?.state ?? 'unknown',
          ...(pkg?.error_code ? { error: `${pkg.error_code}: ${pkg.error_message ?? ''}` } : {}),
        };
      });
      const missing = models.filter((m) => m.package !== 'verified');
      checks.models = {
        ok: served.length > 0 && missing.length === 0,
        served: models,
        ...(served.length === 0
          ? { reason: 'opted in to no model: run `npm run oracle -- opt-in <modelId>`' }
          : missing.length > 0
            ? { reason: `models not loaded: ${missing.map((m) => `#${m.id} (${m.error ?? m.package})`).join('; ')}` }
            : {}),
      };
      const s = this.runner.status;
      const minBalance = parseEther(this.config.minBalanceEth);
      checks.signer = {
        ok: s !== undefined && s.balance >= minBalance && !this.runner.blockers.has('funds'),
        address: this.operator,
        balance: s?.balance.toString() ?? null,
        ...(s === undefined
          ? { reason: 'balance not read yet' }
          : s.balance < minBalance
            ? {
                reason: `balance ${formatEther(s.balance)} ETH is below minBalanceEth ${this.config.minBalanceEth}: fund ${this.operator}`,
              }
            : this.runner.blockers.has('funds')
              ? { reason: this.runner.blockers.get('funds') }
              : {}),
      };
      const stakeReasons = ['stake', 'exit', 'freeStake'].flatMap((k) =>
        this.runner!.blockers.has(k) ? [this.runner!.blockers.get(k)!] : [],
      );
      checks.stake = {
        ok: s !== undefined && stakeReasons.length === 0,
        stake: s?.stake.toString() ?? null,
        locked: s?.locked.toString() ?? null,
        minStake: s?.minStake.toString() ?? null,
        ...(s === undefined
          ? { reason: 'stake not read yet' }
          : stakeReasons.length
            ? { reason: stakeReasons.join('; ') }
            : {}),
      };
    }
    if (this.mode === 'verifier' && this.player) {
      // a verifier's key pays each challenge's bond up front, and then the game's gas
      const f = this.player.funds;
      const margin = parseEther(this.config.minBalanceEth);
      const needed = f ? f.challengeBond + margin : undefined;
      checks.signer = {
        ok: f !== undefined && f.balance >= needed!,
        address: this.operator,
        balance: f?.balance.toString() ?? null,
        challengeBond: f?.challengeBond.toString() ?? null,
        ...(f === undefined
          ? { reason: 'balance not read yet' }
          : f.balance < needed!
            ? {
                reason: `balance ${formatEther(f.balance)} ETH is below the challenge bond ${formatEther(f.challengeBond)} ETH plus minBalanceEth ${this.config.minBalanceEth} for gas: fund ${this.operator}`,
              }
            : {}),
      };
    }
    const reasons = Object.entries(checks).flatMap(([name, c]) => (c.ok ? [] : [`${name}: ${c.reason ?? 'not ok'}`]));
    return { ready: reasons.length === 0, mode: this.mode, checks, reasons };
  }

  /** `GET /node`: who this node is and what it serves. */
  nodeInfo(): Record<string, unknown> {
    const s = this.runner?.status;
    return {
      mode: this.mode,
      nodeVersion: process.version,
      chainId: this.chain.chainId,
      contracts: this.chain.addresses,
      operator: this.operator ?? null,
      servedModels: this.jobs.servedModels(),
      backend: this.backend,
      workers: this.config.workers,
      confirmations: this.watcher.confirmations,
      headBlock: this.watcher.head?.number ?? null,
      indexedBlock: this.watcher.indexedBlock(),
      standing: s
        ? {
            balance: s.balance.toString(),
            stake: s.stake.toString(),
            locked: s.locked.toString(),
            credits: s.credits.toString(),
            exitAt: s.exitAt || null,
          }
        : null,
    };
  }

  /** Stops the loops, the API and the workers, and closes the database. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    await this.pool.close();
    this.database.close();
    this.chain.close();
    this.log.info('oracle node stopped');
  }
}

async function connectWithRetry(
  config: OracleNodeConfig,
  cwd: string,
  log: Logger,
  onCall: (method: string) => void,
): Promise<ChainConnection> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await connectChain({
        rpcUrl: config.rpcUrl,
        chainId: config.chainId,
        deployments: config.deployments ? path.resolve(cwd, config.deployments) : undefined,
        deploymentsDir: path.join(cwd, 'deployments'),
        onCall,
      });
    } catch (error) {
      if (!(error instanceof OracleNodeError) || !error.retryable) throw error;
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
      log.warn({ reason: error.message, retryInMs: delay }, 'waiting for the RPC');
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

async function gameClocks(chain: ChainConnection): Promise<GameClockRules> {
  if (!chain.addresses.game) return { clockBudget: 0, inclusionDelay: 0 };
  const game = OpmlDisputeGame__factory.connect(chain.addresses.game, chain.provider);
  const [clockBudget, inclusionDelay] = await Promise.all([game.clockBudget(), game.inclusionDelay()]);
  return { clockBudget: Number(clockBudget), inclusionDelay: Number(inclusionDelay) };
}

/** The dispute side of a node with a key: verifier, trace store and game player (none without a game contract). */
async function startDisputes(p: {
  config: OracleNodeConfig;
  chain: ChainConnection;
  db: OpenDatabaseReturnType['db'];
  operator: string;
  sender: TransactionSender;
  watcher: ChainWatcher;
  pool: ExecutionPool;
  packages: PackageStore;
  metrics: NodeMetrics;
  log: Logger;
  testing?: StartOracleNodeParameters['testing'];
}): Promise<{ verifier?: Verifier; player?: GamePlayer; compute?: JobRunnerCompute }> {
  const traces = new TraceStore({ packages: p.packages, transform: p.testing?.transformTrace });
  // a dishonest build posts what it will defend: its answers come from its (transformed) traces
  const compute: JobRunnerCompute | undefined = p.testing?.transformTrace
    ? async (modelHash, _dir, input, job) => {
        const started = performance.now();
        const trace = await traces.trace(modelHash, ethersHex(input), {
          requestId: job.request_id,
          attempt: job.attempt,
          role: 'proposer',
        });
        return { output: trace.output, stateRoot: toHex(trace.finalStateRoot), ms: performance.now() - started };
      }
    : undefined;
  const gameAddress = p.chain.addresses.game;
  if (!gameAddress) return { compute };
  const oracle = AIOracle__factory.connect(p.chain.addresses.oracle, p.chain.provider);
  const { challengeWindow } = await retryRead(() => oracle.config(), { what: 'the oracle config', log: p.log });
  let verifier: Verifier | undefined = undefined;
  let player: GamePlayer | undefined = undefined;
  const metrics = new DisputeMetrics(p.metrics.registry, {
    verificationCounts: () => verifier?.counts() ?? {},
    liveGames: () => player?.liveGames() ?? { proposer: 0, challenger: 0 },
    minSlack: () => verifier?.minSlack(),
  });
  // the player always runs (a node defends its own results); verification can be switched off
  if (p.config.verify)
    verifier = new Verifier({
      db: p.db,
      pool: p.pool,
      packages: p.packages,
      watcher: p.watcher,
      metrics,
      me: p.operator,
      models: p.config.verifyModels,
      challengeWindow: Number(challengeWindow),
      log: p.log,
    });
  player = new GamePlayer({
    db: p.db,
    provider: p.chain.provider,
    gameAddress,
    me: p.operator,
    watcher: p.watcher,
    sender: p.sender,
    traces,
    metrics,
    clockAlarmSec: p.config.clockAlarmSec,
    log: p.log,
  });
  return { verifier, player, compute };
}
