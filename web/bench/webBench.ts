/**
 * The web app's benchmarks (run by `npm run bench -- web` through `bench/suites/web.ts`):
 * - `web.bundle.initial_gzip_kb`: the JavaScript the first page (the models table) loads in a
 *   production build — the entry and its static imports, gzipped; the runtime, the charts and the
 *   other pages are separate chunks loaded later.
 * - `stack.start_s`: `npm start` (compiled contracts, cached) to everything answering: chain,
 *   contracts, demo, web app.
 * - `web.e2e.models_page_ready_ms`: in Chromium, navigation to the models table filled with the demo
 *   models, on the local stack, from the production build (a fresh browser context each time, median
 *   of 7); `…_dev_ms` the same from `npm start`'s dev server.
 * Prints one line `BENCH_FIGURES <json>`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchBrowser } from '../test/e2e/browser';
import { freePort, REPO_ROOT, startStack } from '../test/e2e/stack';

const WEB = path.join(REPO_ROOT, 'web');
const RUNS = 7;

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: WEB, env: { ...process.env, ...env }, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

/** Gzipped size of the JavaScript the built index.html loads up front (entry + modulepreloads). */
function initialGzipKb(outDir: string): { kb: number; files: string[] } {
  const html = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const bytes = files.reduce(
    (sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(outDir, f)), { level: 9 }).length,
    0,
  );
  return { kb: bytes / 1024, files };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function modelsPageReadyMs(url: string): Promise<number> {
  const browser = await launchBrowser();
  try {
    const times: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(url);
      await page.getByTestId('model-row-3').waitFor({ timeout: 60_000 });
      const elapsed = performance.now() - started;
      if (i > 0) times.push(elapsed); // the first run warms the server (and the dev server's transforms)
      await context.close();
    }
    return median(times);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'imo-web-build-'));
  await run([path.join(REPO_ROOT, 'node_modules', '@wagmi', 'cli', 'dist', 'esm', 'cli.js'), 'generate']);
  await run([
    path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
    'build',
    '--outDir',
    outDir,
    '--emptyOutDir',
    '--logLevel',
    'warn',
  ]);
  const bundle = initialGzipKb(outDir);
  console.log(`initial JS: ${bundle.files.join(', ')} = ${bundle.kb.toFixed(1)} kB gzipped`);

  const stack = await startStack();
  let preview: ReturnType<typeof spawn> | undefined;
  try {
    const port = await freePort();
    preview = spawn(
      process.execPath,
      [
        path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
        'preview',
        '--outDir',
        outDir,
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--strictPort',
      ],
      { cwd: WEB, env: { ...process.env, IMO_DEPLOYMENTS_DIR: path.dirname(stack.deploymentFile) }, stdio: 'ignore' },
    );
    const previewUrl = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(`${previewUrl}/imo-config.json`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const built = await modelsPageReadyMs(previewUrl);
    const dev = await modelsPageReadyMs(stack.webUrl);
    const figures = [
      { metric: 'web.bundle.initial_gzip_kb', value: Number(bundle.kb.toFixed(1)), unit: 'kB', goal: '≤ 350' },
      { metric: 'stack.start_s', value: Number(stack.startSeconds.toFixed(1)), unit: 's', goal: '≤ 60' },
      {
        metric: 'web.e2e.models_page_ready_ms',
        value: Math.round(built),
        unit: 'ms',
        goal: 'production build, median of 7',
      },
      {
        metric: 'web.e2e.models_page_ready_dev_ms',
        value: Math.round(dev),
        unit: 'ms',
        baseline: 'web.e2e.models_page_ready_ms',
        goal: "npm start's dev server",
      },
    ];
    console.log(`BENCH_FIGURES ${JSON.stringify(figures)}`);
  } finally {
    preview?.kill('SIGINT');
    await stack.stop();
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
