import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { OracleNodeError } from '../OracleNodeError';
import type { BatchItemReply, WorkerBackend, WorkerData, WorkerReply } from './workerProtocol';

/** What the pool needs. */
export interface ExecutionPoolParameters {
  /** Worker threads (the node defaults to the number of cores). */
  size: number;
  /** What the workers run models on (the node resolves `auto` to `gpu` or `cpu` at start). */
  backend: WorkerBackend;
  /**
   * Most requests for one model a worker runs as one batched execution (default 64; 1: never
   * batch). Requests batch only when they wait for a worker together.
   */
  maxBatch?: number;
  /** Loaded packages kept per worker, in bytes of parameters. */
  cacheBytes: number;
}

/** One inference: the output bytes, `S_n` as hex and the time the worker spent. */
export interface InferenceResult {
  output: Uint8Array;
  stateRoot: string;
  ms: number;
}

/** A run or a verification waiting for, or at, a worker. */
type Pending =
  | {
      type: 'run';
      modelHash: string;
      dir: string;
      input: Uint8Array;
      resolve: (result: InferenceResult) => void;
      reject: (error: Error) => void;
    }
  | {
      type: 'verify';
      modelHash: string;
      dir: string;
      resolve: (result: { name: string }) => void;
      reject: (error: Error) => void;
    };

interface Slot {
  worker: Worker;
  /** What the worker is doing: one verification, or a batch of runs of one model. */
  busy?: Pending[];
  lastModel?: string;
}

function nodeError(reply: { code: OracleNodeError['code']; message: string }): OracleNodeError {
  return new OracleNodeError(reply.code, reply.message, { retryable: reply.code === 'PACKAGE_UNREACHABLE' });
}

const ENTRY = path.join(__dirname, 'inferenceWorkerEntry.js');

/**
 * A pool of worker threads running models off the event loop, one job per worker at a time; a job
 * goes to an idle worker that already holds its model when there is one, and runs that wait for a
 * worker together, for one model, go to it as one batched execution (`runModelBatch`: each result
 * byte-identical to a run alone). A worker that dies fails its jobs (retryable) and is replaced.
 *
 * @example
 * const pool = new ExecutionPool({ size: 2, backend: 'cpu', cacheBytes: 2 ** 30 });
 * const { output, stateRoot } = await pool.run(modelHash, packageDir, input);
 */
export class ExecutionPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly p: ExecutionPoolParameters) {
    for (let i = 0; i < p.size; i++) this.slots.push(this.spawn());
  }

  /** Worker threads. */
  get size(): number {
    return this.slots.length;
  }

  /** Runs answered so far, and the executions they took (fewer when runs were batched). */
  readonly stats = { runs: 0, executions: 0 };

  /** Jobs running or waiting. */
  get load(): number {
    return this.queue.length + this.slots.reduce((n, s) => n + (s.busy?.length ?? 0), 0);
  }

  /** Runs the package in `dir` (verified against `modelHash` when loaded) on `input`. */
  run(modelHash: string, dir: string, input: Uint8Array): Promise<InferenceResult> {
    return new Promise((resolve, reject) => this.submit({ type: 'run', modelHash, dir, input, resolve, reject }));
  }

  /** Loads the package in `dir` in a worker: resolves with its name if its contents give `modelHash`. */
  verify(modelHash: string, dir: string): Promise<{ name: string }> {
    return new Promise((resolve, reject) => this.submit({ type: 'verify', modelHash, dir, resolve, reject }));
  }

  /** Stops every worker; pending jobs fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) {
      pending.reject(new OracleNodeError('INFERENCE_FAILED', 'the pool closed', { retryable: true }));
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private submit(pending: Pending): void {
    if (this.closed) {
      pending.reject(new OracleNodeError('INFERENCE_FAILED', 'the pool is closed', { retryable: true }));
      return;
    }
    this.queue.push(pending);
    this.dispatch();
  }

  private dispatch(): void {
    const maxBatch = this.p.maxBatch ?? 64;
    while (this.queue.length > 0) {
      const idle = this.slots.filter((s) => !s.busy);
      if (idle.length === 0) return;
      const next = this.queue[0]!;
      const slot = idle.find((s) => s.lastModel === next.modelHash) ?? idle[0]!;
      let batch: Pending[];
      if (next.type === 'verify') batch = [this.queue.shift()!];
      else {
        // every waiting run of this model, in order, up to maxBatch
        batch = [];
        for (let i = 0; i < this.queue.length && batch.length < maxBatch;) {
          const p = this.queue[i]!;
          if (p.type === 'run' && p.modelHash === next.modelHash && p.dir === next.dir) {
            batch.push(p);
            this.queue.splice(i, 1);
          } else i++;
        }
      }
      slot.busy = batch;
      slot.lastModel = next.modelHash;
      const id = this.nextId++;
      slot.worker.postMessage(
        next.type === 'verify'
          ? { type: 'verify', id, modelHash: next.modelHash, dir: next.dir }
          : {
              type: 'run',
              id,
              modelHash: next.modelHash,
              dir: next.dir,
              inputs: batch.map((p) => (p as { input: Uint8Array }).input),
            },
      );
    }
  }

  /** Hands a worker's reply to the jobs it answers. */
  private settle(batch: Pending[], reply: WorkerReply): void {
    if (!reply.ok) {
      for (const p of batch) p.reject(nodeError(reply));
      return;
    }
    if (reply.type === 'verify') {
      const p = batch[0];
      if (p?.type === 'verify') p.resolve({ name: reply.name });
      else p?.reject(new OracleNodeError('INTERNAL', 'the worker answered a run with a verification'));
      return;
    }
    this.stats.executions += 1;
    this.stats.runs += batch.length;
    batch.forEach((p, i) => {
      const item: BatchItemReply | undefined = reply.items[i];
      if (p.type !== 'run' || !item) {
        p.reject(new OracleNodeError('INTERNAL', 'the worker answered a verification with a run'));
      } else if (item.ok) {
        // each request is charged its share of the batch's time
        p.resolve({ output: item.output, stateRoot: item.stateRoot, ms: reply.ms / batch.length });
      } else p.reject(nodeError(item));
    });
  }

  private spawn(): Slot {
    const data: WorkerData = { backend: this.p.backend, cacheBytes: this.p.cacheBytes };
    const worker = new Worker(ENTRY, { workerData: data });
    worker.unref();
    const slot: Slot = { worker };
    worker.on('message', (reply: WorkerReply) => {
      const batch = slot.busy;
      slot.busy = undefined;
      if (batch) this.settle(batch, reply);
      this.dispatch();
    });
    const replace = (error: Error) => {
      const batch = slot.busy ?? [];
      slot.busy = undefined;
      for (const pending of batch) {
        pending.reject(
          new OracleNodeError('INFERENCE_FAILED', `an inference worker died: ${error.message}`, { retryable: true }),
        );
      }
      const i = this.slots.indexOf(slot);
      if (i >= 0 && !this.closed) {
        this.slots[i] = this.spawn();
        this.dispatch();
      }
    };
    worker.on('error', replace);
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) replace(new Error(`exit code ${code}`));
    });
    return slot;
  }
}
