import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MODELS_DIR, readModelPackage } from '../../node/readModelPackage';
import { openTestBackend, testWebGpuBackend } from '../../node/testing/testWebGpuBackend';
import type { Backend } from '../backend';
import { fromHex, toHex } from '../commitments/keccak';
import { describeOp } from '../describeOp';
import { RuntimeError } from '../errors';
import { matmul } from '../ops/referenceOps';
import { buildPackage } from '../package/buildPackage';
import { loadPackage, type ModelPackage } from '../package/loadPackage';
import { runModelBatch } from '../runModelBatch';
import { tensorFromBytes, tensorToBytes } from '../tensor';
import type { GoldenModelCase, GoldenOpCase, GoldenTensor } from '../testing/goldenVectors';
import { RANDOM_DEVELOPER, randomPackage, randomTensor, seededRandom } from '../testing/randomGraph';
import { runModel, type Trace } from '../trace';
import type { OpDescriptor, Tensor } from '../types';
import { createWebGpuBackend } from './webgpuBackend';

/**
 * The WebGPU backend against the reference, on whatever adapter Dawn finds (Mesa's lavapipe in CI):
 * every golden op vector, the requantisation routine at every extreme, matmuls around the kernels'
 * tile edges, the int8 extremes with wrapping biases, random graphs, every bundled model, and
 * batched runs against single runs. Without an adapter each test is skipped, and fails under CI=true.
 */
const gpu = testWebGpuBackend();
const GOLDEN_DIR = path.join(__dirname, '..', '..', '..', 'golden');
const golden = (name: string) => JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, name), 'utf8')) as unknown;
const tensor = (g: GoldenTensor) => tensorFromBytes(fromHex(g.bytes), g.rows, g.cols, g.dtype);
const slotsOf = (t: Trace) => t.slots.map((s) => [s.rows, s.cols, s.dtype, ...s.data]);
const outputAndRoot = (t: Trace) => [toHex(t.output), toHex(t.finalStateRoot)];

describe('WebGPU backend (Dawn)', () => {
  afterAll(() => gpu.destroy());
  const product = async (backend: Backend, d: OpDescriptor, x: Tensor, w: Tensor, bias: Tensor) => [
    ...(await backend.execute(d, { a: x }, { a: w, b: bias })).data,
  ];

  it('reproduces every golden op vector (oracle/golden/ops.json) and the digits golden runs', async (ctx) => {
    const backend = await gpu.backend(ctx);
    for (const c of golden('ops.json') as GoldenOpCase[]) {
      const out = await backend.execute(
        c.descriptor,
        { a: tensor(c.inputs.a), b: c.inputs.b && tensor(c.inputs.b) },
        { a: c.params.a && tensor(c.params.a), b: c.params.b && tensor(c.params.b) },
      );
      expect(toHex(tensorToBytes(out)), c.name).toBe(c.output.bytes);
    }
    for (const m of golden('models.json') as GoldenModelCase[]) {
      const pkg = readModelPackage(path.join(MODELS_DIR, m.model));
      for (const run of m.runs) {
        const trace = await runModel(pkg, fromHex(run.input), backend);
        expect(toHex(trace.output), m.model).toBe(run.output);
        expect(toHex(trace.finalStateRoot), m.model).toBe(run.stateRoot);
      }
    }
  });

  it('requantises in 32-bit limbs exactly like the reference at every extreme of acc, m, s and zp', async (ctx) => {
    const backend = await gpu.backend(ctx);
    // One graph: x = [1], w = 1, bias = acc − 1, so each op's accumulators are exactly `accs`; one
    // op per (m, s, zp, ReLU), every op reading slot 0, run once on the device.
    const accs = [0, 1, -1, 2, -2, 65535, 65536, -65536, -65537, 2 ** 31 - 1, -(2 ** 31), 2 ** 30, -(2 ** 30) - 1];
    const graph: OpDescriptor[] = [];
    for (const multiplier of [0, 1, 2, 255, 256, 32767, 32768, 65535])
      for (let shift = 1; shift <= 47; shift++)
        for (const zeroPoint of [-128, -1, 0, 127])
          graph.push(
            describeOp({
              op: 'matmul',
              paramB: 1,
              rows: 1,
              cols: accs.length,
              dtype: 'int8',
              multiplier,
              shift,
              zeroPoint,
              attrA: (multiplier + shift) & 1,
            }),
          );
    const built = buildPackage({
      name: 'requantize-extremes',
      version: '1.0.0',
      license: 'MIT',
      developer: RANDOM_DEVELOPER,
      io: { input: { rows: 1, cols: 1, dtype: 'int8' }, output: { rows: 1, cols: accs.length, dtype: 'int8' } },
      params: [
        { name: 'w', rows: accs.length, cols: 1, dtype: 'int8', data: new Int8Array(accs.length).fill(1) },
        { name: 'bias', rows: 1, cols: accs.length, dtype: 'int32', data: Int32Array.from(accs, (a) => (a - 1) | 0) },
      ],
      graph,
    });
    const pkg = loadPackage(built.manifest, built.paramsBytes);
    const [want, got] = [await runModel(pkg, Uint8Array.of(1)), await runModel(pkg, Uint8Array.of(1), backend)];
    graph.forEach((op, i) =>
      expect([...got.slots[i + 1]!.data], `m ${op.multiplier} s ${op.shift} zp ${op.zeroPoint}`).toEqual([
        ...want.slots[i + 1]!.data,
      ]),
    );
  });

  it('matches the reference matmul at every size around the kernels’ row, column and K tiles', async (ctx) => {
    const backend = await gpu.backend(ctx);
    const random = seededRandom(19);
    const shapes: [number, number, number][] = [];
    for (const rows of [1, 3, 4, 5, 32, 33, 129])
      for (const k of [1, 31, 32, 33, 100])
        for (const n of [1, 8, 9, 127, 129])
          if (rows * n <= 129 * 129 && (rows < 32 || k !== 31)) shapes.push([rows, k, n]);
    for (const [rows, k, n] of shapes) {
      const x = randomTensor(random, { rows, cols: k, dtype: 'int8' });
      const w = randomTensor(random, { rows: n, cols: k, dtype: 'int8' });
      const bias = randomTensor(random, { rows: 1, cols: n, dtype: 'int32' });
      const int8 = describeOp({
        op: 'matmul',
        paramB: 1,
        rows,
        cols: n,
        dtype: 'int8',
        multiplier: 40_000,
        shift: 20,
        zeroPoint: -3,
        attrA: 1,
      });
      const int32 = describeOp({ op: 'matmul', paramB: 1, rows, cols: n, dtype: 'int32', attrA: k & 1 });
      for (const d of [int8, int32]) {
        expect(await product(backend, d, x, w, bias), `rows ${rows} k ${k} n ${n} ${d.dtype}`).toEqual([
          ...matmul(d, x, w, bias).data,
        ]);
      }
    }
  });

  it('wraps exactly like the reference at the int8 extremes, with wrapping biases, in both matmul kernels', async (ctx) => {
    const backend = await gpu.backend(ctx);
    const k = 4096;
    const patterns = [
      (): number => -128,
      (): number => 127,
      (j: number) => (j & 1 ? 127 : -128),
      (j: number) => (j & 1 ? -128 : 127),
    ];
    const fillRows = (rows: number, pick: (r: number) => (j: number) => number): Tensor => {
      const data = new Int8Array(rows * k);
      for (let r = 0; r < rows; r++) for (let j = 0; j < k; j++) data[r * k + j] = pick(r)(j);
      return { rows, cols: k, dtype: 'int8', data };
    };
    const w = fillRows(16, (o) => patterns[o & 3]!);
    const bias: Tensor = { rows: 1, cols: 16, dtype: 'int32', data: new Int32Array(16) };
    for (let o = 0; o < 16; o++) bias.data[o] = [2 ** 31 - 1, -(2 ** 31), 0, 12345][o >> 2]!;
    for (const rows of [3, 40]) {
      const x = fillRows(rows, (r) => patterns[r & 3]!);
      const d = describeOp({ op: 'matmul', paramB: 1, rows, cols: 16, dtype: 'int32' });
      expect(await product(backend, d, x, w, bias), `${rows} rows`).toEqual([...matmul(d, x, w, bias).data]);
    }
  });

  it('gives the reference trace (every slot, S_n) on random graphs', async (ctx) => {
    const backend = await gpu.backend(ctx);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const pkg = randomPackage({ seed, maxCols: 70 });
        const input = tensorToBytes(randomTensor(seededRandom(seed ^ 7), pkg.manifest.io.input));
        const [a, b] = [await runModel(pkg, input), await runModel(pkg, input, backend)];
        expect(slotsOf(b)).toEqual(slotsOf(a));
        expect(toHex(b.finalStateRoot)).toBe(toHex(a.finalStateRoot));
      }),
      { numRuns: Number(process.env.RUNTIME_RUNS ?? 150) },
    );
  });

  it('runs random graphs in batches, each request byte-identical to running it alone on the reference', async (ctx) => {
    const backend = await gpu.backend(ctx);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 40 }), async (seed, n) => {
        const pkg = randomPackage({ seed, maxCols: 70 });
        const random = seededRandom(seed ^ 11);
        const inputs = Array.from({ length: n }, () => tensorToBytes(randomTensor(random, pkg.manifest.io.input)));
        const batched = await runModelBatch(pkg, inputs, { backend });
        for (const [i, input] of inputs.entries()) {
          const alone = await runModel(pkg, input);
          expect(slotsOf(batched[i]!), `request ${i} of ${n}`).toEqual(slotsOf(alone));
        }
      }),
      { numRuns: Math.ceil(Number(process.env.RUNTIME_RUNS ?? 150) / 5) },
    );
  });

  it('gives every bundled model’s output and S_n, alone and batched (matrix-vector and tiled kernels)', async (ctx) => {
    const backend = await gpu.backend(ctx);
    const random = seededRandom(31);
    for (const [name, batch] of [
      ['digits', 40],
      ['digits-lite', 7],
      ['kjv-textgen', 34],
    ] as const) {
      const pkg = readModelPackage(path.join(MODELS_DIR, name));
      const inputs = Array.from({ length: batch }, () => tensorToBytes(randomTensor(random, pkg.manifest.io.input)));
      const want: string[][] = [];
      for (const input of inputs.slice(0, 3)) {
        const [a, b] = [await runModel(pkg, input), await runModel(pkg, input, backend)];
        expect(toHex(b.output), name).toBe(toHex(a.output));
        expect(toHex(b.finalStateRoot), name).toBe(toHex(a.finalStateRoot));
        want.push(outputAndRoot(a));
      }
      const batched = await runModelBatch(pkg, inputs, { backend });
      expect(batched).toHaveLength(batch);
      for (const [i, t] of batched.entries()) {
        const expected = want[i] ?? outputAndRoot(await runModel(pkg, inputs[i]!));
        expect(outputAndRoot(t), `${name} request ${i} of ${batch}`).toEqual(expected);
      }
    }
  });

  it('computes the same bytes with the dot product written out (for implementations without dot4I8Packed)', async (ctx) => {
    const backend = await gpu.backend(ctx);
    const plain = await createWebGpuBackend(backend.device, { packedDot: false });
    expect([backend.packedDot, plain.packedDot]).toEqual([true, false]);
    for (const c of golden('ops.json') as GoldenOpCase[]) {
      if (c.descriptor.op !== 'matmul') continue;
      const out = await plain.execute(
        c.descriptor,
        { a: tensor(c.inputs.a) },
        { a: tensor(c.params.a!), b: tensor(c.params.b!) },
      );
      expect(toHex(tensorToBytes(out)), c.name).toBe(c.output.bytes);
    }
    // Up to 32 rows (the reduction kernel): lavapipe takes some 20 s to compile the tiled kernel with
    // the dot product written out, and both kernels share dot16/dot4, tested here.
    const random = seededRandom(23);
    for (const [rows, k, n] of [
      [1, 33, 9],
      [5, 100, 129],
      [32, 257, 31],
    ] as const) {
      const x = randomTensor(random, { rows, cols: k, dtype: 'int8' });
      const w = randomTensor(random, { rows: n, cols: k, dtype: 'int8' });
      const bias = randomTensor(random, { rows: 1, cols: n, dtype: 'int32' });
      const d = describeOp({ op: 'matmul', paramB: 1, rows, cols: n, dtype: 'int32' });
      expect(await product(plain, d, x, w, bias), `rows ${rows} k ${k} n ${n}`).toEqual([
        ...matmul(d, x, w, bias).data,
      ]);
    }
  });

  it('runs a batch larger than maxBatch in chunks with the same bytes', async (ctx) => {
    const backend = await gpu.backend(ctx);
    const chunked = await createWebGpuBackend(backend.device, { maxBatch: 3 });
    const pkg = readModelPackage(path.join(MODELS_DIR, 'digits'));
    expect(chunked.maxBatch(pkg)).toBe(3);
    const random = seededRandom(41);
    const inputs = Array.from({ length: 8 }, () => tensorToBytes(randomTensor(random, pkg.manifest.io.input)));
    const [a, b] = [await runModelBatch(pkg, inputs, { backend: chunked }), await runModelBatch(pkg, inputs)];
    expect(a.map((t) => toHex(t.finalStateRoot))).toEqual(b.map((t) => toHex(t.finalStateRoot)));
    expect(backend.maxBatch(pkg)).toBeGreaterThan(1000);
  });

  it('rejects a bad maxBatch and fails clearly once its device is gone', async (ctx) => {
    const backend = await gpu.backend(ctx);
    await expect(createWebGpuBackend(backend.device, { maxBatch: 0 })).rejects.toThrow(/maxBatch must be at least 1/);
    const pkg: ModelPackage = readModelPackage(path.join(MODELS_DIR, 'digits-lite'));
    const other = await openTestBackend();
    other.backend!.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = await runModel(pkg, new Uint8Array(64), other.backend).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as RuntimeError).code).toBe('BACKEND_FAILED');
    expect((error as RuntimeError).message).toMatch(/device was lost/);
  });
});
