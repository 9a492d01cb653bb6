/** Element types: int8 (1 byte) and int32 (4 bytes big-endian, two's complement). */
export const DTYPES = { int8: 0, int32: 1 } as const;
export type Dtype = keyof typeof DTYPES;

export const BYTES_PER_ELEMENT: Record<Dtype, number> = { int8: 1, int32: 4 };

/** Shape and type of a tensor: row-major `[rows, cols]`; a 1-D tensor is one row. */
export interface TensorSpec {
  rows: number;
  cols: number;
  dtype: Dtype;
}

/** Opcodes of the op descriptor ABI (`docs/runtime-spec.md`, section "Ops"). */
export const OPCODES = {
  matmul: 1,
  add: 2,
  lut: 3,
  gather: 4,
  concat: 5,
  slice: 6,
  argmax: 7,
  reshape: 8,
} as const;
export type OpName = keyof typeof OPCODES;

/**
 * One op of a graph, in the exact field order of the on-chain descriptor ABI. Fields an op does not
 * use are 0. `inputA`/`inputB` are trace slots (0 = model input, i = output of op i).
 */
export interface OpDescriptor {
  op: OpName;
  inputA: number;
  inputB: number;
  paramA: number;
  paramB: number;
  rows: number;
  cols: number;
  dtype: Dtype;
  multiplier: number;
  multiplierB: number;
  shift: number;
  zeroPoint: number;
  attrA: number;
  attrB: number;
}

/**
 * A tensor's elements with its shape. `data` holds rows·cols values, row-major: an Int32Array, or
 * for int8 tensors an Int8Array (ops allocate int8 outputs so; a loaded package's int8 parameters
 * are views of its params file, so loading costs no second copy). Readers accept either.
 */
export interface Tensor extends TensorSpec {
  data: Int32Array | Int8Array;
}

/** Limits every package must meet so that a one-step proof stays affordable on-chain. */
export const LIMITS = {
  /** Most elements in any row an op reads (and in input/output rows): `RuntimeLimits.MAX_ROW_ELEMENTS`. */
  maxRowElements: 4096,
  /** Most ops in a graph. */
  maxOps: 65_535,
  /** Most bytes of the input or output tensor. */
  maxIoBytes: 65_536,
  /** Requantisation multiplier range: 0 ≤ m < 2^16. */
  maxMultiplier: 2 ** 16 - 1,
  minShift: 1,
  maxShift: 47,
} as const;

/** The model commitment's version (`ModelHash.VERSION`). */
export const MODEL_HASH_VERSION = 1;
