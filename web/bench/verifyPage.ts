/**
 * The page the verification bench (`verifyBench.ts`) opens in Chromium: the web app's own local
 * verification (`runInBrowser`) on a bundled package, served by the app's dev server (cross-origin
 * isolated, so WebAssembly runs on two threads).
 */
import { loadPackage } from '@imo/runtime/package/loadPackage';
import { runInBrowser } from '../src/verify/runInBrowser';

export interface PageVerifyResult {
  times: number[];
  output: string;
  stateRoot: string;
  backend: string;
  threads: number;
  isolated: boolean;
}

async function benchVerify(model: string, input: number[], runs: number): Promise<PageVerifyResult> {
  const base = `/local-packages/oracle/models/${model}`;
  const manifest = (await (await fetch(`${base}/manifest.json`)).json()) as { paramsFile: string };
  const params = new Uint8Array(await (await fetch(`${base}/${manifest.paramsFile}`)).arrayBuffer());
  const pkg = loadPackage(manifest, params);
  const bytes = Uint8Array.from(input);
  const times: number[] = [];
  let last;
  for (let i = 0; i <= runs; i++) {
    last = await runInBrowser(pkg, bytes, 'cpu');
    if (i > 0) times.push(last.ms); // the first run compiles the kernel
  }
  return {
    times,
    output: last!.output,
    stateRoot: last!.stateRoot,
    backend: last!.backend.name,
    threads: last!.backend.threads ?? 1,
    isolated: last!.isolated,
  };
}

(window as unknown as { benchVerify: typeof benchVerify }).benchVerify = benchVerify;
document.getElementById('status')!.textContent = 'ready';
