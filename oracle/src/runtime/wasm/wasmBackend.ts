import type { Backend } from '../backend';
import { RuntimeError } from '../errors';
import { zeros } from '../tensor';
import { referenceBackend } from '../referenceBackend';
import type { OpDescriptor, Tensor } from '../types';
import { decodeBase64 } from '../base64';
import { MATMUL_WASM_BASE64, MATMUL_WASM_SHARED_BASE64 } from './matmulModule';
import { CONTROL_BYTES, startHelper, type Helper } from './helperThread';

interface MatmulExports {
  /** x, w, out, rows, kp, np, first, last, bias, int8, m, s, zp, floor (see matmul.wat). */
  matmul(...args: number[]): void;
}

/** Options of {@link createWasmBackend}. */
export interface WasmBackendOptions {
  /**
   * 1 or 2. With 2, products of at least {@link WasmBackendOptions.splitMacs} multiply-adds are
   * split between this thread and a helper worker sharing the module's memory. Needs
   * SharedArrayBuffer (Node, or a cross-origin-isolated page); without it the backend quietly runs
   * on one thread (`backend.threads` tells which). Default 1.
   */
  threads?: 1 | 2;
  /** Smallest product (rows · k · outputs) worth a second thread. Default 65 536 (`runtime.wasm2t.split_threshold_macs`). */
  splitMacs?: number;
}

/** The WebAssembly SIMD backend: a {@link Backend} plus how many threads it really uses. */
export interface WasmBackend extends Backend {
  readonly threads: 1 | 2;
  /** Resolves once every thread can take work (at once with one thread). */
  ready(): Promise<void>;
  /** Stops the helper thread (if any); the backend then runs on one thread. */
  close(): void;
}

const PAGE = 65_536;
const MAX_PAGES = 65_536;
/** Products below this many multiply-adds stay on one thread: waking the helper costs more. */
const DEFAULT_SPLIT_MACS = 1 << 16;
/** Outputs up to this many bytes come from shared slabs (see `output`). */
const MAX_SLAB_TENSOR = 1 << 16;

/** Whether this realm can share memory between threads (Node, or a cross-origin-isolated page). */
function canShareMemory(): boolean {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return typeof SharedArrayBuffer === 'function' && isolated !== false;
}

/**
 * A backend whose matmuls (products, bias, wrap, requantisation, ReLU) run in WebAssembly SIMD
 * (baseline SIMD; works in Node and in browsers) and every other op in the reference backend; its
 * outputs are the reference's, bit for bit (tested on random shapes, graphs and every bundled model).
 * Weight tensors are interleaved in blocks of four rows and copied into the module's memory once,
 * then reused: one backend per process (or per set of models) keeps every model it ran resident.
 *
 * @example
 * const backend = createWasmBackend({ threads: 2 });
 * const trace = await runModel(pkg, input, backend);
 */
export function createWasmBackend(options: WasmBackendOptions = {}): WasmBackend {
  const threads = options.threads ?? 1;
  const splitMacs = options.splitMacs ?? DEFAULT_SPLIT_MACS;
  if (threads !== 1 && threads !== 2) {
    throw new RuntimeError('BAD_INPUT', `threads must be 1 or 2, got ${String(threads)}`);
  }
  if (!Number.isSafeInteger(splitMacs) || splitMacs < 0) {
    throw new RuntimeError('BAD_INPUT', `splitMacs must be a non-negative integer, got ${String(splitMacs)}`);
  }
  const shared = threads === 2 && canShareMemory();
  const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared });
  const module = new WebAssembly.Module(
    decodeBase64(shared ? MATMUL_WASM_SHARED_BASE64 : MATMUL_WASM_BASE64) as BufferSource,
  );
  const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as MatmulExports;
  let helper: Helper | undefined = shared ? startHelper(module, memory) : undefined;
  const weights = new WeakMap<Tensor, number>();
  const biases = new WeakMap<Tensor, number>();
  let top = CONTROL_BYTES; // first free byte: weights below, scratch from here

  /** `bytes` of memory at a 16-byte boundary (grown as needed). */
  const reserve = (bytes: number): number => {
    const at = (top + 15) & ~15;
    const end = at + bytes;
    const have = memory.buffer.byteLength;
    if (end > have) memory.grow(Math.ceil((end - have) / PAGE));
    top = end;
    return at;
  };

  /**
   * Weights copied once into blocks of four rows by 8-column groups, two rows to an int16 lane:
   * low byte W[4b (+2)][k] + 128, high byte W[4b+1 (+3)][k] (see matmul.wat).
   */
  const weightsAt = (w: Tensor, kp: number): number => {
    const cached = weights.get(w);
    if (cached !== undefined) return cached;
    const np = (w.rows + 3) & ~3;
    const at = reserve(np * kp);
    const bytes = new Uint8Array(memory.buffer, at, np * kp).fill(0); // padding columns meet zeros of x; padding rows are never copied out
    const { rows, cols, data } = w;
    for (let o = 0; o < rows; o++) {
      // (o, k) sits in block o >> 2, 8-column group k >> 3, row pair (o & 3) >> 1, byte o & 1 of lane k & 7
      const base = (o >> 2) * 4 * kp + ((o & 3) >> 1) * 16 + (o & 1);
      const bias = o & 1 ? 0 : 128;
      for (let k = 0; k < cols; k++) bytes[base + (k >> 3) * 32 + (k & 7) * 2] = data[o * cols + k]! + bias;
    }
    weights.set(w, at);
    return at;
  };

  /** The bias, zero-padded to `np` elements, copied once. */
  const biasAt = (bias: Tensor, np: number): number => {
    let at = biases.get(bias);
    if (at === undefined) {
      at = reserve(np * 4);
      new Int32Array(memory.buffer, at, np).fill(0).set(bias.data);
      biases.set(bias, at);
    }
    return at;
  };

  // Views of the module's memory, made again only when it grows (its buffer changes then).
  let heap = memory.buffer;
  let i16 = new Int16Array(heap);
  let i32 = new Int32Array(heap);
  const views = () => {
    if (memory.buffer !== heap) {
      heap = memory.buffer;
      i16 = new Int16Array(heap);
      i32 = new Int32Array(heap);
    }
  };

  /**
   * Blocks this thread takes of a split product, per shape. This thread also copies x in and the
   * outputs out, so an even split leaves it last; each split call moves its share one block toward
   * the point where both threads finish together (measured: 45 % of mv1024 here, 10 % faster than
   * half). Which thread computes a block never changes its bytes.
   */
  const shares = new Map<string, number>();

  /**
   * Output tensors are carved, 16 at a time, out of one ArrayBuffer per byte size: allocating a
   * typed array of more than 64 bytes costs an off-heap buffer and the garbage collector's
   * bookkeeping for it (measured: 3 µs of a 38 µs mv1024 call). Each tensor owns its own region
   * (`byteOffset` into a shared buffer, as parameter tensors already are); a buffer is freed once
   * none of its tensors is alive, so one long-lived output keeps at most 15 siblings' bytes.
   */
  const slabs = new Map<number, { buffer: ArrayBuffer; next: number }>();
  const output = (r: number, c: number, dtype: OpDescriptor['dtype']): Tensor => {
    const size = dtype === 'int8' ? 1 : 4;
    const bytes = (r * c * size + 15) & ~15;
    if (bytes <= 64 || bytes > MAX_SLAB_TENSOR) return zeros(r, c, dtype);
    let slab = slabs.get(bytes);
    if (!slab || slab.next === slab.buffer.byteLength) {
      slab = { buffer: new ArrayBuffer(bytes * 16), next: 0 };
      slabs.set(bytes, slab);
    }
    const at = slab.next;
    slab.next += bytes;
    const data = dtype === 'int8' ? new Int8Array(slab.buffer, at, r * c) : new Int32Array(slab.buffer, at, r * c);
    return { rows: r, cols: c, dtype, data };
  };
  const matmul = (d: OpDescriptor, x: Tensor, w: Tensor, bias: Tensor): Tensor => {
    const { rows, cols } = x;
    const n = w.rows;
    const kp = (cols + 15) & ~15;
    const np = (n + 3) & ~3;
    const wAt = weightsAt(w, kp);
    const bAt = biasAt(bias, np);
    const scratch = top;
    const xAt = reserve(rows * kp * 2);
    const outAt = reserve(rows * np * 4);
    views();
    // x widened to int16 once, here; rows zero-padded to kp.
    if (kp === cols) i16.set(x.data, xAt >> 1);
    else
      for (let r = 0; r < rows; r++) {
        const at = (xAt >> 1) + r * kp;
        i16.set(x.data.subarray(r * cols, (r + 1) * cols), at);
        i16.fill(0, at + cols, at + kp);
      }
    const int8 = d.dtype === 'int8' ? 1 : 0;
    const floor = d.attrA === 1 ? (int8 ? d.zeroPoint : 0) : -(2 ** 31);
    const { multiplier: m, shift: s, zeroPoint: zp } = d;
    const blocks = np >> 2;
    let mine = blocks;
    let shape = '';
    if (helper?.ready() && blocks >= 2 && rows * kp * np >= splitMacs) {
      shape = `${rows}:${kp}:${np}`;
      mine = shares.get(shape) ?? blocks >> 1;
      helper.start([xAt, wAt, outAt, rows, kp, np, mine, blocks, bAt, int8, m, s, zp, floor]);
    }
    kernel.matmul(xAt, wAt, outAt, rows, kp, np, 0, mine, bAt, int8, m, s, zp, floor);
    // Copy out our outputs while the helper may still be running, then its outputs.
    const out = output(rows, n, d.dtype);
    const first = outAt >> 2;
    const copy = (from: number, to: number) => {
      if (np === n && from === 0 && to === n) out.data.set(i32.subarray(first, first + rows * n));
      else
        for (let r = 0; r < rows; r++)
          out.data.set(i32.subarray(first + r * np + from, first + r * np + to), r * n + from);
    };
    const split = Math.min(4 * mine, n);
    copy(0, split);
    if (mine < blocks) {
      const waited = helper!.wait();
      shares.set(shape, Math.min(blocks - 1, Math.max(1, mine + (waited ? 1 : -1))));
      copy(split, n);
    }
    top = scratch;
    return out;
  };

  return {
    name: shared ? 'wasm-simd-2t' : 'wasm-simd',
    get threads() {
      return helper ? 2 : 1;
    },
    async ready() {
      for (let waited = 0; helper && !helper.ready(); waited++) {
        if (waited > 10_000) throw new RuntimeError('BACKEND_FAILED', 'the wasm helper thread did not start in 10 s');
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    },
    close() {
      helper?.stop();
      helper = undefined;
    },
    execute(op, inputs, params) {
      if (op.op === 'matmul' && params.a && params.b) return matmul(op, inputs.a, params.a, params.b);
      return referenceBackend.execute(op, inputs, params);
    },
  };
}
