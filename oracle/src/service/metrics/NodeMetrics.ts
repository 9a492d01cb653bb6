import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Values read when Prometheus scrapes (so they are never stale). */
export interface MetricsSources {
  jobCounts(): Record<string, number>;
  packageCounts(): Record<string, number>;
  chain(): { head?: number; indexed: number };
  /** JSON-RPC calls sent so far, by method. */
  rpcCalls(): Record<string, number>;
  operator(): { balanceEth?: number; stakeEth?: number; lockedEth?: number; creditsEth?: number } | undefined;
}

/**
 * The node's Prometheus metrics (prefix `imo_oracle_`), on a registry of its own: jobs by state,
 * inference time, submit and finalize latency, transactions, RPC errors, indexer lag, and the
 * operator's balance, stake and credits; plus Node's process metrics.
 *
 * @example
 * const metrics = new NodeMetrics(sources);
 * res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
 */
export class NodeMetrics {
  readonly registry = new Registry();
  readonly inferenceSeconds: Histogram<'model'>;
  readonly submitLatencySeconds: Histogram;
  readonly finalizeLatencySeconds: Histogram;
  readonly transactions: Counter<'purpose' | 'result'>;
  readonly transactionsSent: Counter<'purpose'>;
  readonly rpcErrors: Counter<'kind'>;
  readonly reorgs: Counter;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'imo_oracle_' });
    new Gauge({
      name: 'imo_oracle_jobs',
      help: 'Jobs by state (see docs/oracle-node.md)',
      labelNames: ['state'],
      registers,
      collect() {
        for (const [state, n] of Object.entries(sources.jobCounts())) this.set({ state }, n);
      },
    });
    new Gauge({
      name: 'imo_oracle_packages',
      help: 'Model packages by state (verified, fetching, failed)',
      labelNames: ['state'],
      registers,
      collect() {
        this.reset();
        for (const [state, n] of Object.entries(sources.packageCounts())) this.set({ state }, n);
      },
    });
    new Gauge({
      name: 'imo_oracle_chain_head_block',
      help: 'The chain head as last read',
      registers,
      collect() {
        const { head } = sources.chain();
        if (head !== undefined) this.set(head);
      },
    });
    new Gauge({
      name: 'imo_oracle_indexed_block',
      help: 'The last block indexed',
      registers,
      collect() {
        this.set(sources.chain().indexed);
      },
    });
    new Gauge({
      name: 'imo_oracle_indexer_lag_blocks',
      help: 'Blocks between the head and the index (includes the confirmation depth)',
      registers,
      collect() {
        const { head, indexed } = sources.chain();
        if (head !== undefined) this.set(Math.max(0, head - indexed));
      },
    });
    const operatorGauge = (
      name: string,
      help: string,
      pick: (o: NonNullable<ReturnType<MetricsSources['operator']>>) => number | undefined,
    ) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const o = sources.operator();
          const v = o ? pick(o) : undefined;
          if (v !== undefined) this.set(v);
        },
      });
    operatorGauge(
      'imo_oracle_signer_balance_eth',
      "The operator account's ETH balance (pays gas)",
      (o) => o.balanceEth,
    );
    operatorGauge('imo_oracle_stake_eth', "The operator's stake in the oracle", (o) => o.stakeEth);
    operatorGauge('imo_oracle_stake_locked_eth', 'Stake locked in pending result bonds', (o) => o.lockedEth);
    operatorGauge('imo_oracle_credits_eth', "The operator's withdrawable credits in the oracle", (o) => o.creditsEth);

    this.inferenceSeconds = new Histogram({
      name: 'imo_oracle_inference_seconds',
      help: 'Time one inference takes in a worker (model run and S_n)',
      labelNames: ['model'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
    this.submitLatencySeconds = new Histogram({
      name: 'imo_oracle_submit_latency_seconds',
      help: "From a request's indexing to the node's result mined",
      buckets: [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120, 300],
      registers,
    });
    this.finalizeLatencySeconds = new Histogram({
      name: 'imo_oracle_finalize_latency_seconds',
      help: 'From the end of the challenge window (chain time) to the finalization mined',
      buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 900],
      registers,
    });
    this.transactions = new Counter({
      name: 'imo_oracle_transactions_total',
      help: 'Transactions ended, by purpose and result (mined, reverted, dropped, rejected)',
      labelNames: ['purpose', 'result'],
      registers,
    });
    this.transactionsSent = new Counter({
      name: 'imo_oracle_transactions_sent_total',
      help: 'Transactions signed and broadcast, by purpose (submit, finalize, sweep, withdraw)',
      labelNames: ['purpose'],
      registers,
    });
    this.rpcErrors = new Counter({
      name: 'imo_oracle_rpc_errors_total',
      help: 'RPC failures by kind (retryable, revert, nonce, underpriced, funds, fatal)',
      labelNames: ['kind'],
      registers,
    });
    new Counter({
      name: 'imo_oracle_rpc_calls_total',
      help: 'JSON-RPC calls sent, by method (what an RPC provider bills)',
      labelNames: ['method'],
      registers,
      collect() {
        this.reset();
        for (const [method, n] of Object.entries(sources.rpcCalls())) this.inc({ method }, n);
      },
    });
    this.reorgs = new Counter({
      name: 'imo_oracle_reorgs_total',
      help: 'Reorgs that rolled the index back',
      registers,
    });
  }
}
