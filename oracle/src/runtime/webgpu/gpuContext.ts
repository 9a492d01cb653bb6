/// <reference types="@webgpu/types" />
import { RuntimeError } from '../errors';
import type { Tensor } from '../types';
import { BUFFER_USAGE } from './gpuUsage';
import { KERNELS, type KernelName } from './kernels';
import { kernelWgsl } from './kernels/kernelSource';
import { MATMUL_K_BYTES } from './kernels/matmulKernels';

/**
 * One device's state: its kernels (compiled once, their pipelines made on first use), the
 * parameter buffers it uploaded (once per tensor, kept while the tensor lives), and whether it was
 * lost.
 */
export class GpuContext {
  private readonly weights = new WeakMap<Tensor, GPUBuffer>();
  private readonly plain = new WeakMap<Tensor, GPUBuffer>();
  private readonly pipelines = new Map<KernelName, GPUComputePipeline>();
  private lostReason: string | undefined;

  private constructor(
    readonly device: GPUDevice,
    private readonly modules: Record<KernelName, GPUShaderModule>,
    /** Whether the kernels use the `dot4I8Packed` builtin (else the same arithmetic written out). */
    readonly packedDot: boolean,
  ) {
    void device.lost.then((info) => {
      this.lostReason = `${info.reason}: ${info.message}`;
    });
  }

  /**
   * Compiles every kernel's WGSL for `device`, with `dot4I8Packed` where the implementation has it
   * (the first compilation tells) and the written-out dot product elsewhere (or always, when
   * `packedDot` is false). Pipelines are made on first use: a software driver compiles each one
   * (the tiled matmul for seconds), and most graphs need a few.
   */
  static async create(device: GPUDevice, packedDot = true): Promise<GpuContext> {
    for (const builtin of packedDot ? [true, false] : [false]) {
      // Compilation errors are read from each module's compilation info; the scope keeps them off
      // the console when the first variant fails for want of dot4I8Packed.
      device.pushErrorScope('validation');
      const modules = Object.fromEntries(
        (Object.keys(KERNELS) as KernelName[]).map((name) => [
          name,
          device.createShaderModule({ label: name, code: kernelWgsl(KERNELS[name], builtin) }),
        ]),
      ) as Record<KernelName, GPUShaderModule>;
      const errors: string[] = [];
      for (const [name, module] of Object.entries(modules)) {
        const info = await module.getCompilationInfo();
        for (const m of info.messages) if (m.type === 'error') errors.push(`${name}:${m.lineNum}: ${m.message}`);
      }
      await device.popErrorScope();
      if (errors.length === 0) return new GpuContext(device, modules, builtin);
      if (!builtin) throw new RuntimeError('BACKEND_FAILED', `WebGPU kernels failed to compile: ${errors.join('; ')}`);
    }
    throw new RuntimeError('BACKEND_FAILED', 'unreachable: no kernel variant compiled');
  }

  /** The kernel's compute pipeline, made on first use (inside the caller's error scope). */
  pipeline(name: KernelName): GPUComputePipeline {
    let pipeline = this.pipelines.get(name);
    if (!pipeline) {
      pipeline = this.device.createComputePipeline({
        label: name,
        layout: 'auto',
        compute: { module: this.modules[name], entryPoint: 'main' },
      });
      this.pipelines.set(name, pipeline);
    }
    return pipeline;
  }

  /** Throws if the device was lost (a driver reset, or `destroy`). */
  assertAlive(): void {
    if (this.lostReason !== undefined) {
      throw new RuntimeError('BACKEND_FAILED', `the WebGPU device was lost (${this.lostReason}); create a new backend`);
    }
  }

  /**
   * Matmul weights [out, in], packed four int8 to a word (element k in byte k & 3 of word k >> 2),
   * each row zero-padded to a multiple of 32 bytes; uploaded once per tensor.
   */
  weightsBuffer(w: Tensor): GPUBuffer {
    let buffer = this.weights.get(w);
    if (!buffer) {
      const rowBytes = packedRowBytes(w.cols);
      const bytes = new Uint8Array(w.rows * rowBytes);
      for (let o = 0; o < w.rows; o++) {
        const src = w.data.subarray(o * w.cols, (o + 1) * w.cols);
        const dst = o * rowBytes;
        for (let k = 0; k < w.cols; k++) bytes[dst + k] = src[k]! & 0xff;
      }
      buffer = this.upload(bytes, `weights [${w.rows}, ${w.cols}]`);
      this.weights.set(w, buffer);
    }
    return buffer;
  }

  /** A bias, lut or gather table: one 32-bit word per element (int8 sign-extended); uploaded once. */
  plainBuffer(t: Tensor): GPUBuffer {
    let buffer = this.plain.get(t);
    if (!buffer) {
      buffer = this.upload(new Uint8Array(Int32Array.from(t.data).buffer), `param [${t.rows}, ${t.cols}] ${t.dtype}`);
      this.plain.set(t, buffer);
    }
    return buffer;
  }

  private upload(bytes: Uint8Array, label: string): GPUBuffer {
    const size = Math.max(16, Math.ceil(bytes.byteLength / 16) * 16);
    if (size > this.device.limits.maxStorageBufferBindingSize) {
      throw new RuntimeError(
        'BACKEND_FAILED',
        `${label} takes ${size} bytes; this WebGPU device binds at most ${this.device.limits.maxStorageBufferBindingSize}`,
      );
    }
    const buffer = this.device.createBuffer({
      label,
      size,
      usage: BUFFER_USAGE.STORAGE | BUFFER_USAGE.COPY_DST,
    });
    this.device.queue.writeBuffer(buffer, 0, bytes as Uint8Array<ArrayBuffer>);
    return buffer;
  }
}

/** Bytes of one packed int8 row of `k` elements: a multiple of the matmul kernels' 32-byte K step. */
export function packedRowBytes(k: number): number {
  return Math.ceil(k / MATMUL_K_BYTES) * MATMUL_K_BYTES;
}

/**
 * Runs `fn` inside validation and out-of-memory error scopes and turns any error into a
 * `RuntimeError` saying what was being done.
 */
export async function guard<T>(device: GPUDevice, what: string, fn: () => T | Promise<T>): Promise<T> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await fn() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const validation = await device.popErrorScope();
  const memory = await device.popErrorScope();
  const gpuError = validation ?? memory;
  if (gpuError) {
    throw new RuntimeError('BACKEND_FAILED', `WebGPU error while ${what}: ${gpuError.message}`, {
      cause: outcome.ok ? undefined : outcome.error,
    });
  }
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
