/// <reference types="@webgpu/types" />
import type { Backend } from '../backend';
import { RuntimeError } from '../errors';
import type { ModelPackage } from '../package/loadPackage';
import { describeOp } from '../describeOp';
import type { OpDescriptor, Tensor } from '../types';
import type { AdapterDescription } from './adapterDescription';
import { GpuContext } from './gpuContext';
import { GraphPlan, maxBatch, type GraphSpec } from './graphPlan';

/** Options of {@link createWebGpuBackend}. */
export interface WebGpuBackendOptions {
  /** The adapter the device came from (reported by `/ready`, shown by the web app). */
  adapter?: AdapterDescription;
  /** Compiled graphs kept per backend (one per model and batch size; default 8, least recent evicted). */
  maxPlans?: number;
  /**
   * Whether to use WGSL's `dot4I8Packed` where the implementation offers it (default true); false
   * always uses the same sums written out (for testing that path).
   */
  packedDot?: boolean;
  /**
   * The most requests one submission runs (default: as many as the device's limits hold); larger
   * batches run in chunks of at most this many. Bounds the latency and memory of one submission.
   */
  maxBatch?: number;
  /**
   * The `GPU` the device came from, referenced for as long as the backend lives: Dawn in Node frees
   * its instance (and crashes on the next event it processes) once that object is collected.
   */
  gpu?: object;
}

/** The WebGPU backend: a {@link Backend} with a graph-level, batched entry. */
export interface WebGpuBackend extends Backend {
  readonly adapter: AdapterDescription | undefined;
  /** Whether the kernels use WGSL's `dot4I8Packed` (else the same sums written out). */
  readonly packedDot: boolean;
  readonly device: GPUDevice;
  /** The `GPU` object kept alive with the backend (see {@link WebGpuBackendOptions.gpu}). */
  readonly gpu: object | undefined;
  /** Every slot of every request, the whole graph on the device (see {@link Backend.runGraph}). */
  runGraph(pkg: ModelPackage, inputs: Tensor[]): Promise<Tensor[][]>;
  /** The most requests of `pkg` one device submission holds (larger batches run in chunks). */
  maxBatch(pkg: ModelPackage): number;
  /**
   * An int32 product `x · wᵀ + bias` made resident on the device for benchmarks: `output` is read
   * back once; `run(repeats)` runs only its kernels, `repeats` times in one submission.
   */
  prepareMatmul(x: Tensor, w: Tensor, bias: Tensor): Promise<PreparedMatmul>;
  /** Frees every buffer and the device. */
  destroy(): void;
}

/** A product resident on the device (see {@link WebGpuBackend.prepareMatmul}). */
export interface PreparedMatmul {
  output: Tensor;
  /** The kernels alone, `repeats` times in one submission (default 1), awaited to completion. */
  run(repeats?: number): Promise<void>;
  /** One whole graph run: upload the input, run, read every slot back. */
  roundTrip(): Promise<void>;
  destroy(): void;
}

/** A package as a graph: slot 0 preset by the request, params and ops as they are. */
function packageGraph(pkg: ModelPackage): GraphSpec {
  return { presets: [pkg.slots[0]!], params: pkg.params, ops: pkg.graph };
}

/**
 * A backend that runs every op of `docs/runtime-spec.md` in WGSL compute kernels with 32-bit
 * integer arithmetic only, bit-identical with the reference backend. Give it a `GPUDevice` (in a
 * browser from `navigator.gpu`, in Node from Dawn: `oracle/src/node/dawnGpu.ts`); most callers use
 * `openWebGpuBackend` or `selectBackend`. `runModel` and `runModelBatch` use its graph-level entry:
 * the whole graph runs on the device in one submission and every slot is read back once.
 *
 * @example
 * const adapter = await navigator.gpu.requestAdapter();
 * const backend = await createWebGpuBackend(await adapter!.requestDevice());
 * const traces = await runModelBatch(pkg, inputs, { backend });
 */
export async function createWebGpuBackend(
  device: GPUDevice,
  options: WebGpuBackendOptions = {},
): Promise<WebGpuBackend> {
  const ctx = await GpuContext.create(device, options.packedDot ?? true);
  let gpu = options.gpu;
  const maxPlans = options.maxPlans ?? 8;
  const graphs = new WeakMap<ModelPackage, GraphSpec>();
  const plans = new Map<string, { pkg: ModelPackage; batch: number; plan: Promise<GraphPlan> }>();
  const ids = new WeakMap<ModelPackage, number>();
  let nextId = 0;

  const cap = options.maxBatch ?? Infinity;
  if (!(cap >= 1)) throw new RuntimeError('BAD_INPUT', `maxBatch must be at least 1, got ${String(options.maxBatch)}`);
  const graphOf = (pkg: ModelPackage): GraphSpec => {
    let g = graphs.get(pkg);
    if (!g) graphs.set(pkg, (g = packageGraph(pkg)));
    return g;
  };

  /** The compiled graph of `pkg` for `batch` requests (most recently used last; the oldest evicted). */
  const planFor = (pkg: ModelPackage, batch: number): Promise<GraphPlan> => {
    let id = ids.get(pkg);
    if (id === undefined) ids.set(pkg, (id = nextId++));
    const key = `${id}:${batch}`;
    const hit = plans.get(key);
    if (hit) {
      plans.delete(key);
      plans.set(key, hit);
      return hit.plan;
    }
    const plan = GraphPlan.create(ctx, graphOf(pkg), batch);
    plans.set(key, { pkg, batch, plan });
    plan.catch(() => plans.delete(key));
    while (plans.size > maxPlans) {
      const [oldest, entry] = plans.entries().next().value as [string, { plan: Promise<GraphPlan> }];
      plans.delete(oldest);
      void entry.plan.then(
        (p) => p.destroy(),
        () => undefined,
      );
    }
    return plan;
  };

  /** Runs a one-off graph (a single op) on one request and frees it. */
  const once = async <T>(spec: GraphSpec, run: (plan: GraphPlan) => Promise<T>): Promise<T> => {
    const plan = await GraphPlan.create(ctx, spec, 1);
    try {
      return await run(plan);
    } finally {
      plan.destroy();
    }
  };

  const backend: WebGpuBackend = {
    name: 'webgpu',
    adapter: options.adapter,
    packedDot: ctx.packedDot,
    device,

    async execute(op, inputs, params): Promise<Tensor> {
      ctx.assertAlive();
      const presets = inputs.b ? [inputs.a, inputs.b] : [inputs.a];
      const paramList = [params.a, params.b].filter((t): t is Tensor => t !== undefined);
      const single: OpDescriptor = {
        ...op,
        inputA: 0,
        inputB: inputs.b ? 1 : 0,
        paramA: 0,
        paramB: params.b ? 1 : 0,
      };
      const spec: GraphSpec = { presets, params: paramList, ops: [single] };
      const [slots] = await once(spec, (plan) => plan.run([presets]));
      return slots![presets.length]!;
    },

    async runGraph(pkg, inputs): Promise<Tensor[][]> {
      ctx.assertAlive();
      const limit = Math.min(cap, maxBatch(device, graphOf(pkg)));
      if (limit === 0) {
        throw new RuntimeError(
          'BACKEND_FAILED',
          `${pkg.manifest.name}: one request needs more memory than this WebGPU device binds (${device.limits.maxStorageBufferBindingSize} bytes per binding); use the CPU backend`,
        );
      }
      const out: Tensor[][] = [];
      for (let start = 0; start < inputs.length; start += limit) {
        const chunk = inputs.slice(start, start + limit);
        const plan = await planFor(pkg, chunk.length);
        out.push(...(await plan.run(chunk.map((t) => [t]))));
      }
      return out;
    },

    maxBatch(pkg) {
      return Math.min(cap, maxBatch(device, graphOf(pkg)));
    },

    async prepareMatmul(x, w, bias) {
      const op = describeOp({ op: 'matmul', paramB: 1, rows: x.rows, cols: w.rows, dtype: 'int32' });
      const plan = await GraphPlan.create(ctx, { presets: [x], params: [w, bias], ops: [op] }, 1);
      const [slots] = await plan.run([[x]]);
      return {
        output: slots![1]!,
        run: (repeats) => plan.dispatchOnly(repeats),
        roundTrip: async () => void (await plan.run([[x]])),
        destroy: () => plan.destroy(),
      };
    },

    destroy() {
      for (const { plan } of plans.values())
        void plan.then(
          (p) => p.destroy(),
          () => undefined,
        );
      plans.clear();
      device.destroy();
      gpu = undefined;
    },
    get gpu() {
      return gpu;
    },
  };
  return backend;
}
