/**
 * The body of an inference worker thread: loads packages (verifying them against the expected
 * `modelHash` every time one is loaded), keeps them in an LRU cache, and runs the model on the
 * configured backend. Talks to `ExecutionPool` through messages only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readModelPackage } from '../../node/readModelPackage';
import { selectNodeBackend } from '../../node/selectNodeBackend';
import {
  createWasmBackend,
  referenceBackend,
  runModel,
  runModelBatch,
  toHex,
  RuntimeError,
  type Backend,
  type ModelPackage,
  type Trace,
  type WasmBackend,
} from '../../runtime';
import type { SelectedBackend } from '../../runtime/selectBackend';
import type { OracleNodeErrorCode } from '../OracleNodeError';
import { ModelCache } from './ModelCache';
import type { BatchItemReply, WorkerData, WorkerReply, WorkerRequest } from './workerProtocol';

const data = workerData as WorkerData;
let wasm: WasmBackend | undefined;
let gpu: Promise<SelectedBackend> | undefined;

/**
 * The backend: WebGPU (one device per worker, opened at first use), the reference, or WebAssembly
 * (a fresh instance after an eviction: its memory only grows).
 */
async function backend(): Promise<Backend> {
  if (data.backend === 'reference') return referenceBackend;
  if (data.backend === 'gpu') {
    gpu ??= selectNodeBackend('gpu');
    return (await gpu).backend;
  }
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

/** What failed, as the node's error codes. */
function failure(error: unknown): { ok: false; code: OracleNodeErrorCode; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RuntimeError) {
    if (error.code === 'MODEL_HASH_MISMATCH') return { ok: false, code: 'PACKAGE_MISMATCH', message };
    if (error.code === 'BAD_INPUT' || error.code === 'BACKEND_FAILED') {
      return { ok: false, code: 'INFERENCE_FAILED', message };
    }
    return { ok: false, code: 'PACKAGE_MALFORMED', message };
  }
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, code: 'PACKAGE_UNREACHABLE', message };
  if (error instanceof SyntaxError)
    return { ok: false, code: 'PACKAGE_MALFORMED', message: 'manifest is not valid JSON' };
  return { ok: false, code: 'INFERENCE_FAILED', message };
}

function itemOf(trace: Trace): BatchItemReply {
  return { ok: true, output: trace.output, stateRoot: toHex(trace.finalStateRoot) };
}

/** Runs every input: as one batched execution, or one by one when the batch fails (to tell whose input failed). */
async function runAll(pkg: ModelPackage, inputs: Uint8Array[]): Promise<BatchItemReply[]> {
  const b = await backend();
  if (inputs.length > 1) {
    try {
      return (await runModelBatch(pkg, inputs, { backend: b })).map(itemOf);
    } catch {
      // fall through: each input alone, so one bad input fails only its own request
    }
  }
  const items: BatchItemReply[] = [];
  for (const input of inputs) {
    try {
      items.push(itemOf(await runModel(pkg, input, b)));
    } catch (error) {
      items.push(failure(error));
    }
  }
  return items;
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
    const items = await runAll(pkg, request.inputs);
    return { id: request.id, ok: true, type: 'run', items, ms: performance.now() - started };
  } catch (error) {
    return { id: request.id, ...failure(error) };
  }
}

parentPort!.on('message', (request: WorkerRequest) => {
  void handle(request).then((reply) => parentPort!.postMessage(reply));
});
