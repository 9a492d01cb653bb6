import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MODELS_DIR, readModelPackage } from '../../oracle/src/node/readModelPackage';
import {
  buildPackage,
  createWasmBackend,
  describeOp,
  referenceBackend,
  runModel,
  type Backend,
  type Tensor,
} from '../../oracle/src/runtime';
import { randomTensor, seededRandom } from '../../oracle/src/runtime/testing/randomGraph';
import { loadDigits, splitDigits } from '../../scripts/training/trainDigits';
import { heldOutAccuracy, loadCorpus, TEXT_MODEL } from '../../scripts/training/trainText';
import { writePackage } from '../../scripts/training/writePackage';
import { encodeTextPrompt } from '../../oracle/src/client/textCodec';
import { median, medianMs } from '../median';
import { benchWebGpu } from '../webgpu';
import { buildMatmulModel, ortMatmul } from '../ort';
import type { BenchFigure } from '../results';

/** One contender of a side-by-side product benchmark: a name and a call that runs one product. */
interface Contender {
  metric: string;
  run: () => unknown;
  close?: () => Promise<void> | void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * GMAC/s of every contender on the same product, measured side by side: `rounds` rounds, each
 * timing `batch` single calls of every contender in turn; the figure is the median call. Between
 * contenders a pause lets spinning worker threads (ours spin 2 ms, ORT's longer) go to sleep, so no
 * contender runs three busy threads on two cores, and two untimed calls wake the next contender's
 * threads (waking an idle vCPU takes milliseconds here). Interleaving keeps a noisy machine from
 * favouring whoever ran in its quiet minute; the median ignores calls hit by a preemption.
 */
async function sideBySide(
  contenders: Contender[],
  macs: number,
  rounds: number,
  batch: number,
): Promise<Map<string, number>> {
  const samples = new Map<string, number[]>(contenders.map((c) => [c.metric, []]));
  for (const c of contenders) for (let i = 0; i < batch; i++) await c.run(); // warm up (JIT, caches)
  for (let round = 0; round < rounds; round++) {
    for (const c of contenders) {
      await sleep(30);
      for (let i = 0; i < 2; i++) await c.run();
      const times = samples.get(c.metric)!;
      for (let i = 0; i < batch; i++) {
        const start = performance.now();
        const result = c.run();
        if (result instanceof Promise) await result; // ORT's run is async; ours is synchronous
        times.push(performance.now() - start);
      }
    }
  }
  for (const c of contenders) await c.close?.();
  return new Map([...samples].map(([metric, ms]) => [metric, macs / (median(ms) / 1000) / 1e9]));
}

function wasmContender(metric: string, backend: Backend, x: Tensor, w: Tensor, bias: Tensor): Contender {
  const op = describeOp({ op: 'matmul', paramB: 1, rows: x.rows, cols: w.rows, dtype: 'int32' });
  return { metric, run: () => backend.execute(op, { a: x }, { a: w, b: bias }) };
}

async function ortContender(
  metric: string,
  x: Tensor,
  w: Tensor,
  kind: 'int8' | 'f32',
  threads: number,
): Promise<Contender> {
  const session = await ortMatmul(buildMatmulModel(x.rows, w, kind), x, kind, threads);
  return { metric, run: session.run, close: session.release };
}

/**
 * The WebGPU backend's product on the adapter Dawn finds, data resident on the device: each call
 * runs the kernels (pack rows, multiply) in one submission and waits for the device; checked
 * against the reference once. Plus one whole graph run (upload, kernels, read-back) per call, as
 * `runtime.webgpu.<name>.roundtrip`. None without an adapter.
 */
async function webgpuContenders(name: string, x: Tensor, w: Tensor, bias: Tensor): Promise<Contender[]> {
  const backend = await benchWebGpu();
  if (!backend) return [];
  const prepared = await backend.prepareMatmul(x, w, bias);
  const want = referenceBackend.execute(
    describeOp({ op: 'matmul', paramB: 1, rows: x.rows, cols: w.rows, dtype: 'int32' }),
    { a: x },
    { a: w, b: bias },
  ) as Tensor;
  if (!want.data.every((v, i) => v === prepared.output.data[i])) {
    throw new Error(`the WebGPU product ${name} differs from the reference`);
  }
  return [
    { metric: `runtime.gmacs.webgpu.${name}`, run: () => prepared.run() },
    { metric: `runtime.webgpu.${name}.roundtrip`, run: () => prepared.roundTrip(), close: () => prepared.destroy() },
  ];
}

/**
 * Where the second thread starts to pay: matrix-vector products of n × n for growing n on one
 * thread and on two (every product split), side by side; the smallest product (multiply-adds)
 * that two threads run at least 10 % faster. `createWasmBackend`'s default `splitMacs` comes from
 * this figure.
 */
async function splitCrossover(): Promise<number> {
  const one = createWasmBackend({ threads: 1 });
  const two = createWasmBackend({ threads: 2, splitMacs: 0 });
  await two.ready();
  let crossover = Infinity;
  for (const n of [128, 256, 384, 512, 768, 1024]) {
    const random = seededRandom(n);
    const x = randomTensor(random, { rows: 1, cols: n, dtype: 'int8' });
    const w = randomTensor(random, { rows: n, cols: n, dtype: 'int8' });
    const bias = randomTensor(random, { rows: 1, cols: n, dtype: 'int32' });
    const figures = await sideBySide(
      [wasmContender('one', one, x, w, bias), wasmContender('two', two, x, w, bias)],
      n * n,
      15,
      200,
    );
    if (figures.get('two')! >= 1.1 * figures.get('one')!) crossover = Math.min(crossover, n * n);
  }
  two.close();
  return crossover === Infinity ? 0 : crossover; // 0: never, up to 1024 × 1024
}

/**
 * Products of `rows` × 1024 · 1024 × 1024 (int8 → int32) on the reference, WebAssembly (1 and 2
 * threads) and onnxruntime-node (MatMulInteger u8 × s8 with 1 and 2 intra-op threads; float32 MatMul
 * with 1), side by side.
 */
async function productFigures(rows: number, name: string, withReference: boolean): Promise<Map<string, number>> {
  const random = seededRandom(1024);
  const x = randomTensor(random, { rows, cols: 1024, dtype: 'int8' });
  const w = randomTensor(random, { rows: 1024, cols: 1024, dtype: 'int8' });
  const bias = randomTensor(random, { rows: 1, cols: 1024, dtype: 'int32' });
  const wasm1 = createWasmBackend({ threads: 1 });
  const wasm2 = createWasmBackend({ threads: 2 });
  await wasm2.ready();
  const contenders: Contender[] = [
    wasmContender(`runtime.gmacs.wasm.${name}`, wasm1, x, w, bias),
    { ...wasmContender(`runtime.gmacs.wasm2t.${name}`, wasm2, x, w, bias), close: () => wasm2.close() },
    await ortContender(`runtime.gmacs.ort_int8_1t.${name}`, x, w, 'int8', 1),
    await ortContender(`runtime.gmacs.ort_int8_2t.${name}`, x, w, 'int8', 2),
    await ortContender(`runtime.gmacs.ort_f32_1t.${name}`, x, w, 'f32', 1),
    ...(await webgpuContenders(name, x, w, bias)),
  ];
  const macs = rows * 1024 * 1024;
  const batch = Math.max(4, Math.round(40e6 / macs)); // about 2 ms of work per contender per round
  const figures = await sideBySide(contenders, macs, 31, batch);
  if (withReference) {
    const ms = await medianMs(
      () =>
        referenceBackend.execute(
          describeOp({ op: 'matmul', paramB: 1, rows, cols: 1024, dtype: 'int32' }),
          { a: x },
          { a: w, b: bias },
        ),
      15,
      2,
    );
    figures.set(`runtime.gmacs.reference.${name}`, macs / (ms / 1000) / 1e9);
  }
  return figures;
}

/** Reference and WebAssembly throughput beside onnxruntime-node, digits latency and accuracy. */
export async function runRuntimeSuite(): Promise<BenchFigure[]> {
  const mv = await productFigures(1, 'mv1024', true);
  const mm = await productFigures(64, 'mm64x1024', false);
  const pkg = readModelPackage(path.join(MODELS_DIR, 'digits'));
  const { test } = splitDigits(loadDigits());
  let correct = 0;
  for (const s of test) {
    const trace = await runModel(pkg, Uint8Array.from(s.pixels));
    if (trace.slots[trace.opCount]!.data[0] === s.label) correct++;
  }
  const sample = Uint8Array.from(test[0]!.pixels);
  const latencyMs = await medianMs(async () => (await runModel(pkg, sample)).finalStateRoot, 200, 20);
  const text = readModelPackage(path.join(MODELS_DIR, TEXT_MODEL.name));
  const prompt = encodeTextPrompt('And God said', text.manifest.io.input.cols);
  const wasm = createWasmBackend();
  const textWasmMs = await medianMs(async () => (await runModel(text, prompt, wasm)).finalStateRoot, 30, 3);
  const textReferenceMs = await medianMs(async () => (await runModel(text, prompt)).finalStateRoot, 5, 1);
  const textAccuracy = await heldOutAccuracy(text, loadCorpus().heldOut, wasm);
  const rssRatio = await loadRssRatio();
  const crossover = await splitCrossover();
  const gmacs = (metric: string, figures: Map<string, number>, goal: string, baseline?: string): BenchFigure => ({
    metric,
    value: Number(figures.get(metric)!.toFixed(2)),
    unit: 'GMAC/s',
    goal,
    ...(baseline ? { baseline } : {}),
  });
  return [
    gmacs('runtime.gmacs.reference.mv1024', mv, 'naive baseline'),
    gmacs(
      'runtime.gmacs.wasm.mv1024',
      mv,
      '>= 25x the reference; >= 0.9x ORT int8 1 thread',
      'runtime.gmacs.reference.mv1024',
    ),
    gmacs('runtime.gmacs.ort_int8_1t.mv1024', mv, 'ORT MatMulInteger u8 x s8, 1 thread'),
    gmacs('runtime.gmacs.wasm2t.mv1024', mv, '>= 1.1x ORT int8 2 threads', 'runtime.gmacs.ort_int8_2t.mv1024'),
    gmacs('runtime.gmacs.ort_int8_2t.mv1024', mv, 'ORT MatMulInteger u8 x s8, 2 threads'),
    gmacs('runtime.gmacs.ort_f32_1t.mv1024', mv, 'ORT float32 MatMul, 1 thread'),
    gmacs('runtime.gmacs.wasm.mm64x1024', mm, '>= 0.4x ORT float32 1 thread', 'runtime.gmacs.ort_f32_1t.mm64x1024'),
    gmacs('runtime.gmacs.wasm2t.mm64x1024', mm, '2 threads', 'runtime.gmacs.ort_int8_2t.mm64x1024'),
    gmacs('runtime.gmacs.ort_int8_1t.mm64x1024', mm, 'ORT MatMulInteger u8 x s8, 1 thread'),
    gmacs('runtime.gmacs.ort_int8_2t.mm64x1024', mm, 'ORT MatMulInteger u8 x s8, 2 threads'),
    gmacs('runtime.gmacs.ort_f32_1t.mm64x1024', mm, 'ORT float32 MatMul, 1 thread'),
    ...webgpuFigures(mv, mm),
    {
      metric: 'runtime.digits.latency_us',
      value: Math.round(latencyMs * 1000),
      unit: 'µs',
      goal: 'one inference incl. trace commitment (S_n)',
    },
    { metric: 'model.digits.accuracy_int8', value: correct / test.length, unit: '', goal: '≥ 0.95 (held-out 20 %)' },
    {
      metric: 'runtime.textgen.latency_us',
      value: Math.round(textWasmMs * 1000),
      unit: 'µs',
      goal: `one ${TEXT_MODEL.outputChars}-character generation incl. trace commitment (S_n), wasm 1 thread`,
      baseline: 'runtime.textgen.reference_latency_us',
    },
    {
      metric: 'runtime.textgen.reference_latency_us',
      value: Math.round(textReferenceMs * 1000),
      unit: 'µs',
      goal: 'the same on the reference backend',
    },
    {
      metric: 'model.textgen.accuracy_int8',
      value: Number(textAccuracy.toFixed(4)),
      unit: '',
      goal: 'held-out next-character accuracy (every 20th verse)',
    },
    {
      metric: 'runtime.wasm2t.split_threshold_macs',
      value: crossover,
      unit: 'MAC',
      goal: 'smallest n × n product two threads run ≥ 10 % faster (the default split threshold is 2^16)',
    },
    {
      metric: 'runtime.load.peak_rss_ratio',
      value: Number(rssRatio.toFixed(3)),
      unit: '×',
      goal: '≤ 2 (peak RSS growth loading a 64 MiB package ÷ params bytes)',
    },
  ];
}

/**
 * The WebGPU figures, where an adapter was found: GMAC/s of the kernels (beside the WebAssembly
 * figures of the same rounds) and the microseconds of one whole graph run of the product.
 */
function webgpuFigures(mv: Map<string, number>, mm: Map<string, number>): BenchFigure[] {
  const figures: BenchFigure[] = [];
  for (const [name, map, macs] of [
    ['mv1024', mv, 1024 * 1024],
    ['mm64x1024', mm, 64 * 1024 * 1024],
  ] as const) {
    const gmacs = map.get(`runtime.gmacs.webgpu.${name}`);
    const roundTrip = map.get(`runtime.webgpu.${name}.roundtrip`);
    if (gmacs === undefined || roundTrip === undefined) continue;
    figures.push(
      {
        metric: `runtime.gmacs.webgpu.${name}`,
        value: Number(gmacs.toFixed(2)),
        unit: 'GMAC/s',
        goal: 'kernels alone, data on the device (adapter in results.meta.json)',
        baseline: `runtime.gmacs.wasm.${name}`,
      },
      {
        metric: `runtime.webgpu.${name}.roundtrip_us`,
        value: Math.round((macs / (roundTrip * 1e9)) * 1e6),
        unit: 'µs',
        goal: 'one whole graph run: upload, kernels, read-back of every slot',
      },
    );
  }
  return figures;
}

/**
 * Peak RSS growth while loading a synthetic 64 MiB package (four int8 matmuls [4096, 4096], each
 * reading the input) in a fresh child process, divided by its params bytes.
 */
export async function loadRssRatio(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imo-load-'));
  try {
    const random = seededRandom(64);
    const n = 4096;
    const layers = [0, 1, 2, 3];
    const params = layers.flatMap(() => {
      const data = new Int8Array(n * n);
      for (let i = 0; i < data.length; i++) data[i] = Math.floor(random() * 256) - 128;
      return [
        { rows: n, cols: n, dtype: 'int8' as const, data },
        { rows: 1, cols: n, dtype: 'int32' as const, data: new Int32Array(n) },
      ];
    });
    const pkg = buildPackage({
      name: 'synthetic-64mib',
      version: '1.0.0',
      license: 'MIT',
      developer: '0x0000000000000000000000000000000000000001',
      io: { input: { rows: 1, cols: n, dtype: 'int8' }, output: { rows: 1, cols: n, dtype: 'int8' } },
      params,
      graph: layers.map((i) =>
        describeOp({
          op: 'matmul',
          paramA: 2 * i,
          paramB: 2 * i + 1,
          rows: 1,
          cols: n,
          dtype: 'int8',
          multiplier: 1,
          shift: 12,
        }),
      ),
    });
    writePackage(dir, pkg);
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'loadRss.ts'), dir], {
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`loadRss.ts failed: ${child.stderr}`);
    const { before, peak, paramsBytes, modelHash } = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
      before: number;
      peak: number;
      paramsBytes: number;
      modelHash: string;
    };
    if (modelHash !== pkg.manifest.commitment.modelHash) throw new Error('the child loaded a different package');
    return (peak - before) / paramsBytes;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
