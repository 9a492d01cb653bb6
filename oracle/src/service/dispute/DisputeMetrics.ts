import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Values read when Prometheus scrapes. */
export interface DisputeMetricsSources {
  /** Verifications by state (`queued`, `match`, `mismatch`, `self_mismatch`, `late`, `failed`, `challenged`…). */
  verificationCounts(): Record<string, number>;
  /** Live games the node is in, by its role. */
  liveGames(): { proposer: number; challenger: number };
  /** The least slack of any verification finished (fraction of the challenge window left), if any. */
  minSlack(): number | undefined;
}

/**
 * The dispute side's Prometheus metrics (prefix `imo_oracle_`), registered on the node's registry:
 * results verified and mismatches, the slack each verification left, games by role, moves sent,
 * and the alarm for a clock running low.
 *
 * @example
 * const dm = new DisputeMetrics(nodeMetrics.registry, sources);
 * dm.verified.inc({ outcome: 'match' });
 */
export class DisputeMetrics {
  readonly verified: Counter<'outcome'>;
  readonly slack: Histogram;
  readonly moves: Counter<'role' | 'kind'>;
  readonly clockLow: Counter<'role'>;
  readonly clockLeft: Gauge;

  constructor(registry: Registry, sources: DisputeMetricsSources) {
    const registers = [registry];
    new Gauge({
      name: 'imo_oracle_verifications',
      help: 'Posted results this node re-ran, by state (match, mismatch, self_mismatch, late, failed, queued)',
      labelNames: ['state'],
      registers,
      collect() {
        this.reset();
        for (const [state, n] of Object.entries(sources.verificationCounts())) this.set({ state }, n);
      },
    });
    this.verified = new Counter({
      name: 'imo_oracle_results_verified_total',
      help: 'Verifications finished since start, by outcome (match, mismatch, self_mismatch, late)',
      labelNames: ['outcome'],
      registers,
    });
    this.slack = new Histogram({
      name: 'imo_oracle_verify_slack_ratio',
      help: 'Fraction of the challenge window left when a verification finished',
      buckets: [0, 0.1, 0.25, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1],
      registers,
    });
    new Gauge({
      name: 'imo_oracle_verify_slack_ratio_min',
      help: 'The smallest fraction of a challenge window left when a verification finished (all time)',
      registers,
      collect() {
        const v = sources.minSlack();
        if (v === undefined) this.reset();
        else this.set(v);
      },
    });
    new Gauge({
      name: 'imo_oracle_games_live',
      help: 'Live dispute games this node plays, by its role',
      labelNames: ['role'],
      registers,
      collect() {
        const g = sources.liveGames();
        this.set({ role: 'proposer' }, g.proposer);
        this.set({ role: 'challenger' }, g.challenger);
      },
    });
    this.moves = new Counter({
      name: 'imo_oracle_game_moves_total',
      help: 'Game transactions sent, by role and kind (challenge, move, timeout, settle, withdraw)',
      labelNames: ['role', 'kind'],
      registers,
    });
    this.clockLow = new Counter({
      name: 'imo_oracle_game_clock_alarms_total',
      help: "Times one of the node's game clocks was found below clockAlarmSec while it had to move",
      labelNames: ['role'],
      registers,
    });
    this.clockLeft = new Gauge({
      name: 'imo_oracle_game_clock_left_seconds',
      help: "The least time left on the node's clock in a game where it has to move (chain time; -1: none)",
      registers,
    });
    this.clockLeft.set(-1);
  }
}
