import { getBytes } from 'ethers';
import { readModelPackage } from '../../node/readModelPackage';
import { runModel, type ModelPackage, type Trace } from '../../runtime';
import { OracleNodeError } from '../OracleNodeError';
import type { PackageStore } from '../execution/PackageStore';

/** Which request, attempt and side a trace is for (a testing transform may lie differently per request). */
export interface TraceContext {
  requestId: number;
  attempt: number;
  role: 'proposer' | 'challenger';
}

/**
 * Changes the node's own traces before they are posted or played: only for fault drills (a
 * dishonest operator's build), never set in production.
 */
export type TraceTransform = (trace: Trace, context: TraceContext) => Promise<Trace>;

/** What the trace store needs. */
export interface TraceStoreParameters {
  packages: PackageStore;
  /** Traces kept in memory (default 16); the rest are recomputed when needed. */
  maxTraces?: number;
  transform?: TraceTransform;
}

/**
 * Full runtime traces (every slot of a run) for the games the node plays. Traces are not stored on
 * disk: a trace is a pure function of the verified package and the request's input, so one is
 * recomputed from them on first use after a restart (bit-identical by construction) and kept in a
 * small LRU while its game lasts. A proposer's trace is that of its own posted result, a
 * challenger's that of the true run.
 *
 * @example
 * const trace = await traces.trace(modelHash, input, { requestId: 7, attempt: 0, role: 'challenger' });
 */
export class TraceStore {
  private readonly traces = new Map<string, Promise<Trace>>();
  private readonly pkgs = new Map<string, ModelPackage>();

  constructor(private readonly p: TraceStoreParameters) {}

  /** The package of `modelHash`, verified against it when first loaded (throws if it is not verified yet). */
  pkg(modelHash: string): ModelPackage {
    let pkg = this.pkgs.get(modelHash);
    if (!pkg) {
      if (!this.p.packages.isVerified(modelHash)) {
        throw new OracleNodeError('PACKAGE_UNREACHABLE', `the package of ${modelHash} is not verified yet`, {
          retryable: true,
        });
      }
      pkg = readModelPackage(this.p.packages.dirOf(modelHash), { expectedModelHash: modelHash });
      if (this.pkgs.size >= 4) this.pkgs.delete(this.pkgs.keys().next().value!);
      this.pkgs.set(modelHash, pkg);
    }
    return pkg;
  }

  /** The trace of `input` on `modelHash` for `context` (the node's own claim when it is the proposer). */
  trace(modelHash: string, input: string, context: TraceContext): Promise<Trace> {
    const honest = context.role === 'challenger' || !this.p.transform;
    const key = `${context.requestId}:${context.attempt}:${honest ? 'true' : 'own'}`; // a request's input is fixed
    let trace = this.traces.get(key);
    if (trace) {
      this.traces.delete(key);
      this.traces.set(key, trace); // most recently used last
      return trace;
    }
    trace = (async () => {
      const truth = await runModel(this.pkg(modelHash), getBytes(input));
      return honest ? truth : this.p.transform!(truth, context);
    })();
    trace.catch(() => this.traces.delete(key));
    this.traces.set(key, trace);
    while (this.traces.size > (this.p.maxTraces ?? 16)) this.traces.delete(this.traces.keys().next().value!);
    return trace;
  }
}
