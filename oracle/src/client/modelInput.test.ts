import { describe, expect, it } from 'vitest';
import { encodeModelInput, inputBytesOf } from './modelInput';

const DIGITS = { rows: 1, cols: 64, dtype: 'int8' } as const;
const WIDE = { rows: 2, cols: 3, dtype: 'int32' } as const;

describe('encodeModelInput', () => {
  it('takes hex bytes as they are', () => {
    expect(Array.from(encodeModelInput('0x00107f', DIGITS))).toEqual([0, 16, 127]);
    expect(encodeModelInput('0x', DIGITS)).toHaveLength(0);
  });

  it('encodes JSON element values by dtype (int8 two’s complement, int32 big-endian)', () => {
    expect(Array.from(encodeModelInput('[0, -1, 16]', DIGITS))).toEqual([0, 255, 16]);
    expect(Array.from(encodeModelInput('[1, -2]', WIDE))).toEqual([0, 0, 0, 1, 255, 255, 255, 254]);
  });

  it('encodes a text prompt to the model’s context, left-padded with line breaks', () => {
    const bytes = encodeModelInput('text:And God said', { rows: 1, cols: 16, dtype: 'int8' });
    expect(String.fromCharCode(...bytes)).toBe('\n\n\n\nand god said');
  });

  it('says what is wrong and what is expected', () => {
    expect(() => encodeModelInput('0x123', DIGITS)).toThrow(/not whole bytes of hex \(3 hex digits/);
    expect(() => encodeModelInput('0x' + '00'.repeat(65), DIGITS)).toThrow(
      /65 bytes; this model takes at most 64 \(1 × 64 int8\)/,
    );
    expect(() => encodeModelInput('[1, 200]', DIGITS)).toThrow(
      /element 1 is 200; an int8 input takes whole numbers from -128 to 127/,
    );
    expect(() => encodeModelInput('[1.5]', WIDE)).toThrow(/element 0 is 1.5/);
    expect(() => encodeModelInput('[1,', DIGITS)).toThrow(/not a valid JSON array/);
    expect(() => encodeModelInput('seven', DIGITS)).toThrow(
      /"seven" is in no known form; expected 0x-hex of at most 64 bytes/,
    );
    expect(() => encodeModelInput('text:hi', WIDE)).toThrow(
      /a text prompt needs a 1-row int8 input; this model takes 2 × 3 int32/,
    );
    expect(inputBytesOf(WIDE)).toBe(24);
  });
});
