import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { OracleNodeError, type OracleNodeErrorCode } from '../OracleNodeError';
import type { ExecutionPool } from './ExecutionPool';
import { fetchPackage, packageSources, type PackageSource } from './fetchPackage';

/** Where a package stands in the node. */
export type PackageState = 'verified' | 'fetching' | 'failed';

/** A row of `packages`. */
export interface PackageRow {
  model_hash: string;
  state: PackageState;
  source: string | null;
  bytes: number | null;
  error_code: OracleNodeErrorCode | null;
  error_message: string | null;
  attempts: number;
  next_try_ms: number;
  verified_ms: number | null;
  updated_ms: number;
}

/** What the package store needs. */
export interface PackageStoreParameters {
  db: Database.Database;
  /** Verified packages live in `<dir>/<modelHash>/`. */
  dir: string;
  /** Relative package paths resolve here; local packages are read only inside it. */
  packageRoot: string;
  /** Other nodes serving `/packages/:modelHash`. */
  peers: readonly string[];
  /** Largest params file fetched, in bytes. */
  maxBytes: number;
  pool: ExecutionPool;
  log: Logger;
  /** First retry delay after a failure (doubles up to `maxRetryMs`). */
  retryBaseMs?: number;
  maxRetryMs?: number;
  now?: () => number;
}

const HASH = /^0x[0-9a-f]{64}$/;

/**
 * The packages the node serves, content-addressed by `modelHash` under its data directory. A package
 * is fetched from its on-chain URI or a peer node, verified in a worker against the on-chain
 * `modelHash` (`loadPackage` recomputes every root), and only then moved into place; a package that
 * is unreachable or does not verify is recorded with its reason and retried with exponential backoff.
 */
export class PackageStore {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly now: () => number;

  constructor(private readonly p: PackageStoreParameters) {
    this.now = p.now ?? Date.now;
    fs.mkdirSync(p.dir, { recursive: true });
  }

  /** The folder of a verified package (whether or not it exists yet). */
  dirOf(modelHash: string): string {
    const hash = modelHash.toLowerCase();
    if (!HASH.test(hash)) throw new OracleNodeError('BAD_REQUEST', `not a modelHash: ${modelHash}`);
    return path.join(this.p.dir, hash);
  }

  /** The package's record, if the node has tried it. */
  status(modelHash: string): PackageRow | undefined {
    return this.p.db.prepare('SELECT * FROM packages WHERE model_hash = ?').get(modelHash.toLowerCase()) as
      PackageRow | undefined;
  }

  /** Whether the package is verified and on disk. */
  isVerified(modelHash: string): boolean {
    return this.status(modelHash)?.state === 'verified' && fs.existsSync(this.dirOf(modelHash));
  }

  /** Makes a failed package eligible for a retry now (its URI changed). */
  retryNow(modelHash: string): void {
    this.p.db
      .prepare("UPDATE packages SET next_try_ms = 0 WHERE model_hash = ? AND state = 'failed'")
      .run(modelHash.toLowerCase());
  }

  /**
   * Starts fetching and verifying a package unless it is verified, in flight, or waiting for its
   * retry time; resolves when that attempt ends (it never throws: failures are recorded).
   */
  ensure(modelHash: string, packageUri: string): Promise<void> {
    const hash = modelHash.toLowerCase();
    if (this.isVerified(hash)) return Promise.resolve();
    const running = this.inFlight.get(hash);
    if (running) return running;
    const row = this.status(hash);
    if (row && row.state === 'failed' && row.next_try_ms > this.now()) return Promise.resolve();
    const attempt = this.fetchAndVerify(hash, packageUri, row?.attempts ?? 0).finally(() => this.inFlight.delete(hash));
    this.inFlight.set(hash, attempt);
    return attempt;
  }

  private record(hash: string, fields: Partial<PackageRow>): void {
    const defaults = {
      source: null,
      bytes: null,
      error_code: null,
      error_message: null,
      attempts: 0,
      next_try_ms: 0,
      verified_ms: null,
    };
    const row = { ...defaults, ...this.status(hash), ...fields, model_hash: hash, updated_ms: this.now() };
    this.p.db
      .prepare(
        `INSERT INTO packages (model_hash, state, source, bytes, error_code, error_message, attempts, next_try_ms,
           verified_ms, updated_ms)
         VALUES (@model_hash, @state, @source, @bytes, @error_code, @error_message, @attempts, @next_try_ms,
           @verified_ms, @updated_ms)
         ON CONFLICT (model_hash) DO UPDATE SET state = excluded.state, source = excluded.source, bytes = excluded.bytes,
           error_code = excluded.error_code, error_message = excluded.error_message, attempts = excluded.attempts,
           next_try_ms = excluded.next_try_ms, verified_ms = excluded.verified_ms, updated_ms = excluded.updated_ms`,
      )
      .run(row);
  }

  private async fetchAndVerify(hash: string, uri: string, attempts: number): Promise<void> {
    const { log } = this.p;
    this.record(hash, { state: 'fetching' });
    const failures: { source: string; error: OracleNodeError }[] = [];
    let sources: PackageSource[];
    try {
      sources = packageSources(uri, hash, { packageRoot: this.p.packageRoot, peers: this.p.peers });
    } catch (error) {
      sources = [];
      failures.push({ source: uri, error: error as OracleNodeError });
    }
    for (const source of sources) {
      const tmp = path.join(this.p.dir, `.tmp-${hash.slice(2, 10)}-${process.pid}-${Date.now()}`);
      try {
        const fetched = await fetchPackage(source, { packageRoot: this.p.packageRoot, limit: this.p.maxBytes });
        fs.mkdirSync(tmp, { recursive: true });
        fs.writeFileSync(path.join(tmp, 'manifest.json'), fetched.manifest);
        fs.writeFileSync(path.join(tmp, fetched.paramsFile), fetched.params);
        const { name } = await this.p.pool.verify(hash, tmp);
        const final = this.dirOf(hash);
        fs.rmSync(final, { recursive: true, force: true });
        fs.renameSync(tmp, final);
        this.record(hash, {
          state: 'verified',
          source: source.manifest,
          bytes: fetched.params.byteLength,
          error_code: null,
          error_message: null,
          attempts: 0,
          next_try_ms: 0,
          verified_ms: this.now(),
        });
        log.info({ modelHash: hash, name, source: source.manifest }, 'package verified');
        return;
      } catch (error) {
        fs.rmSync(tmp, { recursive: true, force: true });
        const e =
          error instanceof OracleNodeError
            ? error
            : new OracleNodeError('PACKAGE_UNREACHABLE', error instanceof Error ? error.message : String(error), {
                retryable: true,
              });
        failures.push({ source: source.manifest, error: e });
      }
    }
    // Bytes that do not match say more than a missing copy elsewhere.
    const worst =
      failures.find((f) => f.error.code === 'PACKAGE_MISMATCH') ??
      failures.find((f) => f.error.code !== 'PACKAGE_UNREACHABLE') ??
      failures[0];
    const code = worst?.error.code ?? 'PACKAGE_UNREACHABLE';
    const message = failures.map((f) => `${f.source}: ${f.error.message}`).join('; ');
    const base = this.p.retryBaseMs ?? 5_000;
    const delay = Math.min(this.p.maxRetryMs ?? 600_000, base * 2 ** Math.min(attempts, 20));
    this.record(hash, {
      state: 'failed',
      error_code: code,
      error_message: message.slice(0, 2000),
      attempts: attempts + 1,
      next_try_ms: this.now() + delay,
    });
    log.warn({ modelHash: hash, code, reason: message, retryInMs: delay }, 'package not verified; will retry');
  }
}
