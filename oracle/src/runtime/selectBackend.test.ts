import { describe, expect, it } from 'vitest';
import { RuntimeError } from './errors';
import { selectBackend, type BackendMode } from './selectBackend';
import type { GpuLike } from './webgpu/openWebGpuBackend';

/** A WebGPU implementation with no adapter (as `navigator.gpu` is on a machine without a GPU). */
const noAdapter: GpuLike = { requestAdapter: async () => null };
/** One whose adapter fails to give a device. */
const brokenDevice = {
  requestAdapter: async () => ({
    limits: { maxStorageBufferBindingSize: 1 << 27, maxBufferSize: 1 << 28 },
    info: {},
    requestDevice: async () => {
      throw new Error('device request refused');
    },
  }),
} as unknown as GpuLike;

async function rejection(promise: Promise<unknown>): Promise<RuntimeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RuntimeError);
  return error as RuntimeError;
}

describe('selectBackend (without a GPU; the WebGPU choices are tested in node/selectNodeBackend.test.ts)', () => {
  it('cpu: the WebAssembly backend on the threads asked for', async () => {
    const selected = await selectBackend('cpu', { threads: 2 });
    expect(selected.description).toEqual({ mode: 'cpu', kind: 'wasm', name: 'wasm-simd-2t', threads: 2 });
    selected.close();
  });

  it.each([
    ['no WebGPU at all', undefined, /this environment offers no WebGPU/],
    ['no adapter', noAdapter, /no WebGPU adapter was found/],
    ['a device that fails', brokenDevice, /the WebGPU backend failed to start: device request refused/],
  ] as const)('auto with %s: WebAssembly, saying why', async (_what, gpu, reason) => {
    const selected = await selectBackend('auto', { gpu });
    expect(selected.description.kind).toBe('wasm');
    expect(selected.description.name).toBe('wasm-simd');
    expect(selected.description.fallbackReason).toMatch(reason);
    selected.close();
  });

  it.each([
    ['no WebGPU at all', undefined, 'NO_GPU_ADAPTER', /this environment offers no WebGPU; use --backend cpu or auto/],
    ['no adapter', noAdapter, 'NO_GPU_ADAPTER', /no WebGPU adapter was found .*; use --backend cpu or auto/],
    ['a device that fails', brokenDevice, 'BACKEND_FAILED', /device request refused/],
  ] as const)('gpu with %s: fails with a specific error', async (_what, gpu, code, message) => {
    const error = await rejection(selectBackend('gpu', { gpu }));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('rejects an unknown mode', async () => {
    const error = await rejection(selectBackend('fast' as BackendMode));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toBe('backend must be one of cpu, gpu, auto; got fast');
  });
});
