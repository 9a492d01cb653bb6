/**
 * The body of an inference worker thread: loads packages (verifying them against the expected
 * `modelHash` every time one is loaded), keeps them in an LRU cache, and runs the model on the
 * configured backend. Talks to `ExecutionPool` through messages only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readModelPackage } from '../../node/readModelPackage';
import {
  createWasmBackend,
  referenceBackend,
  runModel,
  toHex,
  RuntimeError,
  type Backend,
  type ModelPackage,
  type WasmBackend,
} from '../../runtime';
import { ModelCache } from './ModelCache';
import type { WorkerData, WorkerReply, WorkerRequest } from './workerProtocol';

const data = workerData as WorkerData;
let wasm: WasmBackend | undefined;

/** The backend; a fresh WebAssembly backend after an eviction (its memory only grows). */
function backend(): Backend {
  if (data.backend === 'reference') return referenceBackend;
  wasm ??= createWasmBackend({ threads: 1 });
  return wasm;
}

const cache = new ModelCache<ModelPackage>(data.cacheBytes, () => {
  wasm?.close();
  wasm = undefined;
});

function load(modelHash: string, dir: string): ModelPackage {
  const cached = cache.get(modelHash);
  if (cached) return cached;
  const pkg = readModelPackage(dir, { expectedModelHash: modelHash });
  const size = pkg.params.reduce((n, t) => n + t.data.byteLength, 0);
  cache.set(modelHash, pkg, size);
  return pkg;
}

function failure(id: number, error: unknown): WorkerReply {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RuntimeError) {
    if (error.code === 'MODEL_HASH_MISMATCH') return { id, ok: false, code: 'PACKAGE_MISMATCH', message };
    if (error.code === 'BAD_INPUT' || error.code === 'BACKEND_FAILED') {
      return { id, ok: false, code: 'INFERENCE_FAILED', message };
    }
    return { id, ok: false, code: 'PACKAGE_MALFORMED', message };
  }
  if ((error as NodeJS.ErrnoException).code === 'ENOENT')
    return { id, ok: false, code: 'PACKAGE_UNREACHABLE', message };
  if (error instanceof SyntaxError)
    return { id, ok: false, code: 'PACKAGE_MALFORMED', message: 'manifest is not valid JSON' };
  return { id, ok: false, code: 'INFERENCE_FAILED', message };
}

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  try {
    if (request.type === 'verify') {
      // always from the files: a verification checks these bytes, not what is cached
      const pkg = readModelPackage(request.dir, { expectedModelHash: request.modelHash });
      return { id: request.id, ok: true, type: 'verify', name: pkg.manifest.name };
    }
    const pkg = load(request.modelHash, request.dir);
    const started = performance.now();
    const trace = await runModel(pkg, request.input, backend());
    const output = trace.output;
    const stateRoot = toHex(trace.finalStateRoot);
    return { id: request.id, ok: true, type: 'run', output, stateRoot, ms: performance.now() - started };
  } catch (error) {
    return failure(request.id, error);
  }
}

parentPort!.on('message', (request: WorkerRequest) => {
  void handle(request).then((reply) => parentPort!.postMessage(reply));
});
