import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { OracleNodeError } from '../OracleNodeError';
import type { WorkerData, WorkerReply, WorkerRequest } from './workerProtocol';

/** What the pool needs. */
export interface ExecutionPoolParameters {
  /** Worker threads (the node defaults to the number of cores). */
  size: number;
  backend: 'wasm' | 'reference';
  /** Loaded packages kept per worker, in bytes of parameters. */
  cacheBytes: number;
}

/** One inference: the output bytes, `S_n` as hex and the time the worker spent. */
export interface InferenceResult {
  output: Uint8Array;
  stateRoot: string;
  ms: number;
}

type Pending = {
  request: WorkerRequest;
  resolve: (reply: WorkerReply & { ok: true }) => void;
  reject: (error: Error) => void;
};

interface Slot {
  worker: Worker;
  busy?: Pending;
  lastModel?: string;
}

const ENTRY = path.join(__dirname, 'inferenceWorkerEntry.js');

/**
 * A pool of worker threads running models off the event loop, one job per worker at a time; a job
 * goes to an idle worker that already holds its model when there is one. A worker that dies fails its
 * job (retryable) and is replaced.
 *
 * @example
 * const pool = new ExecutionPool({ size: 2, backend: 'wasm', cacheBytes: 2 ** 30 });
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

  /** Jobs running or waiting. */
  get load(): number {
    return this.queue.length + this.slots.filter((s) => s.busy).length;
  }

  /** Runs the package in `dir` (verified against `modelHash` when loaded) on `input`. */
  async run(modelHash: string, dir: string, input: Uint8Array): Promise<InferenceResult> {
    const reply = await this.submit({ type: 'run', id: this.nextId++, modelHash, dir, input });
    if (reply.type !== 'run') throw new OracleNodeError('INTERNAL', 'the worker answered a run with a verification');
    return { output: reply.output, stateRoot: reply.stateRoot, ms: reply.ms };
  }

  /** Loads the package in `dir` in a worker: resolves with its name if its contents give `modelHash`. */
  async verify(modelHash: string, dir: string): Promise<{ name: string }> {
    const reply = await this.submit({ type: 'verify', id: this.nextId++, modelHash, dir });
    if (reply.type !== 'verify') throw new OracleNodeError('INTERNAL', 'the worker answered a verification with a run');
    return { name: reply.name };
  }

  /** Stops every worker; pending jobs fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) {
      pending.reject(new OracleNodeError('INFERENCE_FAILED', 'the pool closed', { retryable: true }));
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private submit(request: WorkerRequest): Promise<WorkerReply & { ok: true }> {
    if (this.closed) {
      return Promise.reject(new OracleNodeError('INFERENCE_FAILED', 'the pool is closed', { retryable: true }));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const idle = this.slots.filter((s) => !s.busy);
      if (idle.length === 0) return;
      const next = this.queue[0]!;
      const slot = idle.find((s) => s.lastModel === next.request.modelHash) ?? idle[0]!;
      this.queue.shift();
      slot.busy = next;
      slot.lastModel = next.request.modelHash;
      slot.worker.postMessage(next.request);
    }
  }

  private spawn(): Slot {
    const data: WorkerData = { backend: this.p.backend, cacheBytes: this.p.cacheBytes };
    const worker = new Worker(ENTRY, { workerData: data });
    worker.unref();
    const slot: Slot = { worker };
    worker.on('message', (reply: WorkerReply) => {
      const pending = slot.busy;
      slot.busy = undefined;
      if (pending) {
        if (reply.ok) pending.resolve(reply);
        else {
          const retryable = reply.code === 'PACKAGE_UNREACHABLE';
          pending.reject(new OracleNodeError(reply.code, reply.message, { retryable }));
        }
      }
      this.dispatch();
    });
    const replace = (error: Error) => {
      const pending = slot.busy;
      slot.busy = undefined;
      pending?.reject(
        new OracleNodeError('INFERENCE_FAILED', `an inference worker died: ${error.message}`, { retryable: true }),
      );
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
