/// <reference types="@webgpu/types" />
import { describeAdapter } from './adapterDescription';
import { createWebGpuBackend, type WebGpuBackend, type WebGpuBackendOptions } from './webgpuBackend';

/** Anything with `requestAdapter`: `navigator.gpu` in a browser, Dawn's `create()` in Node. */
export type GpuLike = Pick<GPU, 'requestAdapter'>;

/** Options of {@link openWebGpuBackend}. */
export interface OpenWebGpuBackendOptions extends Omit<WebGpuBackendOptions, 'adapter' | 'gpu'> {
  /** Passed to `requestAdapter` (default `'high-performance'`: the discrete GPU where there are two). */
  powerPreference?: GPUPowerPreference;
}

/**
 * Asks `gpu` for an adapter and a device with the adapter's largest buffer limits, and builds the
 * WebGPU backend on it; `undefined` when there is no adapter.
 *
 * @example
 * const backend = navigator.gpu && (await openWebGpuBackend(navigator.gpu));
 * console.log(backend ? `WebGPU on ${backend.adapter?.name}` : 'no WebGPU adapter');
 */
export async function openWebGpuBackend(
  gpu: GpuLike,
  options: OpenWebGpuBackendOptions = {},
): Promise<WebGpuBackend | undefined> {
  const adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  if (!adapter) return undefined;
  const { maxStorageBufferBindingSize, maxBufferSize } = adapter.limits;
  const device = await adapter.requestDevice({
    label: 'imo runtime',
    requiredLimits: { maxStorageBufferBindingSize, maxBufferSize },
  });
  const { powerPreference: _, ...backendOptions } = options;
  return createWebGpuBackend(device, { ...backendOptions, adapter: describeAdapter(adapter.info), gpu });
}
