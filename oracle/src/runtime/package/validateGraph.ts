import { RuntimeError } from '../errors';
import { BYTES_PER_ELEMENT, LIMITS, type OpDescriptor, type TensorSpec } from '../types';

export interface GraphSpec {
  input: TensorSpec;
  output: TensorSpec;
  params: TensorSpec[];
  graph: OpDescriptor[];
}

/**
 * Checks every verifiability rule of `docs/runtime-spec.md` and returns the spec of every trace
 * slot (0 = input, i = output of op i). Throws `RULE_VIOLATION` for a broken rule and
 * `SHAPE_MISMATCH` for shapes that disagree, naming the op.
 */
export function validateGraph(spec: GraphSpec): TensorSpec[] {
  const { input, output, params, graph } = spec;
  const rule = (msg: string): never => {
    throw new RuntimeError('RULE_VIOLATION', msg);
  };
  const shape = (msg: string): never => {
    throw new RuntimeError('SHAPE_MISMATCH', msg);
  };
  const checkTensor = (t: TensorSpec, what: string) => {
    if (!Number.isInteger(t.rows) || !Number.isInteger(t.cols) || t.rows < 1 || t.cols < 1) {
      shape(`${what}: shape [${t.rows}, ${t.cols}] must be positive integers`);
    }
    if (t.cols > LIMITS.maxRowElements)
      rule(`${what}: rows of ${t.cols} elements exceed the maximum ${LIMITS.maxRowElements}`);
    if (t.rows > LIMITS.maxRowElements * 16)
      rule(`${what}: ${t.rows} rows exceed the maximum ${LIMITS.maxRowElements * 16}`);
  };
  checkTensor(input, 'input');
  checkTensor(output, 'output');
  for (const t of [input, output]) {
    if (t.rows * t.cols * BYTES_PER_ELEMENT[t.dtype] > LIMITS.maxIoBytes)
      rule(`io tensor of ${t.rows * t.cols} elements exceeds ${LIMITS.maxIoBytes} bytes`);
  }
  params.forEach((p, i) => checkTensor(p, `param ${i}`));
  if (graph.length < 1 || graph.length > LIMITS.maxOps)
    rule(`a graph has 1 to ${LIMITS.maxOps} ops, found ${graph.length}`);

  const slots: TensorSpec[] = [input];
  graph.forEach((d, index) => {
    const i = index + 1;
    const at = `op ${i} (${d.op})`;
    const used = new Set<keyof OpDescriptor>(['op', 'inputA', 'rows', 'cols', 'dtype']);
    const slotOf = (s: number, what: string): TensorSpec => {
      if (!Number.isInteger(s) || s < 0 || s >= i)
        rule(`${at}: ${what} reads slot ${s}; an op reads only earlier slots 0…${i - 1}`);
      return slots[s]!;
    };
    const paramOf = (p: number, what: string): TensorSpec => {
      if (!Number.isInteger(p) || p < 0 || p >= params.length)
        rule(`${at}: ${what} names param ${p}; the package has ${params.length}`);
      return params[p]!;
    };
    const expectOut = (rows: number, cols: number, dtype: TensorSpec['dtype']) => {
      if (d.rows !== rows || d.cols !== cols || d.dtype !== dtype) {
        shape(`${at}: output must be [${rows}, ${cols}] ${dtype}, descriptor says [${d.rows}, ${d.cols}] ${d.dtype}`);
      }
    };
    const requant = (withB: boolean) => {
      used.add('multiplier').add('shift').add('zeroPoint');
      if (withB) used.add('multiplierB');
      for (const m of withB ? [d.multiplier, d.multiplierB] : [d.multiplier]) {
        if (!Number.isInteger(m) || m < 0 || m > LIMITS.maxMultiplier)
          rule(`${at}: multiplier ${m} outside 0…${LIMITS.maxMultiplier}`);
      }
      if (!Number.isInteger(d.shift) || d.shift < LIMITS.minShift || d.shift > LIMITS.maxShift) {
        rule(`${at}: shift ${d.shift} outside ${LIMITS.minShift}…${LIMITS.maxShift}`);
      }
      if (!Number.isInteger(d.zeroPoint) || d.zeroPoint < -128 || d.zeroPoint > 127)
        rule(`${at}: zero point ${d.zeroPoint} outside −128…127`);
    };
    const a = slotOf(d.inputA, 'inputA');
    switch (d.op) {
      case 'matmul': {
        used.add('paramA').add('paramB').add('attrA');
        const w = paramOf(d.paramA, 'weights');
        const bias = paramOf(d.paramB, 'bias');
        if (a.dtype !== 'int8' || w.dtype !== 'int8') shape(`${at}: input and weights must be int8`);
        if (w.cols !== a.cols) shape(`${at}: weights [${w.rows}, ${w.cols}] do not take rows of ${a.cols}`);
        if (bias.dtype !== 'int32' || bias.rows !== 1 || bias.cols !== w.rows)
          shape(`${at}: bias must be [1, ${w.rows}] int32`);
        if (d.attrA !== 0 && d.attrA !== 1) rule(`${at}: attrA (ReLU) must be 0 or 1`);
        expectOut(a.rows, w.rows, d.dtype);
        if (d.dtype === 'int8') requant(false);
        break;
      }
      case 'add': {
        used.add('inputB');
        const b = slotOf(d.inputB, 'inputB');
        if (a.dtype !== 'int8' || b.dtype !== 'int8' || a.rows !== b.rows || a.cols !== b.cols)
          shape(`${at}: inputs must be int8 of one shape`);
        requant(true);
        expectOut(a.rows, a.cols, 'int8');
        break;
      }
      case 'lut': {
        used.add('paramA');
        const t = paramOf(d.paramA, 'table');
        if (t.rows !== 1 || t.cols !== 256 || t.dtype !== 'int8') shape(`${at}: table must be [1, 256] int8`);
        if (a.dtype !== 'int8') shape(`${at}: input must be int8`);
        expectOut(a.rows, a.cols, 'int8');
        break;
      }
      case 'gather': {
        used.add('paramA').add('attrB');
        const t = paramOf(d.paramA, 'table');
        // The table's row count is in the descriptor, so every parameter's shape is committed.
        if (d.attrB !== t.rows) shape(`${at}: attrB must be the table's row count ${t.rows}, found ${d.attrB}`);
        if (a.rows !== 1) shape(`${at}: indices must be one row [1, N], found [${a.rows}, ${a.cols}]`);
        expectOut(a.cols, t.cols, t.dtype);
        break;
      }
      case 'concat': {
        used.add('inputB').add('attrA');
        const b = slotOf(d.inputB, 'inputB');
        if (a.dtype !== b.dtype) shape(`${at}: inputs differ in dtype`);
        if (d.attrA === 0) {
          if (a.cols !== b.cols) shape(`${at}: stacking rows needs equal columns`);
          expectOut(a.rows + b.rows, a.cols, a.dtype);
        } else if (d.attrA === 1) {
          if (a.rows !== b.rows) shape(`${at}: joining columns needs equal rows`);
          expectOut(a.rows, a.cols + b.cols, a.dtype);
        } else rule(`${at}: attrA (axis) must be 0 or 1`);
        break;
      }
      case 'slice': {
        used.add('attrA').add('attrB');
        if (d.attrA + d.rows > a.rows || d.attrB + d.cols > a.cols)
          shape(`${at}: slice exceeds the input [${a.rows}, ${a.cols}]`);
        expectOut(d.rows, d.cols, a.dtype);
        break;
      }
      case 'argmax':
        expectOut(a.rows, 1, 'int32');
        break;
      case 'reshape':
        if (d.rows * d.cols !== a.rows * a.cols)
          shape(`${at}: cannot reshape ${a.rows * a.cols} elements to [${d.rows}, ${d.cols}]`);
        expectOut(d.rows, d.cols, a.dtype);
        break;
      default:
        rule(`${at}: unknown op`);
    }
    for (const key of Object.keys(d) as (keyof OpDescriptor)[]) {
      if (!used.has(key) && d[key] !== 0) rule(`${at}: field ${key} is unused by this op and must be 0`);
    }
    checkTensor({ rows: d.rows, cols: d.cols, dtype: d.dtype }, at);
    slots.push({ rows: d.rows, cols: d.cols, dtype: d.dtype });
  });
  const last = slots[slots.length - 1]!;
  if (last.rows !== output.rows || last.cols !== output.cols || last.dtype !== output.dtype) {
    shape(
      `the last op's output [${last.rows}, ${last.cols}] ${last.dtype} is not the declared output [${output.rows}, ${output.cols}] ${output.dtype}`,
    );
  }
  return slots;
}
