import { DTYPES, OPCODES, type OpDescriptor } from '../types';
import { keccak } from './keccak';

/** One 32-byte ABI word of an integer (two's complement for negatives). */
function word(value: number | bigint): Uint8Array {
  let v = BigInt(value);
  if (v < 0n) v += 1n << 256n;
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** abi.encode of static words, in order. */
export function abiEncodeWords(values: (number | bigint | Uint8Array)[]): Uint8Array {
  const out = new Uint8Array(values.length * 32);
  values.forEach((v, i) => out.set(v instanceof Uint8Array ? leftPad32(v) : word(v), i * 32));
  return out;
}

function leftPad32(bytes: Uint8Array): Uint8Array {
  if (bytes.length > 32) throw new RangeError('a static word holds at most 32 bytes');
  const out = new Uint8Array(32);
  out.set(bytes, 32 - bytes.length);
  return out;
}

/**
 * abi.encode(OpDescriptor) of the spec: (uint8 opcode, uint32 inputA, uint32 inputB, uint32 paramA,
 * uint32 paramB, uint32 rows, uint32 cols, uint8 dtype, uint32 multiplier, uint32 multiplierB,
 * uint8 shift, int32 zeroPoint, uint32 attrA, uint32 attrB) — 14 words.
 */
export function encodeDescriptor(d: OpDescriptor): Uint8Array {
  return abiEncodeWords([
    OPCODES[d.op],
    d.inputA,
    d.inputB,
    d.paramA,
    d.paramB,
    d.rows,
    d.cols,
    DTYPES[d.dtype],
    d.multiplier,
    d.multiplierB,
    d.shift,
    d.zeroPoint,
    d.attrA,
    d.attrB,
  ]);
}

/** The graph-tree leaf of a descriptor: keccak256(abi.encode(descriptor)). */
export function descriptorLeaf(d: OpDescriptor): Uint8Array {
  return keccak(encodeDescriptor(d));
}

/**
 * A descriptor as the contracts take it (`OpDescriptors.OpDescriptor`): `opcode` and `dtype` as
 * their codes.
 *
 * @example
 * await game.updateSlot(gameId, prev, next, toSolidityOp(op), path, root, slotPath);
 */
export function toSolidityOp(
  d: OpDescriptor,
): Omit<OpDescriptor, 'op' | 'dtype'> & { op: OpDescriptor['op']; opcode: number; dtype: number } {
  return { ...d, opcode: OPCODES[d.op], dtype: DTYPES[d.dtype] };
}
