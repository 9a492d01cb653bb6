import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../runtime/errors';
import { decodeTextOutput, encodeTextPrompt, normaliseText } from './textCodec';

const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);

describe('text codec', () => {
  it('lower-cases and keeps only vocabulary characters', () => {
    expect(normaliseText('And GOD said (unto Moses)\n— “Go”!')).toBe('and god said unto moses go!');
  });

  it("left-pads a short prompt with '\\n' to the context length", () => {
    expect(text(encodeTextPrompt('And God said', 16))).toBe('\n\n\n\nand god said');
  });

  it('keeps the last `context` characters of a long prompt', () => {
    expect(text(encodeTextPrompt('In the beginning God created', 8))).toBe(' created');
  });

  it('pads an empty (or all-dropped) prompt entirely', () => {
    expect(text(encodeTextPrompt('™™', 4))).toBe('\n\n\n\n');
  });

  it('rejects a context that is not a positive integer', () => {
    expect(() => encodeTextPrompt('x', 0)).toThrow(RuntimeError);
    expect(() => encodeTextPrompt('x', 1.5)).toThrow(/positive integer/);
  });

  it("decodes bytes or hex and cuts at the first '\\n'", () => {
    expect(decodeTextOutput(Uint8Array.from('and it was so.\nand god', (c) => c.charCodeAt(0)))).toBe('and it was so.');
    expect(decodeTextOutput('0x616263')).toBe('abc');
  });

  it('names the offending byte of a non-ASCII output and rejects malformed hex', () => {
    expect(() => decodeTextOutput(Uint8Array.of(0x61, 0xc3))).toThrow(/byte 1 \(0xc3\) is not ASCII/);
    expect(() => decodeTextOutput('0x6')).toThrow(/hex/);
  });
});
