import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true') {
  throw new Error(`CI needs Chromium at ${CHROMIUM} for the browser suite (apt-get install chromium)`);
}
const SEEDS = [11, 12, 13, 14, 15, 16];

describe.skipIf(!haveChromium)('WebAssembly backend in Chromium', () => {
  let server: http.Server;
  let browser: Browser;
  let origin = '';

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [path.join(__dirname, '..', 'testing', 'browserCheck.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'chrome120',
      write: false,
    });
    const script = bundle.outputFiles[0]!.text;
    server = http.createServer((req, res) => {
      const isolated = req.url?.startsWith('/isolated') ?? false;
      const headers: Record<string, string> = isolated
        ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
        : {};
      if (req.url?.endsWith('.js')) {
        res.writeHead(200, { 'Content-Type': 'text/javascript', ...headers }).end(script);
      } else {
        res
          .writeHead(200, { 'Content-Type': 'text/html', ...headers })
          .end('<!doctype html><script type="module" src="check.js"></script>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
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
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}${pathname}`);
      await page.waitForFunction(() => 'runBrowserCheck' in globalThis);
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
