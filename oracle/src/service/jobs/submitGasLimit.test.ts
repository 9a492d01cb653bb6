import { describe, expect, it } from 'vitest';
import { submitGasLimit } from './JobRunner';

describe('submitGasLimit', () => {
  it('prices calldata by its bytes: zero bytes at 4, others at 16, plus the execution model', () => {
    const zeros = submitGasLimit(new Uint8Array(1000), 1, 1);
    const ones = submitGasLimit(new Uint8Array(1000).fill(1), 1, 1);
    expect(ones - zeros).toBe(12n * 1000n);
  });

  it('grows with each result and each member of the draw', () => {
    const data = new Uint8Array(700);
    const base = submitGasLimit(data, 1, 1);
    expect(submitGasLimit(data, 2, 1)).toBeGreaterThan(base);
    expect(submitGasLimit(data, 1, 2)).toBeGreaterThan(base);
  });

  it('never falls below the EIP-7623 calldata floor (large outputs)', () => {
    const data = new Uint8Array(200_000).fill(0xff);
    // the floor: 21000 + 10 per token, a non-zero byte being 4 tokens
    expect(submitGasLimit(data, 1, 1)).toBe(21_000n + 40n * 200_000n);
  });
});
