import { RuntimeError } from '../runtime/errors';
import { readElement } from '../runtime/tensor';
import { BYTES_PER_ELEMENT, type Dtype } from '../runtime/types';

/**
 * The elements of an oracle response (the output tensor's elements, unpadded: int8 one byte,
 * int32 four bytes big-endian).
 *
 * @example
 * decodeOutput('0x00000007', 'int32'); // [7]
 */
export function decodeOutput(output: string | Uint8Array, dtype: Dtype): number[] {
  const bytes = typeof output === 'string' ? hexToBytes(output) : output;
  const size = BYTES_PER_ELEMENT[dtype];
  if (bytes.length % size !== 0) {
    throw new RuntimeError('BAD_INPUT', `an ${dtype} output is a multiple of ${size} bytes, got ${bytes.length}`);
  }
  return Array.from({ length: bytes.length / size }, (_, i) => readElement(bytes, i * size, dtype));
}

/** 0x-prefixed hex as bytes; a specific error for anything else. */
export function hexToBytes(hex: string): Uint8Array {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(hex)) throw new RuntimeError('BAD_INPUT', `output is not 0x-prefixed hex bytes`);
  return Uint8Array.from({ length: (hex.length - 2) / 2 }, (_, i) => parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16));
}
