import { describe, expect, it } from 'vitest';
import type { OpDescriptor, Tensor } from '../types';
import * as ops from './referenceOps';
import { describeOp } from '../describeOp';

const t = (rows: number, cols: number, dtype: 'int8' | 'int32', values: number[]): Tensor => ({
  rows,
  cols,
  dtype,
  data: Int32Array.from(values),
});
const d = (p: Partial<OpDescriptor>): OpDescriptor =>
  describeOp({ op: 'matmul', rows: 1, cols: 1, dtype: 'int8', ...p });

describe('matmul', () => {
  const x = t(2, 3, 'int8', [1, -2, 3, -128, 127, 0]);
  const w = t(2, 3, 'int8', [2, 1, -1, -128, -128, 5]); // [out=2, in=3]
  const bias = t(1, 2, 'int32', [10, -3]);

  it('computes int32 accumulators with weights [out, in]', () => {
    const y = ops.matmul(d({ rows: 2, cols: 2, dtype: 'int32' }), x, w, bias);
    // row 0: 1·2 + −2·1 + 3·−1 + 10 = 7;  1·−128 + −2·−128 + 3·5 − 3 = 140
    // row 1: −128·2 + 127·1 + 0 + 10 = −119;  −128·−128 + 127·−128 + 0 − 3 = 125
    expect([...y.data]).toEqual([7, 140, -119, 125]);
  });

  it('requantises to int8 and fuses ReLU at the zero point', () => {
    const y = ops.matmul(d({ rows: 2, cols: 2, dtype: 'int8', multiplier: 1, shift: 1, zeroPoint: -2 }), x, w, bias);
    // floor((acc + 1) / 2) − 2: 7 → 2, 140 → 68, −119 → −61, 125 → 61
    expect([...y.data]).toEqual([2, 68, -61, 61]);
    const relu = ops.matmul(
      d({ rows: 2, cols: 2, dtype: 'int8', multiplier: 1, shift: 1, zeroPoint: -2, attrA: 1 }),
      x,
      w,
      bias,
    );
    expect([...relu.data]).toEqual([2, 68, -2, 61]);
    const reluInt32 = ops.matmul(d({ rows: 2, cols: 2, dtype: 'int32', attrA: 1 }), x, w, bias);
    expect([...reluInt32.data]).toEqual([7, 140, 0, 125]);
  });

  it('wraps the accumulator modulo 2^32', () => {
    const y = ops.matmul(
      d({ rows: 1, cols: 1, dtype: 'int32' }),
      t(1, 1, 'int8', [1]),
      t(1, 1, 'int8', [1]),
      t(1, 1, 'int32', [2 ** 31 - 1]),
    );
    expect(y.data[0]).toBe(-(2 ** 31));
  });
});

describe('add', () => {
  it('rescales both inputs, rounds half up and saturates', () => {
    const y = ops.add(
      d({ op: 'add', rows: 1, cols: 4, multiplier: 3, multiplierB: 1, shift: 1, zeroPoint: 1 }),
      t(1, 4, 'int8', [1, -1, 127, -128]),
      t(1, 4, 'int8', [0, 0, 127, -128]),
    );
    // floor((3a + b + 1) / 2) + 1: 3 → 2+1 = 3; −3+1 → floor(−1) + 1 = 0; 508+1 → 254+1 → 127; −512+1 → −256+1 → −128
    expect([...y.data]).toEqual([3, 0, 127, -128]);
  });
});

describe('lut', () => {
  it('maps x through table[x + 128]', () => {
    const table = t(
      1,
      256,
      'int8',
      Array.from({ length: 256 }, (_, i) => 127 - i),
    );
    const y = ops.lut(t(1, 3, 'int8', [-128, 0, 127]), table);
    expect([...y.data]).toEqual([127, -1, -128]);
  });
});

describe('gather', () => {
  it('clamps indices to [0, rows − 1]', () => {
    const table = t(3, 2, 'int8', [10, 11, 20, 21, 30, 31]);
    const y = ops.gather(t(1, 4, 'int32', [-5, 0, 2, 999]), table);
    expect([y.rows, y.cols]).toEqual([4, 2]);
    expect([...y.data]).toEqual([10, 11, 10, 11, 30, 31, 30, 31]);
  });
});

describe('concat, slice, reshape', () => {
  const a = t(2, 2, 'int8', [1, 2, 3, 4]);
  const b = t(2, 1, 'int8', [5, 6]);
  it('joins columns (axis 1) and stacks rows (axis 0)', () => {
    expect([...ops.concat(d({ op: 'concat', rows: 2, cols: 3, attrA: 1 }), a, b).data]).toEqual([1, 2, 5, 3, 4, 6]);
    expect([...ops.concat(d({ op: 'concat', rows: 4, cols: 2, attrA: 0 }), a, a).data]).toEqual([
      1, 2, 3, 4, 1, 2, 3, 4,
    ]);
  });
  it('slices from (attrA, attrB)', () => {
    expect([...ops.slice(d({ op: 'slice', rows: 1, cols: 1, attrA: 1, attrB: 1 }), a).data]).toEqual([4]);
  });
  it('reshapes in row-major order', () => {
    const y = ops.reshape(d({ op: 'reshape', rows: 1, cols: 4 }), a);
    expect([y.rows, y.cols, ...y.data]).toEqual([1, 4, 1, 2, 3, 4]);
  });
});

describe('argmax', () => {
  it('returns the lowest index of the maximum, per row', () => {
    const y = ops.argmax(t(3, 4, 'int32', [5, 9, 9, 1, -7, -3, -3, -9, 0, 0, 0, 0]));
    expect([...y.data]).toEqual([1, 1, 0]);
  });
});
