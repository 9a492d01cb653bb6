import path from 'node:path';
import { MODELS_DIR, readModelPackage } from '../../oracle/src/node/readModelPackage';
import { createWasmBackend, describeOp, referenceBackend, runModel, type Backend } from '../../oracle/src/runtime';
import { randomTensor, seededRandom } from '../../oracle/src/runtime/testing/randomGraph';
import { loadDigits, splitDigits } from '../../scripts/training/trainDigits';
import { medianMs } from '../median';
import type { BenchFigure } from '../results';

/** `rows` × 1024 · 1024 × 1024 int8 matmul (int32 out) on a backend: GMAC/s from the median of `runs`. */
async function matmulGmacs(backend: Backend, rows: number, runs: number): Promise<number> {
  const random = seededRandom(1024);
  const x = randomTensor(random, { rows, cols: 1024, dtype: 'int8' });
  const w = randomTensor(random, { rows: 1024, cols: 1024, dtype: 'int8' });
  const bias = randomTensor(random, { rows: 1, cols: 1024, dtype: 'int32' });
  const op = describeOp({ op: 'matmul', paramB: 1, rows, cols: 1024, dtype: 'int32' });
  const ms = await medianMs(() => backend.execute(op, { a: x }, { a: w, b: bias }), runs, 2);
  return (rows * 1024 * 1024) / (ms / 1000) / 1e9;
}

/** Reference-backend throughput, digits latency (inference + S_n) and the digits int8 accuracy. */
export async function runRuntimeSuite(): Promise<BenchFigure[]> {
  const wasm = createWasmBackend();
  const pkg = readModelPackage(path.join(MODELS_DIR, 'digits'));
  const { test } = splitDigits(loadDigits());
  let correct = 0;
  for (const s of test) {
    const trace = await runModel(pkg, Uint8Array.from(s.pixels));
    if (trace.slots[trace.opCount]!.data[0] === s.label) correct++;
  }
  const sample = Uint8Array.from(test[0]!.pixels);
  const latencyMs = await medianMs(async () => (await runModel(pkg, sample)).finalStateRoot, 200, 20);
  return [
    {
      metric: 'runtime.gmacs.reference.mv1024',
      value: await matmulGmacs(referenceBackend, 1, 15),
      unit: 'GMAC/s',
      goal: 'naive baseline',
    },
    {
      metric: 'runtime.gmacs.wasm.mv1024',
      value: await matmulGmacs(wasm, 1, 201),
      unit: 'GMAC/s',
      baseline: 'runtime.gmacs.reference.mv1024',
      goal: '>= 25x the reference (1 thread)',
    },
    {
      metric: 'runtime.gmacs.wasm.mm64x1024',
      value: await matmulGmacs(wasm, 64, 21),
      unit: 'GMAC/s',
      goal: '64 rows, 1 thread',
    },
    {
      metric: 'runtime.digits.latency_us',
      value: Math.round(latencyMs * 1000),
      unit: 'µs',
      goal: 'one inference incl. trace commitment (S_n)',
    },
    { metric: 'model.digits.accuracy_int8', value: correct / test.length, unit: '', goal: '≥ 0.95 (held-out 20 %)' },
  ];
}
