/// <reference types="@webgpu/types" />
import { createRequire } from 'node:module';
import { RuntimeError } from '../runtime/errors';

/** Dawn's Node addon: `create(flags)` returns a `GPU` (what `navigator.gpu` is in a browser). */
interface DawnModule {
  create(flags: string[]): GPU;
}

/**
 * The environment variable naming a `dawn.node` file to load instead of the `webgpu` package's (the
 * GPU check carries one beside a bundled script, with no `node_modules`).
 */
export const DAWN_NODE_ENV = 'IMO_DAWN_NODE';

async function loadDawn(): Promise<DawnModule> {
  const file = process.env[DAWN_NODE_ENV];
  try {
    if (file) return createRequire(__filename)(file) as DawnModule;
    return (await import('webgpu')) as DawnModule;
  } catch (error) {
    throw new RuntimeError(
      'NO_GPU_ADAPTER',
      `Dawn (WebGPU for Node) failed to load from ${file ?? "the 'webgpu' package"}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/**
 * Node's WebGPU entry point: Dawn from the npm package `webgpu` (or the file `IMO_DAWN_NODE`
 * names), as a `GPU` to hand to `selectBackend` or `openWebGpuBackend`. `flags` are Dawn's
 * (`backend=vulkan`, `adapter=<name>`, `enable-dawn-features=…`). Dawn finds Vulkan drivers the
 * usual way (`VK_ICD_FILENAMES` selects one, e.g. Mesa's lavapipe for tests without a GPU).
 * While the returned object is referenced, Dawn keeps the process alive: drop it (and destroy its
 * devices) to exit.
 *
 * @example
 * const { backend } = await selectBackend('auto', { gpu: await loadDawnGpu() });
 */
export async function loadDawnGpu(flags: string[] = []): Promise<GPU> {
  return (await loadDawn()).create(flags);
}

/**
 * The adapters Dawn can see, as `backend: name` lines (asks Dawn for an adapter that does not
 * exist, which makes it list the ones that do); empty when it sees none.
 *
 * @example
 * console.log(await listDawnAdapters()); // [ "vulkan: NVIDIA H200" ]
 */
export async function listDawnAdapters(): Promise<string[]> {
  const dawn = await loadDawn();
  try {
    const gpu = dawn.create(['adapter=imo-list-adapters']);
    await gpu.requestAdapter();
    return [];
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return [...text.matchAll(/backend: '([^']*)', name: '([^']*)'/g)].map((m) => `${m[1]}: ${m[2]}`);
  }
}
