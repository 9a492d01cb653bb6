import type { Backend } from '../backend';
import { finishMatmul } from '../ops/referenceOps';
import { referenceBackend } from '../referenceBackend';
import type { OpDescriptor, Tensor } from '../types';
import { MATMUL_WASM_BASE64 } from './matmulModule';

interface MatmulExports {
  memory: WebAssembly.Memory;
  matmul(x: number, w: number, out: number, rows: number, kp: number, n: number): void;
}

const PAGE = 65_536;

function decodeBase64(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/**
 * A backend whose matmul products run in WebAssembly SIMD (baseline SIMD; works in Node and in
 * browsers), with every other op, and the bias, wrap, requantisation and ReLU after the products,
 * shared with the reference backend — so its outputs are the reference's, bit for bit. Weight
 * tensors are widened to int16 and copied into the module's memory once, then reused.
 *
 * @example
 * const trace = await runModel(pkg, input, createWasmBackend());
 */
export function createWasmBackend(): Backend {
  const module = new WebAssembly.Module(decodeBase64(MATMUL_WASM_BASE64) as BufferSource);
  const exports = new WebAssembly.Instance(module).exports as unknown as MatmulExports;
  const weights = new WeakMap<Tensor, number>();
  let top = 0; // first free byte: weights below, scratch from here

  /** `bytes` of memory at a 16-byte boundary (grown as needed). */
  const reserve = (bytes: number): number => {
    const at = (top + 15) & ~15;
    const end = at + bytes;
    const have = exports.memory.buffer.byteLength;
    if (end > have) exports.memory.grow(Math.ceil((end - have) / PAGE));
    top = end;
    return at;
  };

  /** Weights widened to int16 once, each row zero-padded to `kp` (a multiple of 16) elements. */
  const weightsAt = (w: Tensor, kp: number): number => {
    let at = weights.get(w);
    if (at === undefined) {
      at = reserve(w.rows * kp * 2);
      const wide = new Int16Array(exports.memory.buffer, at, w.rows * kp);
      for (let o = 0; o < w.rows; o++) wide.set(w.data.subarray(o * w.cols, (o + 1) * w.cols), o * kp);
      weights.set(w, at);
    }
    return at;
  };

  const matmul = (d: OpDescriptor, x: Tensor, w: Tensor, bias: Tensor): Tensor => {
    const kp = (x.cols + 15) & ~15;
    const wAt = weightsAt(w, kp);
    const scratch = top;
    const xAt = reserve(x.rows * kp);
    const outAt = reserve(x.rows * w.rows * 4);
    const xs = new Int8Array(exports.memory.buffer, xAt, x.rows * kp);
    xs.fill(0);
    for (let r = 0; r < x.rows; r++) xs.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), r * kp);
    exports.matmul(xAt, wAt, outAt, x.rows, kp, w.rows);
    const sums = new Int32Array(exports.memory.buffer, outAt, x.rows * w.rows).slice();
    top = scratch;
    return finishMatmul(d, x.rows, w.rows, sums, bias);
  };

  return {
    name: 'wasm-simd',
    execute(op, inputs, params) {
      if (op.op === 'matmul' && params.a && params.b) return matmul(op, inputs.a, params.a, params.b);
      return referenceBackend.execute(op, inputs, params);
    },
  };
}
