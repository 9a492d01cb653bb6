import { toHex } from '../commitments/keccak';
import { describeOp } from '../describeOp';
import { computeTensorRoot } from '../commitments/tensorRoot';
import type { ModelPackage } from '../package/loadPackage';
import { referenceBackend } from '../referenceBackend';
import { tensorToBytes } from '../tensor';
import { runModel } from '../trace';
import type { OpDescriptor, OpName, Tensor } from '../types';
import { randomPackage, randomTensor, seededRandom } from './randomGraph';

/** A tensor as golden vectors store it: shape, dtype, the unpadded element bytes and its root. */
export interface GoldenTensor {
  rows: number;
  cols: number;
  dtype: Tensor['dtype'];
  bytes: string;
  root: string;
}

export interface GoldenOpCase {
  name: string;
  descriptor: OpDescriptor;
  inputs: { a: GoldenTensor; b?: GoldenTensor };
  params: { a?: GoldenTensor; b?: GoldenTensor };
  output: GoldenTensor;
}

export interface GoldenModelCase {
  model: string;
  modelHash: string;
  graphRoot: string;
  paramsRoot: string;
  opCount: number;
  stateDepth: number;
  runs: { input: string; output: string; tensorRoots: string[]; stateRoot: string }[];
}

const golden = (t: Tensor): GoldenTensor => ({
  rows: t.rows,
  cols: t.cols,
  dtype: t.dtype,
  bytes: toHex(tensorToBytes(t)),
  root: toHex(computeTensorRoot(t)),
});
const t = (rows: number, cols: number, dtype: Tensor['dtype'], values: number[]): Tensor => ({
  rows,
  cols,
  dtype,
  data: Int32Array.from(values),
});
const d = describeOp;

async function opCase(
  name: string,
  descriptor: OpDescriptor,
  inputs: { a: Tensor; b?: Tensor },
  params: { a?: Tensor; b?: Tensor },
): Promise<GoldenOpCase> {
  const output = await referenceBackend.execute(descriptor, inputs, params);
  return {
    name,
    descriptor,
    inputs: { a: golden(inputs.a), ...(inputs.b ? { b: golden(inputs.b) } : {}) },
    params: { ...(params.a ? { a: golden(params.a) } : {}), ...(params.b ? { b: golden(params.b) } : {}) },
    output: golden(output),
  };
}

/** Hand-picked extremes of every op, then seeded random single-op cases from random graphs. */
export async function goldenOpCases(): Promise<GoldenOpCase[]> {
  const cases: GoldenOpCase[] = [];
  const ones = (n: number, v: number) => new Array(n).fill(v) as number[];
  // matmul: saturation both ways, rounding ties (acc odd with s = 1), negative floors, wrap, ReLU.
  const x = t(2, 3, 'int8', [127, 127, 127, -128, -128, -128]);
  const w = t(4, 3, 'int8', [127, 127, 127, -128, -128, -128, 1, 0, 0, -1, 0, 0]);
  cases.push(
    await opCase(
      'matmul.saturate',
      d({ op: 'matmul', paramA: 0, paramB: 1, rows: 2, cols: 4, dtype: 'int8', multiplier: 65535, shift: 8 }),
      { a: x },
      { a: w, b: t(1, 4, 'int32', [0, 0, 0, 0]) },
    ),
  );
  cases.push(
    await opCase(
      'matmul.roundingTies',
      d({ op: 'matmul', paramA: 0, paramB: 1, rows: 1, cols: 4, dtype: 'int8', multiplier: 1, shift: 1 }),
      { a: t(1, 1, 'int8', [1]) },
      { a: t(4, 1, 'int8', [1, -1, 3, -3]), b: t(1, 4, 'int32', [0, 0, 0, 0]) },
    ),
  );
  cases.push(
    await opCase(
      'matmul.negativeFloor',
      d({ op: 'matmul', paramA: 0, paramB: 1, rows: 1, cols: 3, dtype: 'int8', multiplier: 1, shift: 2, zeroPoint: 3 }),
      { a: t(1, 1, 'int8', [1]) },
      { a: t(3, 1, 'int8', [-5, -6, -7]), b: t(1, 3, 'int32', [0, 0, 0]) },
    ),
  );
  cases.push(
    await opCase(
      'matmul.int32Wrap',
      d({ op: 'matmul', paramA: 0, paramB: 1, rows: 1, cols: 2, dtype: 'int32' }),
      { a: t(1, 2, 'int8', [127, 127]) },
      { a: t(2, 2, 'int8', [127, 127, -128, -128]), b: t(1, 2, 'int32', [2 ** 31 - 1, -(2 ** 31)]) },
    ),
  );
  cases.push(
    await opCase(
      'matmul.reluZeroPoint',
      d({
        op: 'matmul',
        paramA: 0,
        paramB: 1,
        rows: 1,
        cols: 2,
        dtype: 'int8',
        multiplier: 1,
        shift: 1,
        zeroPoint: -5,
        attrA: 1,
      }),
      { a: t(1, 1, 'int8', [10]) },
      { a: t(2, 1, 'int8', [-3, 3]), b: t(1, 2, 'int32', [0, 0]) },
    ),
  );
  cases.push(
    await opCase(
      'matmul.maxShift',
      d({ op: 'matmul', paramA: 0, paramB: 1, rows: 1, cols: 1, dtype: 'int8', multiplier: 65535, shift: 47 }),
      { a: t(1, 1, 'int8', [1]) },
      { a: t(1, 1, 'int8', [1]), b: t(1, 1, 'int32', [2 ** 31 - 1]) },
    ),
  );
  // add: ties, saturation, zero point.
  cases.push(
    await opCase(
      'add.tiesAndSaturation',
      d({
        op: 'add',
        inputB: 1,
        rows: 1,
        cols: 6,
        dtype: 'int8',
        multiplier: 3,
        multiplierB: 1,
        shift: 1,
        zeroPoint: 1,
      }),
      { a: t(1, 6, 'int8', [1, -1, 127, -128, 0, 5]), b: t(1, 6, 'int8', [0, 0, 127, -128, -1, -15]) },
      {},
    ),
  );
  // lut: the whole domain through a nonlinear table.
  cases.push(
    await opCase(
      'lut.fullDomain',
      d({ op: 'lut', rows: 1, cols: 256, dtype: 'int8' }),
      {
        a: t(
          1,
          256,
          'int8',
          Array.from({ length: 256 }, (_, i) => i - 128),
        ),
      },
      {
        a: t(
          1,
          256,
          'int8',
          Array.from({ length: 256 }, (_, i) => Math.round(127 * Math.tanh((i - 128) / 32))),
        ),
      },
    ),
  );
  // gather: indices clamped below and above.
  cases.push(
    await opCase(
      'gather.clamped',
      d({ op: 'gather', rows: 5, cols: 3, dtype: 'int8', attrB: 3 }),
      { a: t(1, 5, 'int32', [-(2 ** 31), -1, 0, 2, 2 ** 31 - 1]) },
      { a: t(3, 3, 'int8', [1, 2, 3, 4, 5, 6, 7, 8, 9]) },
    ),
  );
  // argmax: ties keep the lowest index; all-equal rows; negatives.
  cases.push(
    await opCase(
      'argmax.ties',
      d({ op: 'argmax', rows: 3, cols: 1, dtype: 'int32' }),
      { a: t(3, 5, 'int32', [3, 9, 9, 1, 9, ...ones(5, -(2 ** 31)), -7, -3, -3, -9, -3]) },
      {},
    ),
  );
  cases.push(
    await opCase(
      'argmax.int8',
      d({ op: 'argmax', rows: 1, cols: 1, dtype: 'int32' }),
      { a: t(1, 40, 'int8', [...ones(39, -128), 127]) },
      {},
    ),
  );
  // layout ops, with rows that need padding chunks.
  cases.push(
    await opCase(
      'concat.columns',
      d({ op: 'concat', inputB: 1, rows: 2, cols: 40, dtype: 'int8', attrA: 1 }),
      { a: t(2, 33, 'int8', ones(66, -1)), b: t(2, 7, 'int8', ones(14, 5)) },
      {},
    ),
  );
  cases.push(
    await opCase(
      'concat.rows',
      d({ op: 'concat', inputB: 1, rows: 3, cols: 9, dtype: 'int32', attrA: 0 }),
      { a: t(1, 9, 'int32', ones(9, -1)), b: t(2, 9, 'int32', ones(18, 2 ** 31 - 1)) },
      {},
    ),
  );
  cases.push(
    await opCase(
      'slice.inner',
      d({ op: 'slice', rows: 2, cols: 3, dtype: 'int8', attrA: 1, attrB: 2 }),
      {
        a: t(
          3,
          6,
          'int8',
          Array.from({ length: 18 }, (_, i) => i - 9),
        ),
      },
      {},
    ),
  );
  cases.push(
    await opCase(
      'reshape.flatten',
      d({ op: 'reshape', rows: 1, cols: 12, dtype: 'int32' }),
      {
        a: t(
          3,
          4,
          'int32',
          Array.from({ length: 12 }, (_, i) => (i - 6) * 100_000_000),
        ),
      },
      {},
    ),
  );

  // Random single-op cases: each op of seeded random graphs, with its real inputs.
  const perOp = new Map<OpName, number>();
  for (let seed = 1; perOp.size < 8 || [...perOp.values()].some((n) => n < 3); seed++) {
    const pkg = randomPackage({ seed, ops: 6 });
    const trace = await runModel(pkg, tensorToBytes(randomTensor(seededRandom(seed), pkg.manifest.io.input)));
    for (const [i, op] of pkg.graph.entries()) {
      const count = perOp.get(op.op) ?? 0;
      if (count >= 3) continue;
      perOp.set(op.op, count + 1);
      const usesB = op.op === 'add' || op.op === 'concat';
      const usesParams = op.op === 'matmul' || op.op === 'lut' || op.op === 'gather';
      cases.push(
        await opCase(
          `${op.op}.random${count + 1}`,
          { ...op, inputA: 0, inputB: usesB ? 1 : 0, paramA: 0, paramB: op.op === 'matmul' ? 1 : 0 },
          { a: trace.slots[op.inputA]!, ...(usesB ? { b: trace.slots[op.inputB]! } : {}) },
          usesParams ? { a: pkg.params[op.paramA]!, ...(op.op === 'matmul' ? { b: pkg.params[op.paramB]! } : {}) } : {},
        ),
      );
      if (trace.slots[i + 1] === undefined) throw new Error('trace is missing a slot');
    }
  }
  return cases;
}

/** Roots, S_n and outputs of a model for the given inputs. */
export async function goldenModelCase(pkg: ModelPackage, inputs: Uint8Array[]): Promise<GoldenModelCase> {
  const c = pkg.manifest.commitment;
  const runs = [];
  for (const input of inputs) {
    const trace = await runModel(pkg, input);
    runs.push({ input: toHex(input), ...trace.summary() });
  }
  return {
    model: pkg.manifest.name,
    modelHash: c.modelHash,
    graphRoot: c.graphRoot,
    paramsRoot: c.paramsRoot,
    opCount: c.opCount,
    stateDepth: c.stateDepth,
    runs,
  };
}
