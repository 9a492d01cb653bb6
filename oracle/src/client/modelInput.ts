import { RuntimeError } from '../runtime/errors';
import { writeElement } from '../runtime/tensor';
import { BYTES_PER_ELEMENT, type TensorSpec } from '../runtime/types';
import { encodeTextPrompt } from './textCodec';

/**
 * A model's request input from text, as the web app's input editor and the CLI's `--input` take
 * it. Browser-safe. Four forms:
 *
 * - `0x…`: the bytes themselves (hex);
 * - `[…]`: a JSON array of the input tensor's element values, row-major (int8: −128…127, one byte
 *   each; int32: four bytes big-endian each);
 * - `text:…`: a prompt for a character-level text model (`encodeTextPrompt`: normalised, its last
 *   `cols` characters, left-padded with '\n'); only for a 1-row int8 input;
 * - anything else is refused with what was expected.
 *
 * The result is at most the input tensor's bytes; shorter inputs are zero-padded by the oracle and
 * the runtime alike.
 */

/** The largest input a model takes, in bytes. */
export function inputBytesOf(io: TensorSpec): number {
  return io.rows * io.cols * BYTES_PER_ELEMENT[io.dtype];
}

/** Which input forms apply to a model's input tensor, in words (for help texts and errors). */
export function describeInputForms(io: TensorSpec): string {
  const elements = io.rows * io.cols;
  const forms = [
    `0x-hex of at most ${inputBytesOf(io)} bytes`,
    `a JSON array of at most ${elements} ${io.dtype} values`,
  ];
  if (io.dtype === 'int8' && io.rows === 1) forms.push('text:<prompt> for a text model');
  return forms.join(', or ');
}

const INT_RANGE = { int8: [-128, 127], int32: [-(2 ** 31), 2 ** 31 - 1] } as const;

/**
 * The request input bytes for `value` (see the forms above) against the model's input tensor;
 * a `RuntimeError` `BAD_INPUT` says what is wrong and what is expected.
 *
 * @example
 * encodeModelInput('[0, 16, 3]', { rows: 1, cols: 64, dtype: 'int8' }); // Uint8Array [0, 16, 3]
 * encodeModelInput('text:In the beginning', { rows: 1, cols: 32, dtype: 'int8' }); // 32 ASCII bytes
 */
export function encodeModelInput(value: string, io: TensorSpec): Uint8Array {
  const text = value.trim();
  const max = inputBytesOf(io);
  const expected = `expected ${describeInputForms(io)}`;
  if (text.startsWith('text:')) {
    if (io.dtype !== 'int8' || io.rows !== 1) {
      throw new RuntimeError(
        'BAD_INPUT',
        `a text prompt needs a 1-row int8 input; this model takes ${io.rows} × ${io.cols} ${io.dtype}`,
      );
    }
    return encodeTextPrompt(text.slice('text:'.length), io.cols);
  }
  let bytes: Uint8Array;
  if (/^0x/i.test(text)) {
    const digits = text.slice(2);
    if (!/^([0-9a-fA-F]{2})*$/.test(digits)) {
      throw new RuntimeError(
        'BAD_INPUT',
        `the input is not whole bytes of hex (${digits.length} hex digits after 0x); ${expected}`,
      );
    }
    bytes = Uint8Array.from({ length: digits.length / 2 }, (_, i) => parseInt(digits.slice(2 * i, 2 * i + 2), 16));
  } else if (text.startsWith('[')) {
    let values: unknown;
    try {
      values = JSON.parse(text);
    } catch {
      throw new RuntimeError('BAD_INPUT', `the input is not a valid JSON array; ${expected}`);
    }
    if (!Array.isArray(values)) throw new RuntimeError('BAD_INPUT', `the input is not a JSON array; ${expected}`);
    const [lo, hi] = INT_RANGE[io.dtype];
    const size = BYTES_PER_ELEMENT[io.dtype];
    bytes = new Uint8Array(values.length * size);
    values.forEach((v, i) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
        throw new RuntimeError(
          'BAD_INPUT',
          `element ${i} is ${JSON.stringify(v)}; an ${io.dtype} input takes whole numbers from ${lo} to ${hi}`,
        );
      }
      writeElement(bytes, i * size, v, io.dtype);
    });
  } else {
    throw new RuntimeError(
      'BAD_INPUT',
      `the input ${JSON.stringify(text.slice(0, 24))}${text.length > 24 ? '…' : ''} is in no known form; ${expected}`,
    );
  }
  if (bytes.length > max) {
    throw new RuntimeError(
      'BAD_INPUT',
      `the input is ${bytes.length} bytes; this model takes at most ${max} (${io.rows} × ${io.cols} ${io.dtype})`,
    );
  }
  return bytes;
}
