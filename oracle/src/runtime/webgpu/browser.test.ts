import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS_DIR, readModelPackage } from '../../node/readModelPackage';
import { haveChromium, startBrowserHarness, type BrowserHarness } from '../../node/testing/browserHarness';
import { toHex } from '../commitments/keccak';
import { describeOp } from '../describeOp';
import { matmul } from '../ops/referenceOps';
import { browserCheckInputs, type WebGpuBrowserCheckResult } from '../testing/webgpuBrowserCheck';
import { randomPackage, randomTensor, seededRandom } from '../testing/randomGraph';
import { runModel } from '../trace';

/**
 * The WebGPU backend in a real browser: Debian's Chromium, headless, with `--enable-unsafe-webgpu`.
 * Without a GPU, Chromium's WebGPU runs on its own SwiftShader (a software Vulkan; it does not take
 * Mesa's lavapipe: with `--use-vulkan=native` and the lavapipe ICD its GPU process offers no adapter
 * or crashes). The page selects the backend as the web app will: `auto` falls back to WebAssembly
 * on a software adapter and says why; `gpu` runs WebGPU on it, bit-exact with the reference in
 * Node on random graphs (alone and batched), a tiled product and the digits model fetched like a
 * package. With CI=true a missing Chromium or WebGPU adapter fails.
 */
const SEEDS = [21, 22, 23, 24, 25];

describe.skipIf(!haveChromium('the WebGPU browser suite'))('WebGPU backend in Chromium', () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness({
      entry: path.join(__dirname, '..', 'testing', 'webgpuBrowserCheck.ts'),
      args: ['--enable-unsafe-webgpu', '--ignore-gpu-blocklist'],
      files: {
        '/models/digits/manifest.json': path.join(MODELS_DIR, 'digits', 'manifest.json'),
        '/models/digits/params.bin': path.join(MODELS_DIR, 'digits', 'params.bin'),
      },
    });
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('selects WebGPU as the web app will and computes the reference bytes', async (ctx) => {
    const page = await harness.open('/plain/', 'runWebGpuCheck');
    let result: WebGpuBrowserCheckResult;
    try {
      result = await page.evaluate(
        ([seeds, model]) =>
          (
            globalThis as unknown as {
              runWebGpuCheck: (s: number[], m: string) => Promise<WebGpuBrowserCheckResult>;
            }
          ).runWebGpuCheck(seeds, model),
        [SEEDS, '/models/digits'] as const,
      );
    } finally {
      await page.close();
    }
    if (!result.gpu) {
      const reason = `Chromium offers no WebGPU adapter (${result.auto.fallbackReason ?? 'no reason given'})`;
      if (process.env.CI === 'true') throw new Error(reason);
      return ctx.skip(reason);
    }
    expect(result.gpu.kind).toBe('webgpu');
    expect(result.gpu.adapter?.name).toBeTruthy();
    if (result.gpu.adapter!.isFallbackAdapter) {
      expect(result.auto).toMatchObject({ kind: 'wasm' });
      expect(result.auto.fallbackReason).toMatch(/only a software adapter was found/);
    } else expect(result.auto.kind).toBe('webgpu');

    const roots: string[] = [];
    const batchRoots: string[][] = [];
    for (const seed of SEEDS) {
      const pkg = randomPackage({ seed, maxCols: 70 });
      const inputs = browserCheckInputs(seed, pkg.manifest.io.input, 1 + (seed % 9));
      const traces = [];
      for (const input of inputs) traces.push(toHex((await runModel(pkg, input)).finalStateRoot));
      roots.push(traces[0]!);
      batchRoots.push(traces);
    }
    expect(result.roots).toEqual(roots);
    expect(result.batchRoots).toEqual(batchRoots);

    const digits = readModelPackage(path.join(MODELS_DIR, 'digits'));
    const inputs = browserCheckInputs(5, digits.manifest.io.input, 40);
    const want: string[] = [];
    for (const input of inputs) want.push(toHex((await runModel(digits, input)).finalStateRoot));
    expect(result.model.single).toEqual(want.slice(0, 2));
    expect(result.model.batched).toEqual(want);

    const random = seededRandom(1024);
    const x = randomTensor(random, { rows: 40, cols: 257, dtype: 'int8' });
    const w = randomTensor(random, { rows: 31, cols: 257, dtype: 'int8' });
    const bias = randomTensor(random, { rows: 1, cols: 31, dtype: 'int32' });
    const product = matmul(describeOp({ op: 'matmul', paramB: 1, rows: 40, cols: 31, dtype: 'int32' }), x, w, bias);
    expect(result.matmul).toEqual([...product.data]);
  }, 180_000);
});
