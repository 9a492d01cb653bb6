import { describeOp } from '../describeOp';
import { buildPackage } from '../package/buildPackage';
import { loadPackage, type ModelPackage } from '../package/loadPackage';
import type { Dtype, OpDescriptor, OpName, Tensor, TensorSpec } from '../types';
import { zeros } from '../tensor';

/** The developer address random packages are bound to. */
export const RANDOM_DEVELOPER = '0x0000000000000000000000000000000000000001';

/** A small seeded PRNG (mulberry32) so random graphs are reproducible from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomGraphOptions {
  seed: number;
  /** Number of ops (default 3–12). */
  ops?: number;
  /** Largest row length drawn (default 40: several chunks, odd sizes). */
  maxCols?: number;
  /** Which ops may appear (default all). */
  allow?: OpName[];
}

const int = (random: () => number, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

/** Random values covering the dtype's extremes (about 1 in 8 is an extreme). */
export function randomTensor(random: () => number, spec: TensorSpec): Tensor {
  const t = zeros(spec.rows, spec.cols, spec.dtype);
  const [lo, hi] = spec.dtype === 'int8' ? [-128, 127] : [-(2 ** 31), 2 ** 31 - 1];
  for (let i = 0; i < t.data.length; i++) {
    const r = random();
    t.data[i] =
      r < 0.06 ? lo : r < 0.12 ? hi : spec.dtype === 'int8' ? int(random, lo, hi) : int(random, -(2 ** 20), 2 ** 20);
  }
  return t;
}

/**
 * A random package that satisfies every rule: each op draws its inputs from earlier slots of a
 * fitting shape (adding parameters as needed), with random quantisation parameters over their
 * whole ranges. Returned loaded (so it is validated), with the developer 0x…01.
 */
export function randomPackage(options: RandomGraphOptions): ModelPackage {
  const random = seededRandom(options.seed);
  const maxCols = options.maxCols ?? 40;
  const allow =
    options.allow ?? (['matmul', 'add', 'lut', 'gather', 'concat', 'slice', 'argmax', 'reshape'] as OpName[]);
  const opCount = options.ops ?? int(random, 3, 12);
  const input: TensorSpec = { rows: int(random, 1, 3), cols: int(random, 1, maxCols), dtype: 'int8' };
  const slots: TensorSpec[] = [input];
  const params: (Tensor & { name: string })[] = [];
  const graph: OpDescriptor[] = [];
  const addParam = (spec: TensorSpec): number => {
    params.push({ ...randomTensor(random, spec), name: `p${params.length}` });
    return params.length - 1;
  };
  const pick = (pred: (s: TensorSpec) => boolean): number | undefined => {
    const candidates = slots.map((s, i) => [s, i] as const).filter(([s]) => pred(s));
    return candidates.length === 0 ? undefined : candidates[int(random, 0, candidates.length - 1)]![1];
  };
  const base = (): OpDescriptor => describeOp({ op: 'reshape', rows: 1, cols: 1, dtype: 'int8' });
  while (graph.length < opCount) {
    const name = allow[int(random, 0, allow.length - 1)]!;
    const d = base();
    d.op = name;
    const int8Slot = pick((s) => s.dtype === 'int8');
    if (name === 'matmul') {
      if (int8Slot === undefined) continue;
      const x = slots[int8Slot]!;
      const out = int(random, 1, maxCols);
      d.inputA = int8Slot;
      d.paramA = addParam({ rows: out, cols: x.cols, dtype: 'int8' });
      d.paramB = addParam({ rows: 1, cols: out, dtype: 'int32' });
      d.rows = x.rows;
      d.cols = out;
      d.dtype = random() < 0.7 ? 'int8' : 'int32';
      d.attrA = random() < 0.5 ? 1 : 0;
      if (d.dtype === 'int8') {
        d.multiplier = int(random, 0, 65535);
        d.shift = int(random, 1, 47);
        d.zeroPoint = int(random, -128, 127);
      }
    } else if (name === 'add') {
      if (int8Slot === undefined) continue;
      const a = slots[int8Slot]!;
      const b = pick((s) => s.dtype === 'int8' && s.rows === a.rows && s.cols === a.cols)!;
      Object.assign(d, { inputA: int8Slot, inputB: b, rows: a.rows, cols: a.cols, dtype: 'int8' as Dtype });
      d.multiplier = int(random, 0, 65535);
      d.multiplierB = int(random, 0, 65535);
      d.shift = int(random, 1, 47);
      d.zeroPoint = int(random, -128, 127);
    } else if (name === 'lut') {
      if (int8Slot === undefined) continue;
      const a = slots[int8Slot]!;
      Object.assign(d, {
        inputA: int8Slot,
        paramA: addParam({ rows: 1, cols: 256, dtype: 'int8' }),
        rows: a.rows,
        cols: a.cols,
        dtype: 'int8' as Dtype,
      });
    } else if (name === 'gather') {
      const idx = pick((s) => s.rows === 1);
      if (idx === undefined) continue;
      const dtype: Dtype = random() < 0.8 ? 'int8' : 'int32';
      const table = addParam({ rows: int(random, 1, 300), cols: int(random, 1, maxCols), dtype });
      Object.assign(d, {
        inputA: idx,
        paramA: table,
        rows: slots[idx]!.cols,
        cols: params[table]!.cols,
        dtype,
        attrB: params[table]!.rows,
      });
    } else if (name === 'concat') {
      const a = int(random, 0, slots.length - 1);
      const sa = slots[a]!;
      const axis = random() < 0.5 ? 0 : 1;
      const b = pick((s) => s.dtype === sa.dtype && (axis === 0 ? s.cols === sa.cols : s.rows === sa.rows))!;
      const sb = slots[b]!;
      const rows = axis === 0 ? sa.rows + sb.rows : sa.rows;
      const cols = axis === 0 ? sa.cols : sa.cols + sb.cols;
      if (cols > maxCols * 4 || rows > 64) continue;
      Object.assign(d, { inputA: a, inputB: b, attrA: axis, rows, cols, dtype: sa.dtype });
    } else if (name === 'slice') {
      const a = int(random, 0, slots.length - 1);
      const s = slots[a]!;
      const rows = int(random, 1, s.rows);
      const cols = int(random, 1, s.cols);
      Object.assign(d, {
        inputA: a,
        rows,
        cols,
        dtype: s.dtype,
        attrA: int(random, 0, s.rows - rows),
        attrB: int(random, 0, s.cols - cols),
      });
    } else if (name === 'argmax') {
      const a = int(random, 0, slots.length - 1);
      Object.assign(d, { inputA: a, rows: slots[a]!.rows, cols: 1, dtype: 'int32' as Dtype });
    } else {
      const a = int(random, 0, slots.length - 1);
      const s = slots[a]!;
      const total = s.rows * s.cols;
      const divisors = Array.from({ length: total }, (_, i) => i + 1).filter(
        (r) => total % r === 0 && total / r <= maxCols * 4,
      );
      if (divisors.length === 0) continue;
      const rows = divisors[int(random, 0, divisors.length - 1)]!;
      Object.assign(d, { inputA: a, rows, cols: total / rows, dtype: s.dtype });
    }
    graph.push(d);
    slots.push({ rows: d.rows, cols: d.cols, dtype: d.dtype });
  }
  const output = slots[slots.length - 1]!;
  const built = buildPackage({
    name: `random-${options.seed}`,
    version: '0.0.0',
    license: 'MIT',
    developer: RANDOM_DEVELOPER,
    io: { input, output },
    params,
    graph,
  });
  return loadPackage(built.manifest, built.paramsBytes);
}
