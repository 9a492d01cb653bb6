import fc from 'fast-check';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MODELS_DIR, readModelPackage } from '../node/readModelPackage';
import type { Backend } from './backend';
import { toHex } from './commitments/keccak';
import { RuntimeError } from './errors';
import { referenceBackend } from './referenceBackend';
import { runModelBatch } from './runModelBatch';
import { tensorToBytes } from './tensor';
import { randomPackage, randomTensor, seededRandom } from './testing/randomGraph';
import { runModel, type Trace } from './trace';
import { createWasmBackend } from './wasm/wasmBackend';

const slotsOf = (t: Trace) => t.slots.map((s) => [s.rows, s.cols, s.dtype, ...s.data]);

// The CPU backends batch by stacking every request's rows into one matmul (the WebAssembly kernel's
// 2 × 4 register tiles then read each weight once for two rows); the WebGPU batches are tested in
// webgpu/webgpuBackend.test.ts.
describe.each([
  ['reference', () => referenceBackend],
  ['WebAssembly, one thread', () => createWasmBackend()],
  ['WebAssembly, two threads, every product split', () => createWasmBackend({ threads: 2, splitMacs: 0 })],
] as const)('runModelBatch on the %s backend', (_name, make) => {
  const backend: Backend = make();
  afterAll(() => (backend as { close?: () => void }).close?.());

  it('gives each request of a random batch the trace it gets alone (every slot, S_n)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 9 }), async (seed, n) => {
        const pkg = randomPackage({ seed, maxCols: 70 });
        const random = seededRandom(seed ^ 3);
        const inputs = Array.from({ length: n }, () => tensorToBytes(randomTensor(random, pkg.manifest.io.input)));
        const batched = await runModelBatch(pkg, inputs, { backend });
        expect(batched).toHaveLength(n);
        for (const [i, input] of inputs.entries()) {
          const alone = await runModel(pkg, input);
          expect(slotsOf(batched[i]!), `request ${i} of ${n}`).toEqual(slotsOf(alone));
          expect(toHex(batched[i]!.finalStateRoot)).toBe(toHex(alone.finalStateRoot));
        }
      }),
      { numRuns: Math.ceil(Number(process.env.RUNTIME_RUNS ?? 150) / 3) },
    );
  });

  it('gives every bundled model’s output and S_n per request, in request order', async () => {
    const random = seededRandom(77);
    for (const name of ['digits', 'digits-lite', 'kjv-textgen']) {
      const pkg = readModelPackage(path.join(MODELS_DIR, name));
      const n = name === 'kjv-textgen' ? 5 : 17;
      const inputs = Array.from({ length: n }, () => tensorToBytes(randomTensor(random, pkg.manifest.io.input)));
      const batched = await runModelBatch(pkg, inputs, { backend });
      for (const [i, input] of inputs.entries()) {
        const alone = await runModel(pkg, input, backend);
        expect([toHex(batched[i]!.output), toHex(batched[i]!.finalStateRoot)], `${name} ${i}`).toEqual([
          toHex(alone.output),
          toHex(alone.finalStateRoot),
        ]);
      }
    }
  });
});

describe('runModelBatch on a backend without a graph-level entry', () => {
  it('runs each matmul once over the stacked rows of the whole batch, other ops per request', async () => {
    const pkg = readModelPackage(path.join(MODELS_DIR, 'digits'));
    const calls: string[] = [];
    const counting: Backend = {
      name: 'counting',
      execute(op, inputs, params) {
        calls.push(`${op.op}:${inputs.a.rows}`);
        return referenceBackend.execute(op, inputs, params);
      },
    };
    const inputs = Array.from({ length: 5 }, (_, i) => new Uint8Array(64).fill(i));
    await runModelBatch(pkg, inputs, { backend: counting });
    const matmuls = pkg.graph.filter((op) => op.op === 'matmul').length;
    expect(calls.filter((c) => c.startsWith('matmul'))).toEqual(new Array(matmuls).fill('matmul:5'));
    expect(calls.filter((c) => !c.startsWith('matmul'))).toHaveLength((pkg.graph.length - matmuls) * 5);
  });
});

describe('runModelBatch input', () => {
  const pkg = readModelPackage(path.join(MODELS_DIR, 'digits-lite'));

  it('returns no traces for no requests', async () => {
    expect(await runModelBatch(pkg, [])).toEqual([]);
  });

  it('zero-pads short requests like runModel and names the request that is too long', async () => {
    const [short] = await runModelBatch(pkg, [Uint8Array.of(3, 4)]);
    expect(toHex(short!.finalStateRoot)).toBe(toHex((await runModel(pkg, Uint8Array.of(3, 4))).finalStateRoot));
    const error = await runModelBatch(pkg, [new Uint8Array(64), new Uint8Array(65)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as RuntimeError).code).toBe('BAD_INPUT');
    expect((error as RuntimeError).message).toMatch(
      /^request 1: input is 65 bytes; the tensor \[1, 64\] int8 holds at most 64/,
    );
  });

  it('rejects a backend that returns the wrong number of traces or slots', async () => {
    const short: Backend = { ...referenceBackend, name: 'short', runGraph: async () => [] };
    await expect(runModelBatch(pkg, [new Uint8Array(64)], { backend: short })).rejects.toThrow(
      /backend short returned 0 traces for 1 requests/,
    );
    const missing: Backend = {
      ...referenceBackend,
      name: 'missing',
      runGraph: async (_p, inputs) => inputs.map((t) => [t]),
    };
    await expect(runModelBatch(pkg, [new Uint8Array(64)], { backend: missing })).rejects.toThrow(
      /backend missing returned 1 slots; the graph has/,
    );
  });
});
