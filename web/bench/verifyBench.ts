/**
 * Local verification (`npm run bench -- verify`, through `bench/suites/verify.ts`):
 * - `web.verify.digits_ms`, `web.verify.textgen_ms`: the web app's "Verify locally" on the digits
 *   model and the text generator in headless Chromium, cross-origin isolated (WebAssembly, two
 *   threads): backend start, the run and S_n, median of 9 after a warm-up;
 * - `node.verify.digits_ms`, `node.verify.textgen_ms`: the same run in Node in the same bench (the
 *   CLI's `verify`), the baseline of each.
 * Checks the two agree on every byte (output and S_n). Prints one line `BENCH_FIGURES <json>`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createServer } from 'vite';
import { encodeTextPrompt } from '../../oracle/src/client/textCodec';
import { digitFeatures } from '../../oracle/src/preprocessing/digitFeatures';
import { DIGIT_STROKES } from '../../oracle/src/preprocessing/testing/digitStrokes';
import { createWasmBackend, loadPackage, runModel, toHex } from '../../oracle/src/runtime';
import { launchBrowser } from '../test/e2e/browser';
import { freePort, REPO_ROOT } from '../test/e2e/stack';
import type { PageVerifyResult } from './verifyPage';

const RUNS = 9;
const WEB = path.join(REPO_ROOT, 'web');
const CASES = [
  { metric: 'digits', model: 'digits', input: digitFeatures(DIGIT_STROKES[7]!) },
  { metric: 'textgen', model: 'kjv-textgen', input: encodeTextPrompt('In the beginning God created', 32) },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The CLI's local run in Node: the same steps `runInBrowser` times (backend start, run, S_n). */
async function nodeVerify(model: string, input: Uint8Array) {
  const dir = path.join(REPO_ROOT, 'oracle', 'models', model);
  const pkg = loadPackage(
    fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'),
    new Uint8Array(fs.readFileSync(path.join(dir, 'params.bin'))),
  );
  const times: number[] = [];
  let output = '';
  let stateRoot = '';
  for (let i = 0; i <= RUNS; i++) {
    const started = performance.now();
    const backend = createWasmBackend({ threads: 2 });
    try {
      const trace = await runModel(pkg, input, backend);
      stateRoot = toHex(trace.finalStateRoot);
      output = toHex(trace.output);
    } finally {
      backend.close();
    }
    if (i > 0) times.push(performance.now() - started);
  }
  return { ms: median(times), output, stateRoot };
}

async function main(): Promise<void> {
  const port = await freePort();
  const server = await createServer({
    configFile: path.join(WEB, 'vite.config.ts'),
    root: WEB,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port, strictPort: true },
  });
  await server.listen();
  const browser = await launchBrowser();
  const figures = [];
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/bench/verify.html`);
    await page.getByText('ready').waitFor({ timeout: 120_000 });
    for (const c of CASES) {
      const inBrowser = (await page.evaluate(
        ([model, input, runs]) =>
          (window as unknown as { benchVerify: (m: string, i: number[], r: number) => Promise<unknown> }).benchVerify(
            model,
            input,
            runs,
          ),
        [c.model, Array.from(c.input), RUNS] as const,
      )) as PageVerifyResult;
      if (!inBrowser.isolated || inBrowser.threads !== 2) {
        throw new Error(
          `the bench page ran on ${inBrowser.threads} thread(s), isolated: ${inBrowser.isolated}; it must be cross-origin isolated`,
        );
      }
      const inNode = await nodeVerify(c.model, c.input);
      if (inNode.output !== inBrowser.output || inNode.stateRoot !== inBrowser.stateRoot) {
        throw new Error(`${c.model}: Chromium and Node disagree (${inBrowser.stateRoot} vs ${inNode.stateRoot})`);
      }
      const web = median(inBrowser.times);
      console.log(
        `${c.model}: Chromium ${web.toFixed(2)} ms (${inBrowser.backend}), Node ${inNode.ms.toFixed(2)} ms, ratio ${(web / inNode.ms).toFixed(2)}`,
      );
      figures.push(
        {
          metric: `node.verify.${c.metric}_ms`,
          value: Number(inNode.ms.toFixed(2)),
          unit: 'ms',
          goal: 'Node, WebAssembly 2 threads',
        },
        {
          metric: `web.verify.${c.metric}_ms`,
          value: Number(web.toFixed(2)),
          unit: 'ms',
          baseline: `node.verify.${c.metric}_ms`,
          goal: 'Chromium, 2 threads, median of 9',
        },
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`BENCH_FIGURES ${JSON.stringify(figures)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
