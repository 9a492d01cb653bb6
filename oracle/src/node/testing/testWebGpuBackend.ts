import { openWebGpuBackend } from '../../runtime/webgpu/openWebGpuBackend';
import type { WebGpuBackend } from '../../runtime/webgpu/webgpuBackend';
import { loadDawnGpu } from '../dawnGpu';

/** What a test can skip with (vitest's test context). */
export interface SkipContext {
  skip(note?: string): never;
}

/** A suite's WebGPU backend: each test asks for it and is skipped (with the reason) without one. */
export interface TestWebGpu {
  /** The backend, or skips the calling test, saying why and how to get an adapter. */
  backend(ctx: SkipContext): Promise<WebGpuBackend>;
  /** Frees the backend (for `afterAll`). */
  destroy(): Promise<void>;
}

const HOW_TO =
  'install a Vulkan driver (Debian bookworm: mesa-vulkan-drivers from bookworm-backports, ' +
  'then VK_ICD_FILENAMES=/usr/share/vulkan/icd.d/lvp_icd.json)';

/** Dawn's backend on whatever adapter it finds, or why there is none. */
export async function openTestBackend(): Promise<{ backend?: WebGpuBackend; reason: string }> {
  try {
    const backend = await openWebGpuBackend(await loadDawnGpu());
    return backend ? { backend, reason: '' } : { reason: `no WebGPU adapter: ${HOW_TO}` };
  } catch (error) {
    return { reason: `${error instanceof Error ? error.message : String(error)}; ${HOW_TO}` };
  }
}

/**
 * The WebGPU backend the test suites run on (Dawn on whatever adapter it finds, software ones
 * included: Mesa's lavapipe in CI), opened once per suite on first use. Without an adapter each
 * test is skipped with the reason, except under `CI=true`, where each fails: CI must run the
 * backend for real.
 *
 * @example
 * const gpu = testWebGpuBackend();
 * afterAll(() => gpu.destroy());
 * it('…', async (ctx) => { const backend = await gpu.backend(ctx); … });
 */
export function testWebGpuBackend(): TestWebGpu {
  let opened: Promise<{ backend?: WebGpuBackend; reason: string }> | undefined;
  const open = () =>
    (opened ??= openTestBackend().then((result) => {
      if (!result.backend && process.env.CI !== 'true') console.warn(`WebGPU suite skipped: ${result.reason}`);
      return result;
    }));
  return {
    async backend(ctx) {
      const { backend, reason } = await open();
      if (backend) return backend;
      if (process.env.CI === 'true') throw new Error(`CI needs a WebGPU adapter for the WebGPU suites: ${reason}`);
      return ctx.skip(`WebGPU suite skipped: ${reason}`);
    },
    async destroy() {
      (await opened)?.backend?.destroy();
    },
  };
}
