import path from 'node:path';
import { MODELS_DIR, readModelPackage } from '../../oracle/src/node/readModelPackage';
import { encodeTextPrompt } from '../../oracle/src/client/textCodec';
import { createWasmBackend, runModel, runModelBatch, toHex, type Backend } from '../../oracle/src/runtime';
import type { ModelPackage } from '../../oracle/src/runtime';
import { loadDigits, splitDigits } from '../../scripts/training/trainDigits';
import { TEXT_MODEL } from '../../scripts/training/trainText';
import { median } from '../median';
import type { BenchFigure } from '../results';
import { benchWebGpu } from '../webgpu';

/** One way of serving a set of requests, timed as a whole: every trace and its S_n. */
interface Way {
  name: string;
  serve: () => Promise<string[]>;
}

/** Every request one after another (`runModel` each), S_n of each. */
const oneByOne = (pkg: ModelPackage, inputs: Uint8Array[], backend: Backend) => async () => {
  const roots: string[] = [];
  for (const input of inputs) roots.push(toHex((await runModel(pkg, input, backend)).finalStateRoot));
  return roots;
};

/** All requests as one batched execution (`runModelBatch`), S_n of each. */
const batched = (pkg: ModelPackage, inputs: Uint8Array[], backend: Backend) => async () =>
  (await runModelBatch(pkg, inputs, { backend })).map((t) => toHex(t.finalStateRoot));

/**
 * Milliseconds per serving of each way (median of `rounds`, the ways interleaved round by round so a
 * noisy minute hits all of them), after checking that every way gives the same S_n per request.
 */
async function interleaved(ways: Way[], rounds: number): Promise<Map<string, number>> {
  const first = await ways[0]!.serve();
  for (const way of ways.slice(1)) {
    const roots = await way.serve();
    if (roots.join() !== first.join()) throw new Error(`${way.name} gives other state roots than ${ways[0]!.name}`);
  }
  const times = new Map<string, number[]>(ways.map((w) => [w.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const way of ways) {
      const start = performance.now();
      await way.serve();
      times.get(way.name)!.push(performance.now() - start);
    }
  }
  return new Map([...times].map(([name, ms]) => [name, median(ms)]));
}

/**
 * Batched execution against one request at a time, in one run: 64 digits requests arriving
 * together (served as one batch, or one by one) and a batch of 16 text generations, on the
 * WebAssembly backend and on the WebGPU backend where Dawn finds an adapter. Measured at the runtime
 * level (`runModelBatch`, every trace's S_n included): the oracle node, which will feed it its
 * concurrent requests, is not in this branch.
 */
export async function runBatchSuite(): Promise<BenchFigure[]> {
  const wasm = createWasmBackend();
  const gpu = await benchWebGpu();
  const figures: BenchFigure[] = [];

  const digits = readModelPackage(path.join(MODELS_DIR, 'digits'));
  const samples = splitDigits(loadDigits()).test.slice(0, 64);
  const digitInputs = samples.map((s) => Uint8Array.from(s.pixels));
  const digitWays: Way[] = [
    { name: 'wasm.one_by_one', serve: oneByOne(digits, digitInputs, wasm) },
    { name: 'wasm.batched', serve: batched(digits, digitInputs, wasm) },
    ...(gpu ? [{ name: 'webgpu.batched', serve: batched(digits, digitInputs, gpu) }] : []),
  ];
  const digitMs = await interleaved(digitWays, 25);
  const perSecond = (name: string) => Math.round((64 / digitMs.get(name)!) * 1000);
  figures.push(
    {
      metric: 'oracle.batch.digits_per_s',
      value: perSecond('wasm.batched'),
      unit: 'digits/s',
      goal: '64 requests together as one batch (runtime level, S_n included), wasm 1 thread',
      baseline: 'oracle.batch.digits_per_s.one_by_one',
    },
    {
      metric: 'oracle.batch.digits_per_s.one_by_one',
      value: perSecond('wasm.one_by_one'),
      unit: 'digits/s',
      goal: 'the same 64 one after another, same run',
    },
  );
  if (gpu) {
    figures.push({
      metric: 'oracle.batch.digits_per_s.webgpu',
      value: perSecond('webgpu.batched'),
      unit: 'digits/s',
      goal: 'the same batch on the WebGPU backend (adapter in results.meta.json)',
      baseline: 'oracle.batch.digits_per_s',
    });
  }

  const text = readModelPackage(path.join(MODELS_DIR, TEXT_MODEL.name));
  const prompts = ['In the beginning', 'And God said', 'And Jesus answered', 'Love', 'The Lord is my shepherd'];
  const textInputs = Array.from({ length: 16 }, (_, i) =>
    encodeTextPrompt(`${prompts[i % prompts.length]!}${' '.repeat(i >> 2)}`, text.manifest.io.input.cols),
  );
  const textWays: Way[] = [
    { name: 'wasm.one_by_one', serve: oneByOne(text, textInputs, wasm) },
    { name: 'wasm.batched', serve: batched(text, textInputs, wasm) },
    ...(gpu ? [{ name: 'webgpu.batched', serve: batched(text, textInputs, gpu) }] : []),
  ];
  const textMs = await interleaved(textWays, 7);
  const us = (name: string) => Math.round(textMs.get(name)! * 1000);
  figures.push(
    {
      metric: 'runtime.textgen.batch16_latency_us',
      value: us('wasm.batched'),
      unit: 'µs',
      goal: `16 ${TEXT_MODEL.outputChars}-character generations as one batch, every S_n, wasm 1 thread`,
      baseline: 'runtime.textgen.sequential16_latency_us',
    },
    {
      metric: 'runtime.textgen.sequential16_latency_us',
      value: us('wasm.one_by_one'),
      unit: 'µs',
      goal: 'the same 16 one after another, same run',
    },
  );
  if (gpu) {
    figures.push({
      metric: 'runtime.textgen.batch16_latency_us.webgpu',
      value: us('webgpu.batched'),
      unit: 'µs',
      goal: 'the same batch on the WebGPU backend',
      baseline: 'runtime.textgen.batch16_latency_us',
    });
  }
  wasm.close();
  return figures;
}
