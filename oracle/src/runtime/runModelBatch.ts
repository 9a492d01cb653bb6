import type { Backend } from './backend';
import { RuntimeError } from './errors';
import type { ModelPackage } from './package/loadPackage';
import { referenceBackend } from './referenceBackend';
import { tensorFromBytes } from './tensor';
import { Trace, checkSlots, runOp } from './trace';
import type { OpDescriptor, Tensor } from './types';

/** Options of {@link runModelBatch}. */
export interface RunModelBatchOptions {
  /** The backend (default: the reference backend). */
  backend?: Backend;
}

/**
 * Runs one model on many requests as one batched execution and returns one trace per request, in
 * order; each is byte-identical (every slot, output and `S_n`) to `runModel` on that request alone.
 *
 * Requests are stacked as rows: slot i of the batch is every request's slot i one after another,
 * so each matmul over the batch is one matrix product (a batch of matrix-vector products becomes a
 * matrix product that reads every weight once), and every other op works request by request. A
 * backend with a graph-level entry (WebGPU) runs the whole batch on the device in one submission
 * (in chunks if the device cannot hold it at once); any other (WebAssembly, reference) runs each
 * matmul once over the stacked rows and the other ops per request.
 *
 * Throws `RuntimeError` `BAD_INPUT` naming the request whose bytes are longer than the input tensor.
 *
 * @example
 * const backend = createWasmBackend();
 * const traces = await runModelBatch(pkg, requests.map((r) => r.input), { backend });
 * traces.map((t) => toHex(t.finalStateRoot));
 */
export async function runModelBatch(
  pkg: ModelPackage,
  inputs: Uint8Array[],
  options: RunModelBatchOptions = {},
): Promise<Trace[]> {
  const backend = options.backend ?? referenceBackend;
  const { rows, cols, dtype } = pkg.manifest.io.input;
  const tensors = inputs.map((input, i) => {
    try {
      return tensorFromBytes(input, rows, cols, dtype);
    } catch (error) {
      if (error instanceof RuntimeError) throw new RuntimeError(error.code, `request ${i}: ${error.message}`);
      throw error;
    }
  });
  if (tensors.length === 0) return [];
  const slots = backend.runGraph ? await backend.runGraph(pkg, tensors) : await runStacked(pkg, tensors, backend);
  if (slots.length !== tensors.length) {
    throw new RuntimeError(
      'BACKEND_FAILED',
      `backend ${backend.name} returned ${slots.length} traces for ${tensors.length} requests`,
    );
  }
  return slots.map((s) => new Trace(pkg, checkSlots(pkg, s, backend)));
}

/** Rows of several int8 tensors of one width, one after another. */
function stackRows(parts: Tensor[]): Tensor {
  const { cols, dtype } = parts[0]!;
  const rows = parts.reduce((n, t) => n + t.rows, 0);
  const data = dtype === 'int8' ? new Int8Array(rows * cols) : new Int32Array(rows * cols);
  let at = 0;
  for (const t of parts) {
    data.set(t.data, at);
    at += t.data.length;
  }
  return { rows, cols, dtype, data };
}

/**
 * Op by op over the batch: each matmul once over every request's rows stacked (one product instead
 * of one per request), its output split back into per-request views; other ops per request.
 */
async function runStacked(pkg: ModelPackage, inputs: Tensor[], backend: Backend): Promise<Tensor[][]> {
  const slots = inputs.map((t) => [t]);
  for (const op of pkg.graph) {
    if (op.op !== 'matmul' || inputs.length === 1) {
      for (const s of slots) s.push(await runOp(pkg, op, s, backend));
      continue;
    }
    const x = stackRows(slots.map((s) => s[op.inputA]!));
    const stacked: OpDescriptor = { ...op, rows: x.rows };
    const out = await backend.execute(stacked, { a: x }, { a: pkg.params[op.paramA], b: pkg.params[op.paramB] });
    if (out.rows !== x.rows || out.cols !== op.cols || out.dtype !== op.dtype) {
      throw new RuntimeError(
        'SHAPE_MISMATCH',
        `backend ${backend.name} returned [${out.rows}, ${out.cols}] ${out.dtype} for a stacked matmul of [${x.rows}, ${op.cols}]`,
      );
    }
    const size = op.rows * op.cols;
    slots.forEach((s, b) =>
      s.push({ rows: op.rows, cols: op.cols, dtype: op.dtype, data: out.data.subarray(b * size, (b + 1) * size) }),
    );
  }
  return slots;
}
