/**
 * The GPU check's program (`scripts/gpu-check.sh` runs it, bundled into one file so that a machine
 * with no `node_modules` runs it with a carried Node and `dawn.node`):
 *
 *   check --repo <root> --work <dir> [--quick]   adapter, bit-exactness on the GPU, timings → <dir>/check.json
 *   report --work <dir> --out <file>             merges check.json and torch.json, writes the flat
 *                                                metrics (bench/results.json names) and prints the table
 *
 * Bit-exactness: every golden op vector and golden run, all three bundled models alone and batched,
 * random graphs alone and batched, the int8 extremes, and the timed products themselves, each
 * against the reference backend (the large products against the WebAssembly backend, which CI
 * checks against the reference). Timings: the WebGPU kernels with the data on the device against
 * the WebAssembly backend (1 and 2 threads) on the same products, and batched models.
 */
import fs from 'node:fs';
import path from 'node:path';
import { listDawnAdapters, loadDawnGpu } from '../../oracle/src/node/dawnGpu';
import { readModelPackage } from '../../oracle/src/node/readModelPackage';
import {
  createWasmBackend,
  describeOp,
  fromHex,
  referenceBackend,
  runModel,
  runModelBatch,
  tensorFromBytes,
  tensorToBytes,
  toHex,
  type Backend,
  type Tensor,
} from '../../oracle/src/runtime';
import type { GoldenModelCase, GoldenOpCase, GoldenTensor } from '../../oracle/src/runtime/testing/goldenVectors';
import { randomPackage, randomTensor, seededRandom } from '../../oracle/src/runtime/testing/randomGraph';
import { openWebGpuBackend } from '../../oracle/src/runtime/webgpu/openWebGpuBackend';
import type { AdapterDescription } from '../../oracle/src/runtime/webgpu/adapterDescription';
import type { WebGpuBackend } from '../../oracle/src/runtime/webgpu/webgpuBackend';
import { printReport } from './gpuReport';

/** One bit-exactness check's outcome. */
export interface ExactCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

/** A timed figure: a flat metric name (bench/results.json's), its value and unit. */
export interface GpuFigure {
  metric: string;
  value: number;
  unit: string;
  note: string;
  baseline?: string;
}

/** What `check` writes to <work>/check.json. */
export interface CheckResult {
  adapters: string[];
  adapter: AdapterDescription | null;
  packedDot: boolean;
  checks: ExactCheck[];
  figures: GpuFigure[];
  /** Products written for PyTorch to recompute: `<name>.x.bin`, `.w.bin`, `.out.bin` (our output). */
  products: { name: string; m: number; k: number; n: number }[];
}

const SHAPES = {
  full: [
    { name: 'mv1024', m: 1, k: 1024, n: 1024 },
    { name: 'mm64x1024', m: 64, k: 1024, n: 1024 },
    { name: 'mm4096', m: 4096, k: 4096, n: 4096 },
  ],
  quick: [
    { name: 'mv1024', m: 1, k: 1024, n: 1024 },
    { name: 'mm64x1024', m: 64, k: 1024, n: 1024 },
  ],
};

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]!;

/** Median milliseconds of `fn` over `runs` calls after `warmup`. */
async function timeMs(fn: () => unknown, runs: number, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

const sameData = (a: Tensor, b: Tensor) => a.data.length === b.data.length && a.data.every((v, i) => v === b.data[i]);

async function exactness(backend: WebGpuBackend, repo: string, quick: boolean): Promise<ExactCheck[]> {
  const checks: ExactCheck[] = [];
  const record = async (name: string, fn: () => Promise<string | undefined>) => {
    try {
      const problem = await fn();
      checks.push(problem ? { name, ok: false, detail: problem } : { name, ok: true });
    } catch (error) {
      checks.push({ name, ok: false, detail: error instanceof Error ? error.message : String(error) });
    }
    const last = checks[checks.length - 1]!;
    console.log(`  ${last.ok ? 'ok  ' : 'FAIL'} ${name}${last.detail ? `: ${last.detail}` : ''}`);
  };
  const golden = (file: string) =>
    JSON.parse(fs.readFileSync(path.join(repo, 'oracle', 'golden', file), 'utf8')) as unknown;
  const tensor = (g: GoldenTensor) => tensorFromBytes(fromHex(g.bytes), g.rows, g.cols, g.dtype);
  const model = (name: string) => readModelPackage(path.join(repo, 'oracle', 'models', name));

  await record('golden op vectors (oracle/golden/ops.json)', async () => {
    const bad: string[] = [];
    for (const c of golden('ops.json') as GoldenOpCase[]) {
      const out = await backend.execute(
        c.descriptor,
        { a: tensor(c.inputs.a), b: c.inputs.b && tensor(c.inputs.b) },
        { a: c.params.a && tensor(c.params.a), b: c.params.b && tensor(c.params.b) },
      );
      if (toHex(tensorToBytes(out)) !== c.output.bytes) bad.push(c.name);
    }
    return bad.length ? `differ: ${bad.join(', ')}` : undefined;
  });
  await record('golden model runs (oracle/golden/models.json)', async () => {
    for (const m of golden('models.json') as GoldenModelCase[]) {
      for (const run of m.runs) {
        const t = await runModel(model(m.model), fromHex(run.input), backend);
        if (toHex(t.finalStateRoot) !== run.stateRoot) return `${m.model}: S_n differs`;
      }
    }
    return undefined;
  });
  const random = seededRandom(2024);
  for (const [name, batch] of [
    ['digits', 64],
    ['digits-lite', 64],
    ['kjv-textgen', quick ? 8 : 64],
  ] as const) {
    await record(`${name}: ${batch} requests batched and 3 alone, against the reference`, async () => {
      const pkg = model(name);
      const inputs = Array.from({ length: batch }, () => tensorToBytes(randomTensor(random, pkg.manifest.io.input)));
      const batched = await runModelBatch(pkg, inputs, { backend });
      for (const [i, input] of inputs.entries()) {
        const want = toHex((await runModel(pkg, input)).finalStateRoot);
        if (toHex(batched[i]!.finalStateRoot) !== want) return `request ${i} of the batch: S_n differs`;
        if (i < 3 && toHex((await runModel(pkg, input, backend)).finalStateRoot) !== want)
          return `request ${i} alone: S_n differs`;
      }
      return undefined;
    });
  }
  await record(`random graphs (${quick ? 20 : 200}, alone and in batches of 1–40)`, async () => {
    for (let seed = 1; seed <= (quick ? 20 : 200); seed++) {
      const pkg = randomPackage({ seed, maxCols: 70 });
      const r = seededRandom(seed);
      const inputs = Array.from({ length: 1 + (seed % 40) }, () =>
        tensorToBytes(randomTensor(r, pkg.manifest.io.input)),
      );
      const batched = await runModelBatch(pkg, inputs, { backend });
      for (const [i, input] of inputs.entries()) {
        if (toHex(batched[i]!.finalStateRoot) !== toHex((await runModel(pkg, input)).finalStateRoot))
          return `seed ${seed}, request ${i}: S_n differs`;
      }
    }
    return undefined;
  });
  await record('int8 extremes with wrapping biases (k = 4096, both matmul kernels)', async () => {
    const k = 4096;
    const patterns = [() => -128, () => 127, (j: number) => (j & 1 ? 127 : -128), (j: number) => (j & 1 ? -128 : 127)];
    const fill = (rows: number): Tensor => {
      const data = new Int8Array(rows * k);
      for (let r = 0; r < rows; r++) for (let j = 0; j < k; j++) data[r * k + j] = patterns[r & 3]!(j);
      return { rows, cols: k, dtype: 'int8', data };
    };
    const w = fill(16);
    const bias: Tensor = {
      rows: 1,
      cols: 16,
      dtype: 'int32',
      data: Int32Array.from({ length: 16 }, (_, o) => [2 ** 31 - 1, -(2 ** 31), 0, 12345][o >> 2]!),
    };
    for (const rows of [3, 200]) {
      const x = fill(rows);
      const d = describeOp({ op: 'matmul', paramB: 1, rows, cols: 16, dtype: 'int32' });
      const [got, want] = [
        await backend.execute(d, { a: x }, { a: w, b: bias }),
        await referenceBackend.execute(d, { a: x }, { a: w, b: bias }),
      ];
      if (!sameData(got, want)) return `${rows} rows differ`;
    }
    return undefined;
  });
  return checks;
}

/** GMAC/s of `run` (which performs `macs` multiply-adds per call), median of `runs`. */
async function gmacs(run: () => unknown, macs: number, runs: number): Promise<number> {
  return macs / ((await timeMs(run, runs, 2)) / 1000) / 1e9;
}

async function timings(
  backend: WebGpuBackend,
  repo: string,
  work: string,
  quick: boolean,
  checks: ExactCheck[],
): Promise<{ figures: GpuFigure[]; products: CheckResult['products'] }> {
  const figures: GpuFigure[] = [];
  const products: CheckResult['products'] = [];
  const wasm1 = createWasmBackend({ threads: 1 });
  const wasm2 = createWasmBackend({ threads: 2 });
  await wasm2.ready();
  for (const { name, m, k, n } of quick ? SHAPES.quick : SHAPES.full) {
    const random = seededRandom(m + k + n);
    const x = randomTensor(random, { rows: m, cols: k, dtype: 'int8' });
    const w = randomTensor(random, { rows: n, cols: k, dtype: 'int8' });
    const bias: Tensor = { rows: 1, cols: n, dtype: 'int32', data: new Int32Array(n) };
    const macs = m * k * n;
    const op = describeOp({ op: 'matmul', paramB: 1, rows: m, cols: n, dtype: 'int32' });
    const wasmRun = (b: Backend) => () => b.execute(op, { a: x }, { a: w, b: bias });
    const big = macs > 1e9;
    const prepared = await backend.prepareMatmul(x, w, bias);
    const want = (await wasm2.execute(op, { a: x }, { a: w, b: bias })) as Tensor;
    const exact = sameData(prepared.output, want);
    checks.push(
      exact
        ? { name: `${name} product against WebAssembly`, ok: true }
        : { name: `${name} product against WebAssembly`, ok: false, detail: 'outputs differ' },
    );
    console.log(`  ${exact ? 'ok  ' : 'FAIL'} ${name} product against WebAssembly`);
    // kernels alone, data resident: enough repeats per submission to hide its cost
    const repeats = Math.max(1, Math.min(quick ? 2 : 200, Math.round(2e9 / macs)));
    const runs = quick ? 3 : big ? 5 : 15;
    const gpu = await gmacs(() => prepared.run(repeats), macs * repeats, runs);
    const roundTripMs = await timeMs(() => prepared.roundTrip(), big ? 3 : runs);
    const wasmTwo = await gmacs(wasmRun(wasm2), macs, big ? 2 : runs);
    const wasmOne = big ? undefined : await gmacs(wasmRun(wasm1), macs, runs);
    fs.writeFileSync(path.join(work, `${name}.x.bin`), new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.length));
    fs.writeFileSync(path.join(work, `${name}.w.bin`), new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.length));
    const out = Int32Array.from(prepared.output.data);
    fs.writeFileSync(path.join(work, `${name}.out.bin`), new Uint8Array(out.buffer));
    products.push({ name, m, k, n });
    prepared.destroy();
    figures.push(
      {
        metric: `gpu.gmacs.webgpu.${name}`,
        value: gpu,
        unit: 'GMAC/s',
        note: `kernels alone, ${repeats} per submission`,
        baseline: `gpu.gmacs.wasm2t.${name}`,
      },
      {
        metric: `gpu.webgpu.${name}.roundtrip_us`,
        value: roundTripMs * 1000,
        unit: 'µs',
        note: 'upload, kernels, read-back',
      },
      { metric: `gpu.gmacs.wasm2t.${name}`, value: wasmTwo, unit: 'GMAC/s', note: 'WebAssembly backend, 2 threads' },
    );
    if (wasmOne !== undefined)
      figures.push({
        metric: `gpu.gmacs.wasm.${name}`,
        value: wasmOne,
        unit: 'GMAC/s',
        note: 'WebAssembly backend, 1 thread',
      });
    console.log(`  timed ${name}: WebGPU ${gpu.toFixed(1)} GMAC/s, WebAssembly 2 threads ${wasmTwo.toFixed(1)}`);
  }
  // the oracle's work on this machine: 64 digits requests and 16 generations, every S_n
  for (const [model, count, metric] of [
    ['digits', 64, 'gpu.batch.digits_per_s'],
    ['kjv-textgen', 16, 'gpu.textgen.batch16_latency_us'],
  ] as const) {
    const pkg = readModelPackage(path.join(repo, 'oracle', 'models', model));
    const random = seededRandom(7);
    const inputs = Array.from({ length: count }, () => tensorToBytes(randomTensor(random, pkg.manifest.io.input)));
    const serve = (b: Backend) => async () =>
      (await runModelBatch(pkg, inputs, { backend: b })).forEach((t) => t.finalStateRoot);
    const runs = quick ? 1 : 9;
    for (const [label, b] of [
      ['webgpu', backend],
      ['wasm', wasm1],
    ] as const) {
      const ms = await timeMs(serve(b), runs);
      figures.push(
        metric.endsWith('per_s')
          ? {
              metric: `${metric}.${label}`,
              value: (count / ms) * 1000,
              unit: '/s',
              note: `${count} requests batched, S_n included`,
            }
          : {
              metric: `${metric}.${label}`,
              value: ms * 1000,
              unit: 'µs',
              note: `${count} generations batched, S_n included`,
            },
      );
    }
  }
  wasm2.close();
  return { figures, products };
}

async function check(): Promise<number> {
  const repo = path.resolve(arg('repo') ?? process.cwd());
  const work = path.resolve(arg('work') ?? '.');
  const quick = process.argv.includes('--quick');
  fs.mkdirSync(work, { recursive: true });
  const result: CheckResult = { adapters: [], adapter: null, packedDot: false, checks: [], figures: [], products: [] };
  const save = () => fs.writeFileSync(path.join(work, 'check.json'), `${JSON.stringify(result, null, 2)}\n`);
  result.adapters = await listDawnAdapters();
  console.log(`Dawn sees: ${result.adapters.length ? result.adapters.join('; ') : 'no adapter'}`);
  const backend = await openWebGpuBackend(await loadDawnGpu());
  if (!backend) {
    console.log('no WebGPU adapter: Dawn found no Vulkan device (is the NVIDIA Vulkan ICD visible? see above)');
    save();
    return 3;
  }
  result.adapter = backend.adapter ?? null;
  result.packedDot = backend.packedDot;
  console.log(
    `adapter: ${backend.adapter?.name} (${backend.adapter?.isFallbackAdapter ? 'software' : 'hardware'}), dot4I8Packed: ${backend.packedDot ? 'builtin' : 'written out'}`,
  );
  console.log('bit-exactness on the device:');
  result.checks = await exactness(backend, repo, quick);
  save();
  console.log('timings:');
  const { figures, products } = await timings(backend, repo, work, quick, result.checks);
  result.figures = figures;
  result.products = products;
  save();
  backend.destroy();
  return result.checks.every((c) => c.ok) ? 0 : 1;
}

async function main(): Promise<number> {
  const command = process.argv[2];
  if (command === 'check') return check();
  if (command === 'report') return printReport(path.resolve(arg('work') ?? '.'), arg('out'));
  console.error('usage: gpu-check.cjs check --repo <root> --work <dir> [--quick] | report --work <dir> [--out <file>]');
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
