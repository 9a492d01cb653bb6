/// <reference types="@webgpu/types" />
/**
 * The page script of the WebGPU browser test (`oracle/src/runtime/webgpu/browser.test.ts`), bundled
 * with esbuild: selects the backend as the web app will (`auto`, then `gpu`), runs random graphs
 * alone and batched, a product large enough for the tiled kernel, and a bundled model fetched
 * from the test server, and reports state roots for Node to compare with the reference.
 */
import { toHex } from '../commitments/keccak';
import { describeOp } from '../describeOp';
import { loadPackage } from '../package/loadPackage';
import { runModelBatch } from '../runModelBatch';
import { selectBackend, type BackendDescription } from '../selectBackend';
import { tensorToBytes } from '../tensor';
import { runModel } from '../trace';
import { randomPackage, randomTensor, seededRandom } from './randomGraph';

export interface WebGpuBrowserCheckResult {
  hasWebGpu: boolean;
  auto: BackendDescription;
  gpu?: BackendDescription;
  roots: string[];
  batchRoots: string[][];
  model: { single: string[]; batched: string[] };
  matmul: number[];
}

/** Request bytes of the check, the same in the page and in Node. */
export function browserCheckInputs(
  seed: number,
  spec: { rows: number; cols: number; dtype: 'int8' | 'int32' },
  n: number,
) {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => tensorToBytes(randomTensor(random, spec)));
}

async function check(seeds: number[], modelPath: string): Promise<WebGpuBrowserCheckResult> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  const auto = await selectBackend('auto', { gpu });
  auto.close();
  const result: WebGpuBrowserCheckResult = {
    hasWebGpu: gpu !== undefined,
    auto: auto.description,
    roots: [],
    batchRoots: [],
    model: { single: [], batched: [] },
    matmul: [],
  };
  if (!gpu) return result;
  const selected = await selectBackend('gpu', { gpu });
  result.gpu = selected.description;
  const backend = selected.backend;
  for (const seed of seeds) {
    const pkg = randomPackage({ seed, maxCols: 70 });
    const inputs = browserCheckInputs(seed, pkg.manifest.io.input, 1 + (seed % 9));
    result.roots.push(toHex((await runModel(pkg, inputs[0]!, backend)).finalStateRoot));
    result.batchRoots.push((await runModelBatch(pkg, inputs, { backend })).map((t) => toHex(t.finalStateRoot)));
  }
  const [manifest, params] = await Promise.all([
    fetch(`${modelPath}/manifest.json`).then((r) => r.text()),
    fetch(`${modelPath}/params.bin`).then((r) => r.arrayBuffer()),
  ]);
  const pkg = loadPackage(manifest, new Uint8Array(params));
  const inputs = browserCheckInputs(5, pkg.manifest.io.input, 40);
  for (const input of inputs.slice(0, 2))
    result.model.single.push(toHex((await runModel(pkg, input, backend)).finalStateRoot));
  result.model.batched = (await runModelBatch(pkg, inputs, { backend })).map((t) => toHex(t.finalStateRoot));
  const random = seededRandom(1024);
  const x = randomTensor(random, { rows: 40, cols: 257, dtype: 'int8' });
  const w = randomTensor(random, { rows: 31, cols: 257, dtype: 'int8' });
  const bias = randomTensor(random, { rows: 1, cols: 31, dtype: 'int32' });
  const op = describeOp({ op: 'matmul', paramB: 1, rows: 40, cols: 31, dtype: 'int32' });
  result.matmul = [...(await backend.execute(op, { a: x }, { a: w, b: bias })).data];
  selected.close();
  return result;
}

(globalThis as unknown as { runWebGpuCheck: typeof check }).runWebGpuCheck = check;
