import type { Hex } from 'viem';
import { toHex } from '@imo/runtime/commitments/keccak';
import type { ModelPackage } from '@imo/runtime/package/loadPackage';
import { selectBackend, type BackendDescription, type BackendMode } from '@imo/runtime/selectBackend';
import { runModel, type Trace } from '@imo/runtime/trace';
import type { GpuLike } from '@imo/runtime/webgpu/openWebGpuBackend';

/** A run of a request in this tab: the trace (kept for the dispute game's moves), its output and S_n. */
export interface BrowserRun {
  trace: Trace;
  output: Hex;
  stateRoot: Hex;
  /** Milliseconds from starting the backend to S_n, both included. */
  ms: number;
  backend: BackendDescription;
  /** Whether the page is cross-origin isolated (so WebAssembly may use two threads). */
  isolated: boolean;
}

/** The threads the WebAssembly backend may use here: two when cross-origin isolated, one otherwise. */
export function browserThreads(): 1 | 2 {
  return globalThis.crossOriginIsolated ? 2 : 1;
}

/**
 * Runs a model on `input` in the browser with the oracle's own runtime: WebGPU when
 * `navigator.gpu` gives a hardware adapter (mode `auto`), WebAssembly otherwise (two threads when
 * the page is cross-origin isolated); the description says which ran and why. Every backend
 * computes the same bytes, so the output and `S_n` compare directly with what an operator posted.
 *
 * @example
 * const run = await runInBrowser(pkg, input);
 * run.stateRoot === posting.stateRoot; // the operator's trace ends where ours does
 */
export async function runInBrowser(
  pkg: ModelPackage,
  input: Uint8Array,
  mode: BackendMode = 'auto',
): Promise<BrowserRun> {
  const started = performance.now();
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  const selected = await selectBackend(mode, { ...(gpu ? { gpu } : {}), threads: browserThreads() });
  try {
    const trace = await runModel(pkg, input, selected.backend);
    const stateRoot = toHex(trace.finalStateRoot) as Hex;
    return {
      trace,
      output: toHex(trace.output) as Hex,
      stateRoot,
      ms: performance.now() - started,
      backend: selected.description,
      isolated: globalThis.crossOriginIsolated === true,
    };
  } finally {
    selected.close();
  }
}

/** The backend in words: "WebGPU (adapter)" or "WebAssembly, 2 threads (cross-origin isolated)". */
export function describeBrowserBackend(run: Pick<BrowserRun, 'backend' | 'isolated'>): string {
  const b = run.backend;
  if (b.kind === 'webgpu') return `WebGPU (${b.adapter?.name || b.adapter?.vendor || 'adapter'})`;
  const threads = b.threads ?? 1;
  const why = run.isolated
    ? threads === 2
      ? 'the page is cross-origin isolated'
      : 'SharedArrayBuffer is unavailable'
    : 'the page is not cross-origin isolated';
  return `WebAssembly, ${threads} thread${threads === 1 ? '' : 's'} (${why})`;
}

/** Runs kept for this tab's life, by chain and request: the game page answers moves from them. */
const runs = new Map<string, BrowserRun>();

export function rememberRun(chainId: number, requestId: bigint, run: BrowserRun): void {
  runs.set(`${chainId}:${requestId}`, run);
}

export function rememberedRun(chainId: number, requestId: bigint): BrowserRun | undefined {
  return runs.get(`${chainId}:${requestId}`);
}
