import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requantize } from './arithmetic';
import { requantizeLimbs } from './requantizeLimbs';

describe('requantizeLimbs (the 32-bit routine of the spec)', () => {
  it('equals requantize at every extreme of acc, m, s and zp', () => {
    const accs = [0, 1, -1, 2, -2, 65535, 65536, -65536, -65537, 2 ** 31 - 1, -(2 ** 31), 2 ** 30, -(2 ** 30) - 1];
    const ms = [0, 1, 2, 255, 256, 32767, 32768, 65535];
    const zps = [-128, -1, 0, 1, 127];
    for (const acc of accs)
      for (const m of ms)
        for (let s = 1; s <= 47; s++)
          for (const zp of zps) {
            expect(requantizeLimbs(acc, m, s, zp), `acc ${acc} m ${m} s ${s} zp ${zp}`).toBe(requantize(acc, m, s, zp));
          }
  });

  it('equals requantize on random inputs over the whole ranges', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 65535 }),
        fc.integer({ min: 1, max: 47 }),
        fc.integer({ min: -128, max: 127 }),
        (acc, m, s, zp) => requantizeLimbs(acc, m, s, zp) === requantize(acc, m, s, zp),
      ),
      { numRuns: 50_000 },
    );
  });
});
