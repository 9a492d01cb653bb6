import { RuntimeError } from '../runtime/errors';
import { hexToBytes } from './decodeOutput';

/**
 * Prompt and output codec of the character-level text models (e.g. `kjv-textgen`): their input is
 * the prompt's last `context` characters as ASCII bytes, left-padded with '\n' (the verse
 * boundary the model was trained on); their output is ASCII bytes of continuation, ending at the
 * first '\n'. Browser-safe.
 */

/** The characters a text model reads and writes ('\n' first); a prompt keeps only these. */
export const TEXT_VOCAB = "\n abcdefghijklmnopqrstuvwxyz,.:;?!'-";

const KEEP = new Set(TEXT_VOCAB.slice(1));

/** Lower-cases `text` and drops every character outside the vocabulary (and line breaks). */
export function normaliseText(text: string): string {
  return [...text.toLowerCase()].filter((c) => KEEP.has(c)).join('');
}

/**
 * The request input for `prompt`: normalised, its last `context` characters, left-padded with
 * '\n' to exactly `context` ASCII bytes.
 *
 * @example
 * encodeTextPrompt('And God said', 16); // '\n\n\n\nand god said' as bytes
 */
export function encodeTextPrompt(prompt: string, context: number): Uint8Array {
  if (!Number.isInteger(context) || context < 1) {
    throw new RuntimeError('BAD_INPUT', `context must be a positive integer, got ${context}`);
  }
  const text = ('\n'.repeat(context) + normaliseText(prompt)).slice(-context);
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** A text model's output (bytes or 0x-hex) as text, cut at the first '\n' (the end of a verse). */
export function decodeTextOutput(output: Uint8Array | string): string {
  const bytes = typeof output === 'string' ? hexToBytes(output) : output;
  const bad = bytes.findIndex((b) => b >= 0x80);
  if (bad >= 0) throw new RuntimeError('BAD_INPUT', `byte ${bad} (0x${bytes[bad]!.toString(16)}) is not ASCII`);
  const text = String.fromCharCode(...bytes);
  const end = text.indexOf('\n');
  return end < 0 ? text : text.slice(0, end);
}
