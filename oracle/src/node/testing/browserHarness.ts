import fs from 'node:fs';
import http from 'node:http';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (or `CHROMIUM_PATH`). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether Chromium is here; under `CI=true` its absence throws (the browser suites must run). */
export function haveChromium(suite: string): boolean {
  const have = fs.existsSync(CHROMIUM);
  if (!have && process.env.CI === 'true') {
    throw new Error(`CI needs Chromium at ${CHROMIUM} for ${suite} (apt-get install chromium)`);
  }
  return have;
}

/** Options of {@link startBrowserHarness}. */
export interface BrowserHarnessOptions {
  /** The page script (TypeScript), bundled with esbuild for the browser. */
  entry: string;
  /** Chromium flags beyond headless, no sandbox and no background networking. */
  args?: string[];
  /** Files served as they are, by path (`/models/digits/manifest.json` → a file). */
  files?: Record<string, string>;
}

/** A local server for one bundled page script and a headless Chromium pointed at it. */
export interface BrowserHarness {
  origin: string;
  browser: Browser;
  /** Opens `pathname` (under `/isolated/` with COOP/COEP headers), waits for `global`, returns the page. */
  open(pathname: string, global: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Serves `entry` bundled as `check.js` from a page at any path (cross-origin isolated under
 * `/isolated/`) on 127.0.0.1 and a free port, and launches Chromium headless.
 *
 * @example
 * const harness = await startBrowserHarness({ entry: path.join(__dirname, 'browserCheck.ts') });
 * const page = await harness.open('/plain/', 'runBrowserCheck');
 */
export async function startBrowserHarness(options: BrowserHarnessOptions): Promise<BrowserHarness> {
  const bundle = await build({
    entryPoints: [options.entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
  });
  const script = bundle.outputFiles[0]!.text;
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const isolated = url.startsWith('/isolated');
    const headers: Record<string, string> = isolated
      ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
      : {};
    const file = options.files?.[url];
    if (file) res.writeHead(200, { 'Content-Type': 'application/octet-stream', ...headers }).end(fs.readFileSync(file));
    else if (url.endsWith('.js')) res.writeHead(200, { 'Content-Type': 'text/javascript', ...headers }).end(script);
    else
      res
        .writeHead(200, { 'Content-Type': 'text/html', ...headers })
        .end('<!doctype html><script type="module" src="check.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      ...(options.args ?? []),
    ],
  });
  return {
    origin,
    browser,
    async open(pathname, global) {
      const page = await browser.newPage();
      await page.goto(`${origin}${pathname}`);
      await page.waitForFunction((name) => name in globalThis, global);
      return page;
    },
    async close() {
      await browser.close();
      server.close();
    },
  };
}
