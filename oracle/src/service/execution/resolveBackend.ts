import { selectNodeBackend } from '../../node/selectNodeBackend';
import type { BackendDescription } from '../../runtime/selectBackend';
import { OracleNodeError } from '../OracleNodeError';
import type { WorkerBackend } from './workerProtocol';

/** The node's `backend` setting. */
export type NodeBackendMode = 'auto' | 'cpu' | 'gpu' | 'reference';

/** What runs the node's models, for the start log, `/ready`, `/node` and `/metrics`. */
export type NodeBackendInfo =
  | BackendDescription
  | { mode: 'reference'; kind: 'reference'; name: 'reference'; adapter?: undefined; fallbackReason?: undefined };

/**
 * Resolves the `backend` setting once at start, in the main thread, to what the inference workers
 * run: `auto` takes WebGPU on a hardware adapter and otherwise WebAssembly (with the reason; it never
 * fails for want of a GPU); `gpu` takes any adapter Dawn finds, software ones included, and fails
 * the start with `CONFIG_INVALID` when there is none; `cpu` is WebAssembly. Each worker then opens
 * its own device on that adapter (or its own WebAssembly instance).
 *
 * @example
 * const { worker, info } = await resolveBackend(config.backend);
 * const pool = new ExecutionPool({ size: config.workers, backend: worker, cacheBytes });
 */
export async function resolveBackend(mode: NodeBackendMode): Promise<{ worker: WorkerBackend; info: NodeBackendInfo }> {
  if (mode === 'reference') {
    return { worker: 'reference', info: { mode, kind: 'reference', name: 'reference' } };
  }
  let selected;
  try {
    selected = await selectNodeBackend(mode);
  } catch (error) {
    throw new OracleNodeError(
      'CONFIG_INVALID',
      `invalid config: backend "gpu" found no usable GPU (${error instanceof Error ? error.message : String(error)}); use "auto" or "cpu"`,
    );
  }
  const info = selected.description;
  selected.close(); // the workers open their own
  return { worker: info.kind === 'webgpu' ? 'gpu' : 'cpu', info };
}
