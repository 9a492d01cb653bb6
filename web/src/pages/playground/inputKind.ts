import { DIGIT_FEATURES_SIDE, DIGITS_PREPROCESSING } from '@imo/oracle/preprocessing/digitFeatures';
import type { TensorSpec } from '@imo/runtime/types';

/** How the playground takes a model's input: a drawn digit, a text prompt, or raw hex / JSON. */
export type InputKind = 'digits' | 'text' | 'raw';

/**
 * The input editor for a model, from its package manifest: the digits editor only for a model whose
 * manifest states the digits preprocessing over a 64-value int8 input; the text editor for a 1-row
 * int8 input whose preprocessing reads ASCII text; raw bytes for anything else (or no manifest).
 *
 * @example
 * inputKindOf({ preprocessing: DIGITS_PREPROCESSING, io: { input: { rows: 1, cols: 64, dtype: 'int8' } } }); // 'digits'
 */
export function inputKindOf(manifest: { preprocessing?: string; io: { input: TensorSpec } } | undefined): InputKind {
  if (!manifest) return 'raw';
  const { input } = manifest.io;
  const int8Row = input.dtype === 'int8' && input.rows === 1;
  if (int8Row && input.cols === DIGIT_FEATURES_SIDE ** 2 && manifest.preprocessing === DIGITS_PREPROCESSING)
    return 'digits';
  if (int8Row && /^ASCII text/i.test(manifest.preprocessing ?? '')) return 'text';
  return 'raw';
}
