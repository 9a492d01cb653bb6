import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MODELS_DIR, readModelPackage } from '../../node/readModelPackage';
import { runModel, toHex } from '../../runtime';
import { ExecutionPool } from './ExecutionPool';

const DIGITS = path.join(MODELS_DIR, 'digits');
const digits = readModelPackage(DIGITS);
const HASH = digits.manifest.commitment.modelHash;

describe('ExecutionPool', () => {
  const pool = new ExecutionPool({ size: 2, backend: 'wasm', cacheBytes: 64 * 2 ** 20 });
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
});
