import type { Backend } from './backend';
import { RuntimeError } from './errors';
import { createWasmBackend } from './wasm/wasmBackend';
import type { AdapterDescription } from './webgpu/adapterDescription';
import { openWebGpuAdapter, requestWebGpuAdapter, type GpuLike } from './webgpu/openWebGpuBackend';

/** `cpu`: WebAssembly; `gpu`: WebGPU or fail; `auto`: WebGPU on a hardware adapter, else WebAssembly. */
export type BackendMode = 'cpu' | 'gpu' | 'auto';

export const BACKEND_MODES: readonly BackendMode[] = ['cpu', 'gpu', 'auto'];

/** What runs the models, for `/ready`, `/metrics` and the web app's "verified with …" line. */
export interface BackendDescription {
  /** The mode asked for. */
  mode: BackendMode;
  /** The backend chosen. */
  kind: 'webgpu' | 'wasm';
  /** The backend's name (`webgpu`, `wasm-simd`, `wasm-simd-2t`). */
  name: string;
  /** The WebGPU adapter, when `kind` is `webgpu`. */
  adapter?: AdapterDescription;
  /** WebAssembly threads, when `kind` is `wasm`. */
  threads?: number;
  /** In `auto` mode, why WebGPU was not chosen (no WebGPU, no adapter, a software adapter, an error). */
  fallbackReason?: string;
}

/** A chosen backend, its description, and how to release it (the helper thread, the GPU device). */
export interface SelectedBackend {
  backend: Backend;
  description: BackendDescription;
  close(): void;
}

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /** `navigator.gpu` in a browser; Dawn's GPU in Node (`selectNodeBackend` passes it); none: no WebGPU. */
  gpu?: GpuLike;
  /** WebAssembly threads (default 1; 2 needs SharedArrayBuffer and falls back to 1 without it). */
  threads?: 1 | 2;
  /**
   * Whether `auto` takes a software adapter (lavapipe, SwiftShader). Default false: they compute
   * the same bytes but slower than WebAssembly. `gpu` mode always takes them.
   */
  acceptSoftwareAdapter?: boolean;
}

function wasm(mode: BackendMode, threads: 1 | 2, fallbackReason?: string): SelectedBackend {
  const backend = createWasmBackend({ threads });
  return {
    backend,
    description: {
      mode,
      kind: 'wasm',
      name: backend.name,
      threads: backend.threads,
      ...(fallbackReason ? { fallbackReason } : {}),
    },
    close: () => backend.close(),
  };
}

/** `auto` falls back to WebAssembly with the reason; `gpu` fails with it. */
function failed(mode: BackendMode, threads: 1 | 2, error: unknown): SelectedBackend {
  const reason = `the WebGPU backend failed to start: ${error instanceof Error ? error.message : String(error)}`;
  if (mode === 'gpu') throw new RuntimeError('BACKEND_FAILED', reason, { cause: error });
  return wasm(mode, threads, reason);
}

/**
 * Chooses the backend for a mode: `cpu` is the WebAssembly backend; `gpu` the WebGPU backend, and
 * fails with `RuntimeError` `NO_GPU_ADAPTER` when there is no WebGPU or no adapter; `auto` the
 * WebGPU backend on a hardware adapter and otherwise the WebAssembly backend, with the reason in
 * `description.fallbackReason` (it never fails for want of a GPU). Every choice computes the same
 * bytes; the description says which ran.
 *
 * @example
 * const { backend, description } = await selectBackend('auto', { gpu: navigator.gpu });
 * status.textContent = description.kind === 'webgpu' ? `WebGPU (${description.adapter?.name})` : 'WebAssembly';
 */
export async function selectBackend(mode: BackendMode, options: SelectBackendOptions = {}): Promise<SelectedBackend> {
  if (!BACKEND_MODES.includes(mode)) {
    throw new RuntimeError('BAD_INPUT', `backend must be one of ${BACKEND_MODES.join(', ')}; got ${String(mode)}`);
  }
  const threads = options.threads ?? 1;
  if (mode === 'cpu') return wasm(mode, threads);
  const { gpu } = options;
  if (!gpu) {
    const reason = 'this environment offers no WebGPU';
    if (mode === 'gpu') throw new RuntimeError('NO_GPU_ADAPTER', `${reason}; use --backend cpu or auto`);
    return wasm(mode, threads, reason);
  }
  let found;
  try {
    found = await requestWebGpuAdapter(gpu);
  } catch (error) {
    return failed(mode, threads, error);
  }
  if (!found) {
    const reason = "no WebGPU adapter was found (on Linux: a Vulkan driver, e.g. the GPU vendor's or Mesa's)";
    if (mode === 'gpu') throw new RuntimeError('NO_GPU_ADAPTER', `${reason}; use --backend cpu or auto`);
    return wasm(mode, threads, reason);
  }
  const adapter = found.description;
  if (mode === 'auto' && adapter.isFallbackAdapter && !options.acceptSoftwareAdapter) {
    return wasm(mode, threads, `only a software adapter was found (${adapter.name}); WebAssembly is faster`);
  }
  let backend;
  try {
    backend = await openWebGpuAdapter(found);
  } catch (error) {
    return failed(mode, threads, error);
  }
  return {
    backend,
    description: { mode, kind: 'webgpu', name: backend.name, adapter },
    close: () => backend.destroy(),
  };
}
