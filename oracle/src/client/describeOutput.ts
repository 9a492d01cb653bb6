import type { Dtype } from '../runtime/types';
import { decodeOutput, hexToBytes } from './decodeOutput';
import { decodeTextOutput } from './textCodec';

/** An oracle output in the forms a person reads: its elements, a label, or text. */
export interface OutputDescription {
  /** The output tensor's elements. */
  values: number[];
  /** The package's label for a one-element output (`labels[value]`, e.g. the digit's name). */
  label?: string;
  /** The output as text, when it is printable ASCII bytes (a text model), cut at the first '\n'. */
  text?: string;
}

const PRINTABLE = /^[\n\x20-\x7e]*$/;

/**
 * Decodes an output (0x-hex or bytes) by the model's output dtype, with the package's labels if
 * known, and as text when an int8 output is printable ASCII.
 *
 * @example
 * describeOutput('0x00000007', 'int32', ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']); // { values: [7], label: '7' }
 */
export function describeOutput(
  output: string | Uint8Array,
  dtype: Dtype,
  labels?: readonly string[],
): OutputDescription {
  const bytes = typeof output === 'string' ? hexToBytes(output) : output;
  const values = decodeOutput(bytes, dtype);
  const description: OutputDescription = { values };
  if (values.length === 1 && labels?.[values[0]!] !== undefined) description.label = labels[values[0]!];
  const ascii = String.fromCharCode(...bytes);
  if (dtype === 'int8' && bytes.length > 1 && PRINTABLE.test(ascii)) description.text = decodeTextOutput(bytes);
  return description;
}
