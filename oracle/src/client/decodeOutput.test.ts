import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../runtime/errors';
import { decodeOutput } from './decodeOutput';

describe('decodeOutput', () => {
  it('reads int32 big-endian and int8 two’s complement elements', () => {
    expect(decodeOutput('0x00000007fffffffe', 'int32')).toEqual([7, -2]);
    expect(decodeOutput(Uint8Array.from([0x7f, 0x80, 0xff]), 'int8')).toEqual([127, -128, -1]);
    expect(decodeOutput('0x', 'int32')).toEqual([]);
  });

  it('rejects lengths that are not whole elements and malformed hex', () => {
    expect(() => decodeOutput('0x000000', 'int32')).toThrow(RuntimeError);
    expect(() => decodeOutput('0x000000', 'int32')).toThrow('multiple of 4 bytes, got 3');
    expect(() => decodeOutput('zz', 'int8')).toThrow('not 0x-prefixed hex');
  });
});
