import type { OracleNodeErrorCode } from '../OracleNodeError';

/** Settings each inference worker starts with. */
export interface WorkerData {
  /** `gpu`: WebGPU through Dawn (software adapters too: the node chose it at start); `cpu`: WebAssembly. */
  backend: WorkerBackend;
  /** Loaded packages kept per worker, in bytes of parameters. */
  cacheBytes: number;
}

/** The backend a worker runs models on. */
export type WorkerBackend = 'gpu' | 'cpu' | 'reference';

/** One request's result in a batch: its output and `S_n`, or why it failed. */
export type BatchItemReply =
  { ok: true; output: Uint8Array; stateRoot: string } | { ok: false; code: OracleNodeErrorCode; message: string };

/**
 * A job for a worker: run a model on one input or on several as one batched execution (each
 * result byte-identical to a run alone), or only load (and so verify) its package.
 */
export type WorkerRequest =
  | { type: 'run'; id: number; modelHash: string; dir: string; inputs: Uint8Array[] }
  | { type: 'verify'; id: number; modelHash: string; dir: string };

/** A worker's answer (`ms`: the whole batch's time). */
export type WorkerReply =
  | { id: number; ok: true; type: 'run'; items: BatchItemReply[]; ms: number }
  | { id: number; ok: true; type: 'verify'; name: string }
  | { id: number; ok: false; code: OracleNodeErrorCode; message: string };
