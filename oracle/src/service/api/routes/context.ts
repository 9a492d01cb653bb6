import type { Verifier } from '../../dispute/Verifier';
import type { PackageStore } from '../../execution/PackageStore';
import type { NodeMetrics } from '../../metrics/NodeMetrics';
import type { IndexQueries } from '../IndexQueries';

/** One check of `/ready`. */
export interface ReadyCheck {
  ok: boolean;
  /** Why not, in words an operator can act on. */
  reason?: string;
  [detail: string]: unknown;
}

/** The body of `/ready`. */
export interface ReadyReport {
  ready: boolean;
  mode: 'operator' | 'verifier' | 'readonly';
  checks: Record<string, ReadyCheck>;
  reasons: string[];
}

/** What the routes read. */
export interface ApiContext {
  queries: IndexQueries;
  packages?: PackageStore;
  metrics: NodeMetrics;
  readiness(): ReadyReport;
  /** `GET /node`: who this node is. */
  nodeInfo(): Record<string, unknown>;
  /** `GET /verifications` (absent when the node verifies nothing). */
  verifications?: Verifier['list'];
}
