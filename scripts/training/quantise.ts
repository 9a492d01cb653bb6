/**
 * Post-training quantisation helpers: symmetric per-tensor int8 weights, int32 biases at the
 * accumulator's scale, and a (multiplier, shift) pair approximating a real rescale factor.
 */

/** Quantises floats to int8 with a symmetric scale max|w| / 127; returns values and scale. */
export function quantiseSymmetric(values: Float64Array): { q: Int32Array; scale: number } {
  let max = 0;
  for (const v of values) max = Math.max(max, Math.abs(v));
  const scale = max === 0 ? 1 : max / 127;
  const q = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(values[i]! / scale)));
  return { q, scale };
}

/** Quantises biases to int32 at scale `scale` (the product of the input and weight scales). */
export function quantiseBias(values: Float64Array, scale: number): Int32Array {
  return Int32Array.from(values, (v) => Math.round(v / scale));
}

/**
 * Finds (m, s) with m / 2^s ≈ factor, 0 ≤ m < 2^16 and 1 ≤ s ≤ 47, keeping m as large as possible
 * for precision.
 */
export function multiplierFor(factor: number): { multiplier: number; shift: number } {
  if (!(factor > 0)) throw new RangeError(`rescale factor must be positive, got ${factor}`);
  let shift = Math.floor(Math.log2((2 ** 16 - 1) / factor));
  shift = Math.max(1, Math.min(47, shift));
  const multiplier = Math.min(2 ** 16 - 1, Math.round(factor * 2 ** shift));
  return { multiplier, shift };
}
