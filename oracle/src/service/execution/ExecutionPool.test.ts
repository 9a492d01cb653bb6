import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MODELS_DIR, readModelPackage } from '../../node/readModelPackage';
import { runModel, toHex } from '../../runtime';
import { openTestBackend } from '../../node/testing/testWebGpuBackend';
import { ExecutionPool } from './ExecutionPool';

const DIGITS = path.join(MODELS_DIR, 'digits');
const digits = readModelPackage(DIGITS);
const HASH = digits.manifest.commitment.modelHash;

describe('ExecutionPool', () => {
  const pool = new ExecutionPool({ size: 2, backend: 'cpu', cacheBytes: 64 * 2 ** 20 });
  afterAll(() => pool.close());

  it('runs a model in worker threads with the same output and state root as the reference backend', async () => {
    const inputs = Array.from({ length: 6 }, (_, i) => Uint8Array.from({ length: 64 }, (_, j) => (i * 7 + j) % 17));
    const results = await Promise.all(inputs.map((input) => pool.run(HASH, DIGITS, input)));
    for (const [i, input] of inputs.entries()) {
      const trace = await runModel(digits, input);
      expect(toHex(results[i]!.output)).toBe(toHex(trace.output));
      expect(results[i]!.stateRoot).toBe(toHex(trace.finalStateRoot));
    }
  });

  it('refuses a package whose bytes do not match the expected modelHash', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imo-pkg-'));
    fs.copyFileSync(path.join(DIGITS, 'manifest.json'), path.join(dir, 'manifest.json'));
    const params = fs.readFileSync(path.join(DIGITS, digits.manifest.paramsFile));
    params[0] = params[0]! ^ 1;
    fs.writeFileSync(path.join(dir, digits.manifest.paramsFile), params);
    await expect(pool.verify(HASH, dir)).rejects.toMatchObject({ code: 'PACKAGE_MISMATCH' });
    const fresh = new ExecutionPool({ size: 1, backend: 'reference', cacheBytes: 2 ** 20 });
    try {
      await expect(fresh.run(HASH, dir, new Uint8Array(64))).rejects.toMatchObject({ code: 'PACKAGE_MISMATCH' });
    } finally {
      await fresh.close();
    }
  });

  it('refuses a package verified against another modelHash', async () => {
    const other = `0x${'ab'.repeat(32)}`;
    await expect(pool.verify(other, DIGITS)).rejects.toMatchObject({ code: 'PACKAGE_MISMATCH' });
  });

  it('runs the requests that wait together, for one model, as one batched execution with the same bytes', async () => {
    const one = new ExecutionPool({ size: 1, backend: 'cpu', cacheBytes: 64 * 2 ** 20 });
    try {
      const inputs = Array.from({ length: 20 }, (_, i) => Uint8Array.from({ length: 64 }, (_, j) => (i * 5 + j) % 17));
      const tooLong = new Uint8Array(65);
      const runs = [...inputs, tooLong].map((input) =>
        one.run(HASH, DIGITS, input).then(
          (r) => r,
          (e: unknown) => e,
        ),
      );
      const results = await Promise.all(runs);
      expect(one.stats.runs).toBe(21);
      expect(one.stats.executions).toBeLessThan(5); // the first alone, the rest as one or a few batches
      for (const [i, input] of inputs.entries()) {
        const trace = await runModel(digits, input);
        const r = results[i] as { output: Uint8Array; stateRoot: string };
        expect(toHex(r.output)).toBe(toHex(trace.output));
        expect(r.stateRoot).toBe(toHex(trace.finalStateRoot));
      }
      // one bad input in a batch fails its own request only
      expect(results[20]).toMatchObject({ code: 'INFERENCE_FAILED' });
    } finally {
      await one.close();
    }
  });

  it('runs on WebGPU when the node resolves its backend to "gpu" (skipped without an adapter; fails under CI)', async (ctx) => {
    const { backend, reason } = await openTestBackend();
    backend?.destroy();
    if (!backend) {
      if (process.env.CI === 'true') throw new Error(`CI needs a WebGPU adapter: ${reason}`);
      return ctx.skip(reason);
    }
    const gpu = new ExecutionPool({ size: 1, backend: 'gpu', cacheBytes: 64 * 2 ** 20 });
    try {
      const inputs = Array.from({ length: 8 }, (_, i) => Uint8Array.from({ length: 64 }, (_, j) => (i * 3 + j) % 17));
      const results = await Promise.all(inputs.map((input) => gpu.run(HASH, DIGITS, input)));
      for (const [i, input] of inputs.entries()) {
        const trace = await runModel(digits, input);
        expect(toHex(results[i]!.output)).toBe(toHex(trace.output));
        expect(results[i]!.stateRoot).toBe(toHex(trace.finalStateRoot));
      }
    } finally {
      await gpu.close();
    }
  });
});
