import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { RuntimeError } from '../errors';
import fs from 'node:fs';
import path from 'node:path';
import { MODELS_DIR, readModelPackage } from '../../node/readModelPackage';
import { fromHex, toHex } from '../commitments/keccak';
import { describeOp } from '../describeOp';
import { matmul } from '../ops/referenceOps';
import { tensorFromBytes, tensorToBytes } from '../tensor';
import type { GoldenModelCase, GoldenOpCase, GoldenTensor } from '../testing/goldenVectors';
import type { OpDescriptor, Tensor } from '../types';
import { randomPackage, randomTensor, seededRandom } from '../testing/randomGraph';
import { runModel } from '../trace';
import { createWasmBackend } from './wasmBackend';

// Two threads with `splitMacs: 0` split every product with two or more blocks of four outputs, so
// the helper's half and the seam between the halves are exercised at every size below.
describe.each([
  ['one thread', { threads: 1 }],
  ['two threads, every product split', { threads: 2, splitMacs: 0 }],
] as const)('WebAssembly SIMD backend (%s)', (_name, options) => {
  const backend = createWasmBackend(options);
  afterAll(() => backend.close());
  /** The backend's matmul output as plain numbers (the wasm backend answers synchronously). */
  const product = (d: OpDescriptor, x: Tensor, w: Tensor, bias: Tensor): number[] => {
    const got = backend.execute(d, { a: x }, { a: w, b: bias });
    return 'data' in got ? [...got.data] : [];
  };
  /** A random `rows` × `k` · `k` × `n` int32 product (seeded) and the reference's answer. */
  const randomProduct = (seed: number, rows: number, k: number, n: number) => {
    const random = seededRandom(seed);
    const d = describeOp({ op: 'matmul', paramB: 1, rows, cols: n, dtype: 'int32' });
    const x = randomTensor(random, { rows, cols: k, dtype: 'int8' });
    const w = randomTensor(random, { rows: n, cols: k, dtype: 'int8' });
    const bias = randomTensor(random, { rows: 1, cols: n, dtype: 'int32' });
    return { d, x, w, bias, want: [...matmul(d, x, w, bias).data] };
  };

  it('runs on the number of threads asked for (Node shares memory)', async () => {
    await backend.ready();
    expect(backend.threads).toBe(options.threads);
  });

  it('matches the reference matmul bit for bit at every size around the 16-byte and 4-row blocks', () => {
    const random = seededRandom(9);
    for (const rows of [1, 2, 3, 5]) {
      for (const k of [1, 7, 15, 16, 17, 31, 32, 33, 64, 100]) {
        for (const n of [1, 3, 4, 5, 8, 9, 13]) {
          const x = randomTensor(random, { rows, cols: k, dtype: 'int8' });
          const w = randomTensor(random, { rows: n, cols: k, dtype: 'int8' });
          const bias = randomTensor(random, { rows: 1, cols: n, dtype: 'int32' });
          for (const d of [
            describeOp({ op: 'matmul', paramB: 1, rows, cols: n, dtype: 'int32' }),
            describeOp({
              op: 'matmul',
              paramB: 1,
              rows,
              cols: n,
              dtype: 'int8',
              multiplier: 40_000,
              shift: 20,
              zeroPoint: -3,
              attrA: 1,
            }),
          ]) {
            const want = matmul(d, x, w, bias);
            const got = backend.execute(d, { a: x }, { a: w, b: bias });
            expect([...('data' in got ? got.data : [])], `rows ${rows} k ${k} n ${n}`).toEqual([...want.data]);
          }
        }
      }
    }
  });

  it('keeps its answers when the memory grows between products (new views, resident weights)', () => {
    const small = randomProduct(21, 3, 40, 9);
    expect(product(small.d, small.x, small.w, small.bias)).toEqual(small.want);
    // A 2 MiB weight tensor forces the memory to grow (the buffer, and so every view, is replaced).
    const big = randomProduct(22, 1, 1024, 2048);
    expect(product(big.d, big.x, big.w, big.bias)).toEqual(big.want);
    expect(product(small.d, small.x, small.w, small.bias)).toEqual(small.want);
  });

  it('wraps exactly like the reference at the int8 extremes, in every lane of a weight pair', () => {
    // Rows of x and of W made of −128, 127 and both alternating, so every low/high byte pairing of
    // a lane meets every sign of x, in the paired and the odd-row tiles, with wrapping biases.
    const k = 4096;
    const patterns = [
      (): number => -128,
      (): number => 127,
      (j: number) => (j & 1 ? 127 : -128),
      (j: number) => (j & 1 ? -128 : 127),
    ];
    const fillRows = (rows: number, pick: (r: number) => (j: number) => number) => {
      const data = new Int32Array(rows * k);
      for (let r = 0; r < rows; r++) for (let j = 0; j < k; j++) data[r * k + j] = pick(r)(j);
      return { rows, cols: k, dtype: 'int8' as const, data };
    };
    const x = fillRows(3, (r) => patterns[r]!);
    const w = fillRows(16, (o) => patterns[o & 3]!);
    const bias = { rows: 1, cols: 16, dtype: 'int32' as const, data: new Int32Array(16) };
    for (let o = 0; o < 16; o++) bias.data[o] = [2 ** 31 - 1, -(2 ** 31), 0, 12345][o >> 2]!;
    const d = describeOp({ op: 'matmul', paramB: 1, rows: 3, cols: 16, dtype: 'int32' });
    expect(product(d, x, w, bias)).toEqual([...matmul(d, x, w, bias).data]);
  });

  it('reproduces every golden op vector (oracle/golden/ops.json) and the digits golden runs', async () => {
    const GOLDEN_DIR = path.join(__dirname, '..', '..', '..', 'golden');
    const golden = (name: string) => JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, name), 'utf8')) as unknown;
    const tensor = (g: GoldenTensor) => tensorFromBytes(fromHex(g.bytes), g.rows, g.cols, g.dtype);
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
        expect(toHex(trace.finalStateRoot), m.model).toBe(run.stateRoot);
      }
    }
  });

  it('gives the same bytes however the two threads share a product (the split moves call by call)', () => {
    const { d, x, w, bias, want } = randomProduct(44, 2, 200, 37);
    for (let call = 0; call < 40; call++) {
      expect(product(d, x, w, bias), `call ${call}`).toEqual(want);
    }
  });

  it('hands out independent output tensors, though up to 16 share one buffer', () => {
    const { d, x, w, bias, want } = randomProduct(45, 1, 64, 100);
    const outs = Array.from({ length: 40 }, () => backend.execute(d, { a: x }, { a: w, b: bias }) as Tensor);
    outs[0]!.data.fill(7); // writing one output touches no other
    outs.slice(1).forEach((t, i) => expect([...t.data], `output ${i + 1}`).toEqual(want));
    const sameBuffer = outs.filter((t) => t.data.buffer === outs[1]!.data.buffer);
    expect(sameBuffer.length).toBeGreaterThan(1);
    expect(sameBuffer.length).toBeLessThanOrEqual(16);
    expect(new Set(sameBuffer.map((t) => t.data.byteOffset)).size).toBe(sameBuffer.length);
  });

  it('gives the reference trace on every bundled model', async () => {
    const random = seededRandom(31);
    for (const name of ['digits', 'digits-lite', 'kjv-textgen']) {
      const pkg = readModelPackage(path.join(MODELS_DIR, name));
      for (let i = 0; i < 3; i++) {
        const input = tensorToBytes(randomTensor(random, pkg.manifest.io.input));
        const [a, b] = [await runModel(pkg, input), await runModel(pkg, input, backend)];
        expect(toHex(b.finalStateRoot), `${name} input ${i}`).toBe(toHex(a.finalStateRoot));
      }
    }
  });

  it('a helper that went to sleep between products picks up the next one', async () => {
    const random = seededRandom(5);
    const x = randomTensor(random, { rows: 2, cols: 300, dtype: 'int8' });
    const w = randomTensor(random, { rows: 37, cols: 300, dtype: 'int8' });
    const bias = randomTensor(random, { rows: 1, cols: 37, dtype: 'int32' });
    const d = describeOp({ op: 'matmul', paramB: 1, rows: 2, cols: 37, dtype: 'int32' });
    const want = [...matmul(d, x, w, bias).data];
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10)); // the helper sleeps after 2 ms idle
      expect([...(await backend.execute(d, { a: x }, { a: w, b: bias })).data]).toEqual(want);
    }
  });

  it('gives the reference trace (every slot, S_n) on random graphs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const pkg = randomPackage({ seed, maxCols: 70 });
        const input = tensorToBytes(randomTensor(seededRandom(seed ^ 7), pkg.manifest.io.input));
        const [a, b] = [await runModel(pkg, input), await runModel(pkg, input, backend)];
        expect(toHex(b.finalStateRoot)).toBe(toHex(a.finalStateRoot));
        a.slots.forEach((s, i) => expect([...b.slots[i]!.data]).toEqual([...s.data]));
      }),
      { numRuns: Number(process.env.RUNTIME_RUNS ?? 150) },
    );
  });
});

describe('createWasmBackend options', () => {
  it('rejects a thread count other than 1 or 2 and a bad split threshold', () => {
    expect(() => createWasmBackend({ threads: 3 as 1 })).toThrow(/threads must be 1 or 2, got 3/);
    expect(() => createWasmBackend({ splitMacs: -1 })).toThrow(/splitMacs must be a non-negative integer, got -1/);
    expect(() => createWasmBackend({ splitMacs: 1.5 })).toThrow(RuntimeError);
  });
});
