/**
 * The page script of the browser test (`oracle/src/runtime/wasm/browser.test.ts`), bundled with
 * esbuild: runs the WebAssembly backend on random graphs (with two threads asked for, and every
 * product split when they are granted) and on a large matmul, and reports the state roots and how
 * many threads the page really got.
 */
import { describeOp } from '../describeOp';
import { toHex } from '../commitments/keccak';
import { tensorToBytes } from '../tensor';
import { runModel } from '../trace';
import { createWasmBackend } from '../wasm/wasmBackend';
import { randomPackage, randomTensor, seededRandom } from './randomGraph';

export interface BrowserCheckResult {
  crossOriginIsolated: boolean;
  threads: number;
  roots: string[];
  matmul: number[];
}

async function check(seeds: number[]): Promise<BrowserCheckResult> {
  const backend = createWasmBackend({ threads: 2, splitMacs: 0 });
  await backend.ready();
  const roots: string[] = [];
  for (const seed of seeds) {
    const pkg = randomPackage({ seed, maxCols: 70 });
    const input = tensorToBytes(randomTensor(seededRandom(seed ^ 7), pkg.manifest.io.input));
    roots.push(toHex((await runModel(pkg, input, backend)).finalStateRoot));
  }
  const random = seededRandom(1024);
  const x = randomTensor(random, { rows: 3, cols: 1000, dtype: 'int8' });
  const w = randomTensor(random, { rows: 301, cols: 1000, dtype: 'int8' });
  const bias = randomTensor(random, { rows: 1, cols: 301, dtype: 'int32' });
  const op = describeOp({ op: 'matmul', paramB: 1, rows: 3, cols: 301, dtype: 'int32' });
  const product = await backend.execute(op, { a: x }, { a: w, b: bias });
  const threads = backend.threads;
  backend.close();
  return { crossOriginIsolated: globalThis.crossOriginIsolated === true, threads, roots, matmul: [...product.data] };
}

(globalThis as unknown as { runBrowserCheck: typeof check }).runBrowserCheck = check;
