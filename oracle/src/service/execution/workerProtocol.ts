import type { OracleNodeErrorCode } from '../OracleNodeError';

/** Settings each inference worker starts with. */
export interface WorkerData {
  backend: 'wasm' | 'reference';
  /** Loaded packages kept per worker, in bytes of parameters. */
  cacheBytes: number;
}

/** A job for a worker: run a model on an input, or only load (and so verify) its package. */
export type WorkerRequest =
  | { type: 'run'; id: number; modelHash: string; dir: string; input: Uint8Array }
  | { type: 'verify'; id: number; modelHash: string; dir: string };

/** A worker's answer. */
export type WorkerReply =
  | { id: number; ok: true; type: 'run'; output: Uint8Array; stateRoot: string; ms: number }
  | { id: number; ok: true; type: 'verify'; name: string }
  | { id: number; ok: false; code: OracleNodeErrorCode; message: string };
