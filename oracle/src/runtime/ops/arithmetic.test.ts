import { describe, expect, it } from 'vitest';
import { clamp, requantize, wrap32 } from './arithmetic';

describe('wrap32', () => {
  it('wraps modulo 2^32 into the int32 range', () => {
    expect(wrap32(2 ** 31)).toBe(-(2 ** 31));
    expect(wrap32(2 ** 31 - 1)).toBe(2 ** 31 - 1);
    expect(wrap32(-(2 ** 31) - 1)).toBe(2 ** 31 - 1);
    expect(wrap32(2 ** 32 + 5)).toBe(5);
    expect(wrap32(4096 * 16384 + 2 ** 31)).toBe(4096 * 16384 - 2 ** 31);
  });
});

describe('requantize', () => {
  it('rounds half up (ties toward +∞) through floor((acc·m + 2^(s−1)) / 2^s)', () => {
    expect(requantize(1, 1, 1, 0)).toBe(1); // 0.5 → 1
    expect(requantize(-1, 1, 1, 0)).toBe(0); // −0.5 → 0
    expect(requantize(3, 1, 1, 0)).toBe(2); // 1.5 → 2
    expect(requantize(-3, 1, 1, 0)).toBe(-1); // −1.5 → −1
  });

  it('floors negative values (not truncation)', () => {
    expect(requantize(-5, 1, 2, 0)).toBe(-1); // floor((−5 + 2) / 4) = floor(−0.75) = −1
    expect(requantize(-6, 1, 2, 0)).toBe(-1); // floor(−1) = −1
    expect(requantize(-7, 1, 2, 0)).toBe(-2); // floor(−1.25) = −2
  });

  it('saturates at −128 and 127 and adds the zero point before clamping', () => {
    expect(requantize(2 ** 31 - 1, 65535, 1, 0)).toBe(127);
    expect(requantize(-(2 ** 31), 65535, 1, 0)).toBe(-128);
    expect(requantize(100, 1, 1, 100)).toBe(127);
    expect(requantize(-100, 1, 1, -100)).toBe(-128);
    expect(requantize(0, 0, 47, -7)).toBe(-7);
  });

  it('is exact at the largest shift and multiplier', () => {
    // (2^31 − 1)·65535 + 2^46 over 2^47: exact in doubles.
    const acc = 2 ** 31 - 1;
    const exact = (BigInt(acc) * 65535n + 2n ** 46n) >> 47n;
    expect(requantize(acc, 65535, 47, 0)).toBe(Number(exact));
    const neg = -(2 ** 31);
    const exactNeg = (BigInt(neg) * 65535n + 2n ** 46n) >> 47n; // BigInt >> is floor
    expect(requantize(neg, 65535, 47, 0)).toBe(Number(exactNeg));
  });

  it('agrees with a BigInt floor on many random inputs', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 20_000; i++) {
      const acc = (next() - 2 ** 30) * 2 - (next() & 1);
      const m = next() % 65536;
      const s = 1 + (next() % 47);
      const zp = (next() % 256) - 128;
      const expected = Number((BigInt(acc) * BigInt(m) + 2n ** BigInt(s - 1)) >> BigInt(s)) + zp;
      expect(requantize(acc, m, s, zp)).toBe(clamp(expected, -128, 127));
    }
  });
});
