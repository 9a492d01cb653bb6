/// <reference types="@webgpu/types" />
import { RuntimeError } from '../errors';
import type { OpDescriptor, Tensor, TensorSpec } from '../types';
import { guard, packedRowBytes, type GpuContext } from './gpuContext';
import { BUFFER_USAGE, MAP_MODE_READ } from './gpuUsage';
import { KERNELS, type KernelName } from './kernels';
import { uniformBytes } from './kernels/kernelSource';
import { GEMM_TILE, GEMV_MAX_ROWS, GEMV_OUTPUTS, GEMV_ROWS } from './kernels/matmulKernels';
import { LINEAR_WORKGROUP } from './kernels/prelude';

/**
 * A graph to run on the device: the slots the caller fills (a model's input; a single op's inputs),
 * the parameter tensors, and the ops, op i writing slot `presets.length + i`.
 */
export interface GraphSpec {
  presets: TensorSpec[];
  params: Tensor[];
  ops: OpDescriptor[];
}

/** Where a slot's batch lives in the arena: a byte offset and the words of one request's tensor. */
interface Region {
  offset: number;
  words: number;
}

interface Step {
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  groups: [number, number];
}

/** Slot ranges and uniform records are bound at offsets that are multiples of 256 bytes. */
const ALIGN = 256;
const align = (n: number) => Math.ceil(n / ALIGN) * ALIGN;
const INT32_MIN = -(2 ** 31);

/** The spec of every slot of a graph: the presets, then each op's output. */
export function slotSpecs(spec: GraphSpec): TensorSpec[] {
  return [...spec.presets, ...spec.ops.map((op) => ({ rows: op.rows, cols: op.cols, dtype: op.dtype }))];
}

/**
 * Slot `s`'s region owner: a reshape's output is its input's elements in the same order, so it
 * shares its input's region (no copy, no kernel).
 */
function owners(spec: GraphSpec): number[] {
  const owner = spec.presets.map((_, i) => i);
  spec.ops.forEach((op) => owner.push(op.op === 'reshape' ? owner[op.inputA]! : owner.length));
  return owner;
}

/** Bytes of the packed input rows of a matmul (the scratch it needs), per request. */
function packedInputBytes(spec: GraphSpec, op: OpDescriptor): number {
  const x = slotSpecs(spec)[op.inputA]!;
  return x.rows * packedRowBytes(x.cols);
}

/** What one request adds to the device memory a batch needs, and the largest single binding. */
export function perRequestBytes(spec: GraphSpec): { arena: number; binding: number; rows: number } {
  const slots = slotSpecs(spec);
  const owner = owners(spec);
  let arena = 0;
  let binding = 0;
  let rows = 0;
  slots.forEach((s, i) => {
    if (owner[i] === i) arena += s.rows * s.cols * 4;
    binding = Math.max(binding, s.rows * s.cols * 4);
  });
  for (const op of spec.ops) {
    if (op.op !== 'matmul') continue;
    binding = Math.max(binding, packedInputBytes(spec, op));
    rows = Math.max(rows, slots[op.inputA]!.rows);
  }
  return { arena, binding, rows };
}

/**
 * The most requests of `spec` one batch can hold on this device: every slot binding, the arena, its
 * read-back copy and the matmul grid must fit the device's limits. 0 when not even one fits.
 */
export function maxBatch(device: GPUDevice, spec: GraphSpec): number {
  const { arena, binding, rows } = perRequestBytes(spec);
  const slots = slotSpecs(spec).length;
  const { maxStorageBufferBindingSize, maxBufferSize, maxComputeWorkgroupsPerDimension } = device.limits;
  const byBinding = Math.floor(maxStorageBufferBindingSize / binding);
  const byArena = Math.floor((maxBufferSize - slots * ALIGN) / arena);
  const byGrid = rows === 0 ? Infinity : Math.floor((maxComputeWorkgroupsPerDimension * GEMM_TILE) / rows);
  return Math.max(0, Math.min(byBinding, byArena, byGrid));
}

/**
 * A graph compiled for one device and one batch size: the slot arena (every slot of every request,
 * requests stacked as rows), the matmul scratch, one uniform record per dispatch, the bind groups,
 * and a staging buffer for the single read-back. Running it uploads the presets, encodes every
 * dispatch into one compute pass, copies the arena out and submits once.
 */
export class GraphPlan {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly ctx: GpuContext,
    readonly spec: GraphSpec,
    readonly batch: number,
    private readonly regions: Region[],
    private readonly arenaBytes: number,
    private readonly buffers: GPUBuffer[],
    private readonly arena: GPUBuffer,
    private readonly staging: GPUBuffer,
    private readonly steps: Step[],
  ) {}

  /** Compiles `spec` for `batch` requests (the caller keeps `batch` within {@link maxBatch}). */
  static async create(ctx: GpuContext, spec: GraphSpec, batch: number): Promise<GraphPlan> {
    const { device } = ctx;
    const limit = maxBatch(device, spec);
    if (batch < 1 || batch > limit) {
      throw new RuntimeError(
        'BACKEND_FAILED',
        limit === 0
          ? `one request of this graph needs more memory than this WebGPU device binds (${device.limits.maxStorageBufferBindingSize} bytes per binding)`
          : `a batch of ${batch} does not fit this WebGPU device; at most ${limit} requests per batch`,
      );
    }
    return guard(device, 'building the graph', () => GraphPlan.build(ctx, spec, batch));
  }

  private static build(ctx: GpuContext, spec: GraphSpec, batch: number): GraphPlan {
    const { device } = ctx;
    const slots = slotSpecs(spec);
    const owner = owners(spec);
    const regions: Region[] = [];
    let arenaBytes = 0;
    slots.forEach((s, i) => {
      const words = s.rows * s.cols;
      if (owner[i] !== i) {
        regions.push({ offset: regions[owner[i]!]!.offset, words });
        return;
      }
      regions.push({ offset: arenaBytes, words });
      arenaBytes += align(batch * words * 4);
    });
    const scratchBytes = Math.max(
      16,
      ...spec.ops.filter((op) => op.op === 'matmul').map((op) => batch * packedInputBytes(spec, op)),
    );
    const arena = device.createBuffer({
      label: 'slots',
      size: arenaBytes,
      usage: BUFFER_USAGE.STORAGE | BUFFER_USAGE.COPY_SRC | BUFFER_USAGE.COPY_DST,
    });
    const staging = device.createBuffer({
      label: 'read-back',
      size: arenaBytes,
      usage: BUFFER_USAGE.MAP_READ | BUFFER_USAGE.COPY_DST,
    });
    const scratch = device.createBuffer({ label: 'packed rows', size: scratchBytes, usage: BUFFER_USAGE.STORAGE });
    const unused = device.createBuffer({ label: 'unused', size: 16, usage: BUFFER_USAGE.STORAGE });
    const slot = (i: number): GPUBufferBinding => ({
      buffer: arena,
      offset: regions[i]!.offset,
      size: batch * regions[i]!.words * 4,
    });
    const dispatches = spec.ops.flatMap((op, i) =>
      dispatchesOf(op, spec.presets.length + i, { ctx, spec, slots, batch, slot, scratch, unused }),
    );
    const uniforms = device.createBuffer({
      label: 'uniforms',
      size: Math.max(ALIGN, dispatches.length * ALIGN),
      usage: BUFFER_USAGE.UNIFORM | BUFFER_USAGE.COPY_DST,
    });
    const records = new Int32Array((Math.max(ALIGN, dispatches.length * ALIGN) / 4) | 0);
    const steps = dispatches.map((d, j): Step => {
      records.set(d.fields, (j * ALIGN) / 4);
      const pipeline = ctx.pipeline(d.kernel);
      const bindGroup = device.createBindGroup({
        label: `${d.kernel} #${j}`,
        layout: pipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: uniforms, offset: j * ALIGN, size: uniformBytes(KERNELS[d.kernel]) } },
          ...d.buffers.map((resource, b) => ({ binding: b + 1, resource })),
        ],
      });
      return { pipeline, bindGroup, groups: d.groups };
    });
    device.queue.writeBuffer(uniforms, 0, records);
    return new GraphPlan(
      ctx,
      spec,
      batch,
      regions,
      arenaBytes,
      [arena, staging, scratch, unused, uniforms],
      arena,
      staging,
      steps,
    );
  }

  /**
   * Runs the graph on one preset list per request (`batch` of them) and returns every slot of every
   * request: the presets as given, then each op's output read back from the device.
   */
  run(presets: Tensor[][]): Promise<Tensor[][]> {
    const result = this.queue.then(() => this.runNow(presets));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runNow(presets: Tensor[][]): Promise<Tensor[][]> {
    this.ctx.assertAlive();
    const { device } = this.ctx;
    if (presets.length !== this.batch) {
      throw new RuntimeError('BAD_INPUT', `this plan runs batches of ${this.batch}, got ${presets.length} requests`);
    }
    this.spec.presets.forEach((s, i) => {
      const words = s.rows * s.cols;
      const stacked = new Int32Array(this.batch * words);
      presets.forEach((request, b) => {
        const t = request[i];
        if (!t || t.rows !== s.rows || t.cols !== s.cols || t.dtype !== s.dtype) {
          throw new RuntimeError(
            'BAD_INPUT',
            `request ${b}, slot ${i}: expected [${s.rows}, ${s.cols}] ${s.dtype}, got ${t ? `[${t.rows}, ${t.cols}] ${t.dtype}` : 'nothing'}`,
          );
        }
        stacked.set(t.data, b * words);
      });
      device.queue.writeBuffer(this.arena, this.regions[i]!.offset, stacked);
    });
    await guard(device, 'running the graph', () => {
      const encoder = device.createCommandEncoder();
      this.encode(encoder, 1);
      encoder.copyBufferToBuffer(this.arena, 0, this.staging, 0, this.arenaBytes);
      device.queue.submit([encoder.finish()]);
    });
    await this.staging.mapAsync(MAP_MODE_READ);
    try {
      const words = new Int32Array(this.staging.getMappedRange());
      const slots = slotSpecs(this.spec);
      return presets.map((request, b) =>
        slots.map((s, i): Tensor => {
          if (i < this.spec.presets.length) return request[i]!;
          const { offset, words: n } = this.regions[i]!;
          const view = words.subarray(offset / 4 + b * n, offset / 4 + (b + 1) * n);
          return { ...s, data: s.dtype === 'int8' ? Int8Array.from(view) : view.slice() };
        }),
      );
    } finally {
      this.staging.unmap();
    }
  }

  private encode(encoder: GPUCommandEncoder, repeats: number): void {
    const pass = encoder.beginComputePass();
    for (let r = 0; r < repeats; r++) {
      for (const step of this.steps) {
        pass.setPipeline(step.pipeline);
        pass.setBindGroup(0, step.bindGroup);
        pass.dispatchWorkgroups(step.groups[0], step.groups[1]);
      }
    }
    pass.end();
  }

  /**
   * Runs the graph's dispatches `repeats` times in one submission on the presets already uploaded
   * (by a previous `run`), reading nothing back, and resolves when the device has finished. For
   * benchmarks: the device time of the kernels plus one submission.
   */
  async dispatchOnly(repeats = 1): Promise<void> {
    this.ctx.assertAlive();
    const { device } = this.ctx;
    const encoder = device.createCommandEncoder();
    this.encode(encoder, repeats);
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
  }

  /** Frees the plan's device buffers once the runs already queued on it have finished. */
  destroy(): void {
    void this.queue.then(() => {
      for (const b of this.buffers) b.destroy();
    });
  }
}

interface BuildContext {
  ctx: GpuContext;
  spec: GraphSpec;
  slots: TensorSpec[];
  batch: number;
  slot: (i: number) => GPUBufferBinding;
  scratch: GPUBuffer;
  /** A small buffer bound where a kernel must bind something it does not read. */
  unused: GPUBuffer;
}

interface Dispatch {
  kernel: KernelName;
  fields: number[];
  buffers: GPUBufferBinding[];
  groups: [number, number];
}

/** A grid of 64-wide workgroups covering `count` invocations within the per-dimension limit. */
function linearGroups(device: GPUDevice, count: number): [number, number] {
  const groups = Math.ceil(count / LINEAR_WORKGROUP);
  const x = Math.min(groups, device.limits.maxComputeWorkgroupsPerDimension);
  return [x, Math.ceil(groups / x)];
}

/** The dispatches that compute slot `out` (none for a reshape, which shares its input's region). */
function dispatchesOf(op: OpDescriptor, out: number, b: BuildContext): Dispatch[] {
  const { ctx, slots, batch, slot } = b;
  const device = ctx.device;
  const x = slots[op.inputA]!;
  const count = batch * op.rows * op.cols;
  const linear = (kernel: KernelName, fields: number[], buffers: GPUBufferBinding[], n = count): Dispatch => ({
    kernel,
    fields,
    buffers,
    groups: linearGroups(device, n),
  });
  const param = (i: number) => {
    const t = b.spec.params[i];
    if (!t) throw new RuntimeError('SHAPE_MISMATCH', `${op.op} reads parameter ${i}, which does not exist`);
    return t;
  };
  switch (op.op) {
    case 'matmul': {
      const m = batch * x.rows;
      const kw = packedRowBytes(x.cols) / 4;
      const packed = { buffer: b.scratch, offset: 0, size: m * kw * 4 };
      const int8 = op.dtype === 'int8';
      const floor = op.attrA === 1 ? (int8 ? op.zeroPoint : 0) : INT32_MIN;
      const fields = [m, op.cols, kw / 4, op.multiplier, op.shift, op.zeroPoint, int8 ? 1 : 0, floor];
      const buffers = [
        packed,
        { buffer: ctx.weightsBuffer(param(op.paramA)) },
        { buffer: ctx.plainBuffer(param(op.paramB)) },
        slot(out),
      ];
      const gemv = m <= GEMV_MAX_ROWS;
      return [
        linear('packRows', [m * kw, x.cols, kw], [slot(op.inputA), packed], m * kw),
        {
          kernel: gemv ? 'gemv' : 'gemm',
          fields,
          buffers,
          groups: gemv
            ? [Math.ceil(op.cols / GEMV_OUTPUTS), Math.ceil(m / GEMV_ROWS)]
            : [Math.ceil(op.cols / GEMM_TILE), Math.ceil(m / GEMM_TILE)],
        },
      ];
    }
    case 'add':
      // WebGPU forbids overlapping writable bindings, so an add of a region with itself (one slot,
      // or a slot and a reshape of it: the same elements in the same order) binds it once:
      // a·mA + a·mB = a·(mA + mB) exactly (below 2^24), with B bound to a buffer it never reads.
      return [
        slot(op.inputA).offset === slot(op.inputB).offset
          ? linear(
              'add',
              [count, op.multiplier + op.multiplierB, 0, op.shift, op.zeroPoint],
              [slot(op.inputA), { buffer: b.unused }, slot(out)],
            )
          : linear(
              'add',
              [count, op.multiplier, op.multiplierB, op.shift, op.zeroPoint],
              [slot(op.inputA), slot(op.inputB), slot(out)],
            ),
      ];
    case 'lut':
      return [linear('lut', [count], [slot(op.inputA), { buffer: ctx.plainBuffer(param(op.paramA)) }, slot(out)])];
    case 'gather':
      return [
        linear(
          'gather',
          [count, x.cols, op.cols, op.attrB],
          [slot(op.inputA), { buffer: ctx.plainBuffer(param(op.paramA)) }, slot(out)],
        ),
      ];
    case 'concat': {
      const y = slots[op.inputB]!;
      // copy fields: count, nr, nc, i0, iblk, irow, o0, oblk, orow
      const copies: [number, number[], number][] =
        op.attrA === 0
          ? [
              [op.inputA, [1, x.rows * x.cols, 0, x.rows * x.cols, 0, 0, op.rows * op.cols, 0], batch],
              [op.inputB, [1, y.rows * y.cols, 0, y.rows * y.cols, 0, x.rows * x.cols, op.rows * op.cols, 0], batch],
            ]
          : [
              [op.inputA, [batch * op.rows, x.cols, 0, 0, x.cols, 0, 0, op.cols], 1],
              [op.inputB, [batch * op.rows, y.cols, 0, 0, y.cols, x.cols, 0, op.cols], 1],
            ];
      return copies.map(([from, f, blocks]) => {
        const n = blocks * f[0]! * f[1]!;
        return linear('copy', [n, ...f], [slot(from), slot(out)], n);
      });
    }
    case 'slice':
      return [
        linear(
          'copy',
          [
            count,
            op.rows,
            op.cols,
            op.attrA * x.cols + op.attrB,
            x.rows * x.cols,
            x.cols,
            0,
            op.rows * op.cols,
            op.cols,
          ],
          [slot(op.inputA), slot(out)],
        ),
      ];
    case 'argmax':
      return [linear('argmax', [batch * x.rows, x.cols], [slot(op.inputA), slot(out)], batch * x.rows)];
    case 'reshape':
      return [];
  }
}
