import { BYTES_PER_ELEMENT, type Dtype, type Tensor } from './types';
import { RuntimeError } from './errors';

/** Allocates a zero tensor of the given shape (int8 elements in an Int8Array, int32 in an Int32Array). */
export function zeros(rows: number, cols: number, dtype: Dtype): Tensor {
  return { rows, cols, dtype, data: dtype === 'int8' ? new Int8Array(rows * cols) : new Int32Array(rows * cols) };
}

/** Smallest power of two ≥ n (1 for n ≤ 1). */
export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Number of 32-byte chunks each row of a tensor is padded to: a power of two, at least 1. */
export function chunksPerRow(cols: number, dtype: Dtype): number {
  return nextPow2(Math.ceil((cols * BYTES_PER_ELEMENT[dtype]) / 32));
}

/** Number of rows a tensor is padded to: a power of two, at least 1. */
export function paddedRows(rows: number): number {
  return nextPow2(rows);
}

/** Writes one element at `offset` of `out` in the tensor byte format. */
export function writeElement(out: Uint8Array, offset: number, value: number, dtype: Dtype): void {
  if (dtype === 'int8') {
    out[offset] = value & 0xff;
  } else {
    out[offset] = (value >>> 24) & 0xff;
    out[offset + 1] = (value >>> 16) & 0xff;
    out[offset + 2] = (value >>> 8) & 0xff;
    out[offset + 3] = value & 0xff;
  }
}

/** Reads one element at `offset` of `bytes` in the tensor byte format. */
export function readElement(bytes: Uint8Array, offset: number, dtype: Dtype): number {
  if (dtype === 'int8') return (bytes[offset]! << 24) >> 24;
  return (bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]! | 0;
}

/** The elements of a tensor as unpadded bytes, row-major (the response format of a model output). */
export function tensorToBytes(t: Tensor): Uint8Array {
  const size = BYTES_PER_ELEMENT[t.dtype];
  const out = new Uint8Array(t.data.length * size);
  for (let i = 0; i < t.data.length; i++) writeElement(out, i * size, t.data[i]!, t.dtype);
  return out;
}

/**
 * A tensor from unpadded bytes. Shorter input is zero-padded (the request input rule); longer
 * input is rejected.
 */
export function tensorFromBytes(bytes: Uint8Array, rows: number, cols: number, dtype: Dtype): Tensor {
  const size = BYTES_PER_ELEMENT[dtype];
  const length = rows * cols * size;
  if (bytes.length > length) {
    throw new RuntimeError(
      'BAD_INPUT',
      `input is ${bytes.length} bytes; the tensor [${rows}, ${cols}] ${dtype} holds at most ${length}`,
    );
  }
  const padded = new Uint8Array(length);
  padded.set(bytes);
  const t = zeros(rows, cols, dtype);
  for (let i = 0; i < rows * cols; i++) t.data[i] = readElement(padded, i * size, dtype);
  return t;
}

/**
 * Writes row `row`'s elements in the tensor byte format into `out` from `offset` (cols · size
 * bytes; the caller zeroes the padding after them).
 */
export function writeRow(t: Tensor, row: number, out: Uint8Array, offset: number): void {
  if (t.dtype === 'int8' && t.data instanceof Int8Array) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset + row * t.cols, t.cols), offset);
    return;
  }
  const size = BYTES_PER_ELEMENT[t.dtype];
  for (let c = 0; c < t.cols; c++) writeElement(out, offset + c * size, t.data[row * t.cols + c]!, t.dtype);
}

/** One row of a tensor as its padded bytes (chunksPerRow · 32 bytes, zero beyond the elements). */
export function rowBytes(t: Tensor, row: number): Uint8Array {
  const out = new Uint8Array(chunksPerRow(t.cols, t.dtype) * 32);
  if (row < t.rows) writeRow(t, row, out, 0);
  return out;
}

/** Checks that every value fits the tensor's dtype. */
export function assertFitsDtype(t: Tensor, what: string): void {
  const [lo, hi] = t.dtype === 'int8' ? [-128, 127] : [-(2 ** 31), 2 ** 31 - 1];
  for (let i = 0; i < t.data.length; i++) {
    const v = t.data[i]!;
    if (v < lo || v > hi)
      throw new RuntimeError('RULE_VIOLATION', `${what}: element ${i} = ${v} does not fit ${t.dtype}`);
  }
}
