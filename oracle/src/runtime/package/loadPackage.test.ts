import { describe, expect, it } from 'vitest';
import { describeOp } from '../describeOp';
import { RuntimeError } from '../errors';
import type { OpDescriptor } from '../types';
import { buildPackage } from './buildPackage';
import { loadPackage } from './loadPackage';

const op = (p: Partial<OpDescriptor> & Pick<OpDescriptor, 'op'>): OpDescriptor =>
  describeOp({ rows: 1, cols: 1, dtype: 'int8', ...p });

function sample() {
  return buildPackage({
    name: 'tiny',
    version: '1',
    license: 'MIT',
    developer: '0x00000000000000000000000000000000000000aa',
    io: { input: { rows: 1, cols: 4, dtype: 'int8' }, output: { rows: 1, cols: 1, dtype: 'int32' } },
    params: [
      { rows: 3, cols: 4, dtype: 'int8', data: Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8, -1, -2, -3, -4]) },
      { rows: 1, cols: 3, dtype: 'int32', data: Int32Array.from([0, 1, -1]) },
    ],
    graph: [
      op({ op: 'matmul', paramA: 0, paramB: 1, rows: 1, cols: 3, dtype: 'int32' }),
      op({ op: 'argmax', inputA: 1, rows: 1, cols: 1, dtype: 'int32' }),
    ],
  });
}

function expectError(fn: () => unknown, code: RuntimeError['code'], message: RegExp) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as RuntimeError).code).toBe(code);
    expect((error as RuntimeError).message).toMatch(message);
    return;
  }
  throw new Error(`expected a ${code} error`);
}

/** A copy of the sample manifest with `change` applied and the commitment recomputed, so only the change is wrong. */
function withGraph(change: (graph: OpDescriptor[]) => void) {
  const { manifest, paramsBytes } = sample();
  const graph = structuredClone(manifest.graph) as OpDescriptor[];
  change(graph);
  return { manifest: { ...manifest, graph }, paramsBytes };
}

describe('loadPackage', () => {
  it('loads a valid package and recomputes its commitment', () => {
    const { manifest, paramsBytes } = sample();
    const pkg = loadPackage(JSON.stringify(manifest), paramsBytes, {
      expectedModelHash: manifest.commitment.modelHash,
    });
    expect(pkg.graph).toHaveLength(2);
    expect(pkg.params[0]!.data[8]).toBe(-1);
    expect(pkg.slots.map((s) => [s.rows, s.cols, s.dtype])).toEqual([
      [1, 4, 'int8'],
      [1, 3, 'int32'],
      [1, 1, 'int32'],
    ]);
  });

  it('keeps int8 parameters as views of the params bytes (no copy) and decodes int32 ones', () => {
    const { manifest, paramsBytes } = sample();
    const file = new Uint8Array(paramsBytes.length + 5).fill(0xee);
    file.set(paramsBytes, 5);
    const bytes = file.subarray(5); // a view at an offset, as Node's pooled Buffers are
    const pkg = loadPackage(manifest, bytes);
    const weights = pkg.params[0]!.data;
    expect(weights).toBeInstanceOf(Int8Array);
    expect(weights.buffer).toBe(file.buffer);
    expect(weights.byteOffset).toBe(5);
    expect([...weights]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, -1, -2, -3, -4]);
    expect(pkg.params[1]!.data).toBeInstanceOf(Int32Array);
    expect([...pkg.params[1]!.data]).toEqual([0, 1, -1]);
  });

  it('rejects malformed JSON and schema violations with the field named', () => {
    const { manifest, paramsBytes } = sample();
    expectError(() => loadPackage('{ not json', paramsBytes), 'MALFORMED_MANIFEST', /not valid JSON/);
    expectError(() => loadPackage({ ...manifest, format: 'other' }, paramsBytes), 'MALFORMED_MANIFEST', /field format/);
    expectError(
      () => loadPackage({ ...manifest, developer: '0x12' }, paramsBytes),
      'MALFORMED_MANIFEST',
      /field developer: an address/,
    );
    expectError(
      () => loadPackage({ ...manifest, graph: [{ ...manifest.graph[0]!, op: 'conv' }] }, paramsBytes),
      'MALFORMED_MANIFEST',
      /field graph\.0\.op/,
    );
  });

  it('rejects truncated or oversized params files', () => {
    const { manifest, paramsBytes } = sample();
    expectError(
      () => loadPackage(manifest, paramsBytes.subarray(0, 20)),
      'TRUNCATED_PARAMS',
      /is 20 bytes; the manifest needs 24/,
    );
    expectError(() => loadPackage(manifest, new Uint8Array(25)), 'TRUNCATED_PARAMS', /trailing bytes/);
  });

  it('rejects shapes that disagree', () => {
    const { manifest, paramsBytes } = withGraph((g) => (g[0]!.cols = 4));
    expectError(
      () => loadPackage(manifest, paramsBytes),
      'SHAPE_MISMATCH',
      /op 1 \(matmul\): output must be \[1, 3\] int32/,
    );
    const bad = sample();
    expectError(
      () =>
        loadPackage(
          { ...bad.manifest, io: { ...bad.manifest.io, output: { rows: 1, cols: 2, dtype: 'int32' } } },
          bad.paramsBytes,
        ),
      'SHAPE_MISMATCH',
      /not the declared output/,
    );
  });

  it('rejects broken verifiability rules', () => {
    const later = withGraph((g) => (g[0]!.inputA = 1));
    expectError(
      () => loadPackage(later.manifest, later.paramsBytes),
      'RULE_VIOLATION',
      /reads slot 1; an op reads only earlier slots 0…0/,
    );
    const param = withGraph((g) => (g[0]!.paramB = 9));
    expectError(
      () => loadPackage(param.manifest, param.paramsBytes),
      'RULE_VIOLATION',
      /names param 9; the package has 2/,
    );
    const unused = withGraph((g) => (g[1]!.shift = 3));
    expectError(
      () => loadPackage(unused.manifest, unused.paramsBytes),
      'RULE_VIOLATION',
      /field shift is unused by this op and must be 0/,
    );
    const quant = withGraph((g) => Object.assign(g[0]!, { dtype: 'int8', multiplier: 70_000, shift: 2 }));
    expectError(
      () => loadPackage(quant.manifest, quant.paramsBytes),
      'RULE_VIOLATION',
      /multiplier 70000 outside 0…65535/,
    );
    const shift = withGraph((g) => Object.assign(g[0]!, { dtype: 'int8', multiplier: 1, shift: 48 }));
    expectError(() => loadPackage(shift.manifest, shift.paramsBytes), 'RULE_VIOLATION', /shift 48 outside 1…47/);
  });

  it('rejects a gather whose attrB is not its table’s row count', () => {
    const gather = (attrB: number) =>
      buildPackage({
        name: 'gather',
        version: '1',
        license: 'MIT',
        developer: '0x00000000000000000000000000000000000000aa',
        io: { input: { rows: 1, cols: 2, dtype: 'int8' }, output: { rows: 2, cols: 4, dtype: 'int8' } },
        params: [{ rows: 3, cols: 4, dtype: 'int8', data: new Int32Array(12) }],
        graph: [op({ op: 'gather', rows: 2, cols: 4, attrB })],
      });
    const ok = gather(3);
    expect(loadPackage(ok.manifest, ok.paramsBytes).graph[0]!.attrB).toBe(3);
    const bad = gather(2);
    expectError(
      () => loadPackage(bad.manifest, bad.paramsBytes),
      'SHAPE_MISMATCH',
      /attrB must be the table's row count 3, found 2/,
    );
  });

  it('rejects a row longer than the maximum', () => {
    const wide = buildPackage({
      name: 'wide',
      version: '1',
      license: 'MIT',
      developer: '0x00000000000000000000000000000000000000aa',
      io: { input: { rows: 1, cols: 4097, dtype: 'int8' }, output: { rows: 1, cols: 1, dtype: 'int32' } },
      params: [],
      graph: [op({ op: 'argmax', rows: 1, cols: 1, dtype: 'int32' })],
    });
    expectError(
      () => loadPackage(wide.manifest, wide.paramsBytes),
      'RULE_VIOLATION',
      /4097 elements exceed the maximum 4096/,
    );
  });

  it('rejects a declared commitment that differs from the contents, and an unexpected modelHash', () => {
    const { manifest, paramsBytes } = sample();
    const tampered = paramsBytes.slice();
    tampered[0] = 99;
    expectError(() => loadPackage(manifest, tampered), 'MODEL_HASH_MISMATCH', /commitment\.paramsRoot/);
    expectError(
      () => loadPackage({ ...manifest, developer: '0x00000000000000000000000000000000000000bb' }, paramsBytes),
      'MODEL_HASH_MISMATCH',
      /commitment\.modelHash/,
    );
    expectError(
      () => loadPackage(manifest, paramsBytes, { expectedModelHash: `0x${'11'.repeat(32)}` }),
      'MODEL_HASH_MISMATCH',
      /expected modelHash 0x1111/,
    );
  });
});
