/**
 * The WebGPU usage and map-mode flags this backend uses, by their values in the WebGPU
 * specification, so the backend needs no `GPUBufferUsage` global (Dawn in Node does not install
 * one unless asked to).
 */
export const BUFFER_USAGE = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;

export const MAP_MODE_READ = 0x0001;
