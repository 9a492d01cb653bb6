import type { OpDescriptor, Tensor } from '../types';
import { zeros } from '../tensor';
import { clamp, requantize, wrap32 } from './arithmetic';

/**
 * The reference definition of every op: plain loops, one output element at a time, exactly as
 * `docs/runtime-spec.md` writes them. Shapes are assumed valid (checked by `validateGraph`).
 */

/** matmul: y[r][o] = wrap32(Σ_j x[r][j]·W[o][j] + bias[o]), requantised to int8 or kept int32; attrA = 1 fuses ReLU. */
export function matmul(d: OpDescriptor, x: Tensor, w: Tensor, bias: Tensor): Tensor {
  const sums = new Int32Array(x.rows * w.rows);
  const k = x.cols;
  for (let r = 0; r < x.rows; r++) {
    for (let o = 0; o < w.rows; o++) {
      let sum = 0;
      for (let j = 0; j < k; j++) sum += x.data[r * k + j]! * w.data[o * k + j]!;
      sums[r * w.rows + o] = wrap32(sum);
    }
  }
  return finishMatmul(d, x.rows, w.rows, sums, bias);
}

/**
 * The part of matmul after the products: from the row·weight sums (already wrapped to int32),
 * y = wrap32(sum + bias), requantised or kept int32, ReLU if asked. (The WebAssembly backend does
 * the same in its kernel.)
 */
function finishMatmul(d: OpDescriptor, rows: number, cols: number, sums: Int32Array, bias: Tensor): Tensor {
  const out = zeros(rows, cols, d.dtype);
  const y = out.data;
  const b = bias.data;
  const relu = d.attrA === 1;
  const { multiplier: m, shift: s, zeroPoint: zp } = d;
  for (let r = 0; r < rows; r++) {
    const i0 = r * cols;
    if (d.dtype === 'int32') {
      for (let c = 0; c < cols; c++) y[i0 + c] = wrap32(sums[i0 + c]! + b[c]!);
      if (relu) for (let c = 0; c < cols; c++) y[i0 + c] = Math.max(y[i0 + c]!, 0);
    } else {
      for (let c = 0; c < cols; c++) y[i0 + c] = requantize(wrap32(sums[i0 + c]! + b[c]!), m, s, zp);
      if (relu) for (let c = 0; c < cols; c++) y[i0 + c] = Math.max(y[i0 + c]!, zp);
    }
  }
  return out;
}

/** add: y = clamp(floor((a·ma + b·mb + 2^(s−1)) / 2^s) + zp, −128, 127), elementwise on int8. */
export function add(d: OpDescriptor, a: Tensor, b: Tensor): Tensor {
  const out = zeros(a.rows, a.cols, 'int8');
  for (let i = 0; i < out.data.length; i++) {
    const acc = a.data[i]! * d.multiplier + b.data[i]! * d.multiplierB;
    out.data[i] = clamp(Math.floor((acc + 2 ** (d.shift - 1)) / 2 ** d.shift) + d.zeroPoint, -128, 127);
  }
  return out;
}

/** lut: y = table[x + 128] for int8 x, with a [1, 256] int8 table. */
export function lut(x: Tensor, table: Tensor): Tensor {
  const out = zeros(x.rows, x.cols, 'int8');
  for (let i = 0; i < out.data.length; i++) out.data[i] = table.data[x.data[i]! + 128]!;
  return out;
}

/** gather: y[r][c] = table[clamp(idx[0][r], 0, V − 1)][c], for an index row [1, N] and a table [V, d] (V = attrB). */
export function gather(idx: Tensor, table: Tensor): Tensor {
  const n = idx.cols;
  const out = zeros(n, table.cols, table.dtype);
  for (let r = 0; r < n; r++) {
    const row = clamp(idx.data[r]!, 0, table.rows - 1);
    for (let c = 0; c < table.cols; c++) out.data[r * table.cols + c] = table.data[row * table.cols + c]!;
  }
  return out;
}

/** concat: attrA = 0 stacks rows ([ra, C] + [rb, C]); attrA = 1 joins columns ([R, ca] + [R, cb]). */
export function concat(d: OpDescriptor, a: Tensor, b: Tensor): Tensor {
  const out = zeros(d.rows, d.cols, a.dtype);
  for (let r = 0; r < d.rows; r++) {
    for (let c = 0; c < d.cols; c++) {
      let v: number;
      if (d.attrA === 0) v = r < a.rows ? a.data[r * a.cols + c]! : b.data[(r - a.rows) * b.cols + c]!;
      else v = c < a.cols ? a.data[r * a.cols + c]! : b.data[r * b.cols + (c - a.cols)]!;
      out.data[r * d.cols + c] = v;
    }
  }
  return out;
}

/** slice: y[r][c] = x[attrA + r][attrB + c]. */
export function slice(d: OpDescriptor, x: Tensor): Tensor {
  const out = zeros(d.rows, d.cols, x.dtype);
  for (let r = 0; r < d.rows; r++) {
    for (let c = 0; c < d.cols; c++) out.data[r * d.cols + c] = x.data[(d.attrA + r) * x.cols + d.attrB + c]!;
  }
  return out;
}

/** argmax: y[r][0] = the lowest column index holding the maximum of row r (int32). */
export function argmax(x: Tensor): Tensor {
  const out = zeros(x.rows, 1, 'int32');
  for (let r = 0; r < x.rows; r++) {
    let best = 0;
    for (let c = 1; c < x.cols; c++) if (x.data[r * x.cols + c]! > x.data[r * x.cols + best]!) best = c;
    out.data[r] = best;
  }
  return out;
}

/** reshape: the same elements in row-major order under a new shape. */
export function reshape(d: OpDescriptor, x: Tensor): Tensor {
  return { rows: d.rows, cols: d.cols, dtype: x.dtype, data: x.data.slice() };
}
