/// <reference types="@webgpu/types" />

/** What a node reports and a page shows about the WebGPU adapter a backend runs on. */
export interface AdapterDescription {
  /** A readable name: the driver's description, else the device, else vendor and architecture. */
  name: string;
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for a software adapter (lavapipe, SwiftShader): correct, but slower than the CPU backends. */
  isFallbackAdapter: boolean;
}

/**
 * Describes an adapter from its `GPUAdapterInfo` (browsers before `adapter.info` give none: the
 * fields are then empty).
 *
 * @example
 * const adapter = await navigator.gpu.requestAdapter();
 * if (adapter) console.log(describeAdapter(adapter.info).name);
 */
export function describeAdapter(info: Partial<GPUAdapterInfo> | undefined): AdapterDescription {
  const vendor = info?.vendor ?? '';
  const architecture = info?.architecture ?? '';
  const device = info?.device ?? '';
  const description = info?.description ?? '';
  const name = description || device || [vendor, architecture].filter(Boolean).join(' ') || 'unnamed adapter';
  return { name, vendor, architecture, device, description, isFallbackAdapter: info?.isFallbackAdapter ?? false };
}
