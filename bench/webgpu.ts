import { loadDawnGpu } from '../oracle/src/node/dawnGpu';
import { openWebGpuBackend } from '../oracle/src/runtime/webgpu/openWebGpuBackend';
import type { WebGpuBackend } from '../oracle/src/runtime/webgpu/webgpuBackend';
import { noteMeta } from './meta';

let opened: Promise<WebGpuBackend | undefined> | undefined;

/**
 * The WebGPU backend on whatever adapter Dawn finds (a software one too: the figures then say
 * what lavapipe does, not a GPU), opened once per bench run; its adapter is noted in
 * bench/results.meta.json. Undefined, with a note, when there is none.
 */
export function benchWebGpu(): Promise<WebGpuBackend | undefined> {
  opened ??= (async () => {
    try {
      const backend = await openWebGpuBackend(await loadDawnGpu());
      const adapter = backend?.adapter;
      noteMeta('webgpu.adapter', adapter ? `${adapter.name}${adapter.isFallbackAdapter ? ' (software)' : ''}` : 'none');
      if (!backend) console.log('no WebGPU adapter: the WebGPU figures are left out');
      return backend;
    } catch (error) {
      noteMeta('webgpu.adapter', 'none');
      console.log(`WebGPU unavailable (${error instanceof Error ? error.message : String(error)}): figures left out`);
      return undefined;
    }
  })();
  return opened;
}
