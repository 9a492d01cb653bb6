import { describe, expect, it } from 'vitest';
import { describeOutput } from './describeOutput';

describe('describeOutput', () => {
  it('reads a digit with its label', () => {
    expect(
      describeOutput('0x00000007', 'int32', ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven']),
    ).toEqual({
      values: [7],
      label: 'seven',
    });
  });

  it('reads printable int8 output as text up to the first line break', () => {
    const bytes = Uint8Array.from('of the lord.\nand', (c) => c.charCodeAt(0));
    expect(describeOutput(bytes, 'int8').text).toBe('of the lord.');
  });

  it('leaves non-text bytes as values', () => {
    expect(describeOutput('0x00ff10', 'int8')).toEqual({ values: [0, -1, 16] });
  });
});
