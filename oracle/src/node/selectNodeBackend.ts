import { RuntimeError } from '../runtime/errors';
import {
  selectBackend,
  type BackendMode,
  type SelectBackendOptions,
  type SelectedBackend,
} from '../runtime/selectBackend';
import { loadDawnGpu } from './dawnGpu';

/**
 * `selectBackend` for Node: WebGPU through Dawn (the npm package `webgpu`). `auto` falls back to
 * WebAssembly when Dawn does not load (an unsupported platform or glibc) as when it finds no
 * adapter; `gpu` fails with `RuntimeError` `NO_GPU_ADAPTER` saying which.
 *
 * @example
 * const { backend, description, close } = await selectNodeBackend(options.backend); // --backend cpu|gpu|auto
 * logger.info(description, 'runtime backend');
 */
export async function selectNodeBackend(
  mode: BackendMode,
  options: Omit<SelectBackendOptions, 'gpu'> & { dawnFlags?: string[] } = {},
): Promise<SelectedBackend> {
  if (mode === 'cpu') return selectBackend(mode, options);
  let gpu;
  try {
    gpu = await loadDawnGpu(options.dawnFlags);
  } catch (error) {
    if (mode === 'gpu') throw error;
    const selected = await selectBackend(mode, options);
    const reason = error instanceof RuntimeError ? error.message : String(error);
    return { ...selected, description: { ...selected.description, fallbackReason: reason } };
  }
  return selectBackend(mode, { ...options, gpu });
}
