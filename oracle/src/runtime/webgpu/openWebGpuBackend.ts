/// <reference types="@webgpu/types" />
import { describeAdapter, type AdapterDescription } from './adapterDescription';
import { createWebGpuBackend, type WebGpuBackend, type WebGpuBackendOptions } from './webgpuBackend';

/** Anything with `requestAdapter`: `navigator.gpu` in a browser, Dawn's `create()` in Node. */
export type GpuLike = Pick<GPU, 'requestAdapter'>;

/** Options of {@link openWebGpuBackend}. */
export interface OpenWebGpuBackendOptions extends Omit<WebGpuBackendOptions, 'adapter' | 'gpu'> {
  /** Passed to `requestAdapter` (default `'high-performance'`: the discrete GPU where there are two). */
  powerPreference?: GPUPowerPreference;
}

/** An adapter and its description, before any device exists (see {@link requestWebGpuAdapter}). */
export interface FoundAdapter {
  gpu: GpuLike;
  adapter: GPUAdapter;
  description: AdapterDescription;
}

/**
 * Asks `gpu` for an adapter (`undefined` when there is none), without creating a device: callers
 * can look at it (a software adapter, say) before paying for one.
 *
 * @example
 * const found = await requestWebGpuAdapter(navigator.gpu);
 * if (found && !found.description.isFallbackAdapter) backend = await openWebGpuAdapter(found);
 */
export async function requestWebGpuAdapter(
  gpu: GpuLike,
  powerPreference: GPUPowerPreference = 'high-performance',
): Promise<FoundAdapter | undefined> {
  const adapter = await gpu.requestAdapter({ powerPreference });
  return adapter ? { gpu, adapter, description: describeAdapter(adapter.info) } : undefined;
}

/**
 * Creates a device on a found adapter, with the adapter's largest buffer limits, and the WebGPU
 * backend on it.
 *
 * @example
 * const backend = await openWebGpuAdapter((await requestWebGpuAdapter(navigator.gpu))!);
 */
export async function openWebGpuAdapter(
  found: FoundAdapter,
  options: Omit<WebGpuBackendOptions, 'adapter' | 'gpu'> = {},
): Promise<WebGpuBackend> {
  const { maxStorageBufferBindingSize, maxBufferSize } = found.adapter.limits;
  const device = await found.adapter.requestDevice({
    label: 'imo runtime',
    requiredLimits: { maxStorageBufferBindingSize, maxBufferSize },
  });
  return createWebGpuBackend(device, { ...options, adapter: found.description, gpu: found.gpu });
}

/**
 * Asks `gpu` for an adapter and builds the WebGPU backend on it; `undefined` when there is no
 * adapter.
 *
 * @example
 * const backend = navigator.gpu && (await openWebGpuBackend(navigator.gpu));
 * console.log(backend ? `WebGPU on ${backend.adapter?.name}` : 'no WebGPU adapter');
 */
export async function openWebGpuBackend(
  gpu: GpuLike,
  options: OpenWebGpuBackendOptions = {},
): Promise<WebGpuBackend | undefined> {
  const { powerPreference, ...backendOptions } = options;
  const found = await requestWebGpuAdapter(gpu, powerPreference);
  return found && openWebGpuAdapter(found, backendOptions);
}
