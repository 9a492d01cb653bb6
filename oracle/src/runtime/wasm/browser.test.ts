import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, startBrowserHarness, type BrowserHarness } from '../../node/testing/browserHarness';
import { toHex } from '../commitments/keccak';
import { describeOp } from '../describeOp';
import { matmul } from '../ops/referenceOps';
import { tensorToBytes } from '../tensor';
import type { BrowserCheckResult } from '../testing/browserCheck';
import { randomPackage, randomTensor, seededRandom } from '../testing/randomGraph';
import { runModel } from '../trace';

/**
 * The WebAssembly backend in a real browser (Debian's Chromium, headless): bit-exact with the
 * reference in Node, on two threads in a cross-origin-isolated page (COOP/COEP) and on one thread
 * in a plain page, where SharedArrayBuffer is unavailable. With CI=true a missing Chromium fails.
 */
const SEEDS = [11, 12, 13, 14, 15, 16];

describe.skipIf(!haveChromium('the WebAssembly browser suite'))('WebAssembly backend in Chromium', () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness({
      entry: path.join(__dirname, '..', 'testing', 'browserCheck.ts'),
      args: ['--disable-gpu'],
    });
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  /** The Node reference results the browser must reproduce (computed once). */
  const reference = expected();
  async function expected() {
    const roots: string[] = [];
    for (const seed of SEEDS) {
      const pkg = randomPackage({ seed, maxCols: 70 });
      const input = tensorToBytes(randomTensor(seededRandom(seed ^ 7), pkg.manifest.io.input));
      roots.push(toHex((await runModel(pkg, input)).finalStateRoot));
    }
    const random = seededRandom(1024);
    const x = randomTensor(random, { rows: 3, cols: 1000, dtype: 'int8' });
    const w = randomTensor(random, { rows: 301, cols: 1000, dtype: 'int8' });
    const bias = randomTensor(random, { rows: 1, cols: 301, dtype: 'int32' });
    const product = matmul(describeOp({ op: 'matmul', paramB: 1, rows: 3, cols: 301, dtype: 'int32' }), x, w, bias);
    return { roots, matmul: [...product.data] };
  }

  async function runIn(pathname: string): Promise<BrowserCheckResult> {
    const page = await harness.open(pathname, 'runBrowserCheck');
    try {
      return await page.evaluate(
        (seeds) =>
          (globalThis as unknown as { runBrowserCheck: (s: number[]) => Promise<BrowserCheckResult> }).runBrowserCheck(
            seeds,
          ),
        SEEDS,
      );
    } finally {
      await page.close();
    }
  }

  it.each([
    { page: '/isolated/', isolated: true, threads: 2, what: 'runs on two threads in a cross-origin-isolated page' },
    { page: '/plain/', isolated: false, threads: 1, what: 'falls back to one thread without SharedArrayBuffer' },
  ])(
    '$what, bit-exact with the reference',
    async ({ page, isolated, threads }) => {
      const result = await runIn(page);
      expect(result.crossOriginIsolated).toBe(isolated);
      expect(result.threads).toBe(threads);
      expect({ roots: result.roots, matmul: result.matmul }).toEqual(await reference);
    },
    60_000,
  );
});
