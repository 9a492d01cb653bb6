/**
 * The integer rules every backend shares (`docs/runtime-spec.md`, "Arithmetic"). All values are
 * JS numbers holding integers; every intermediate stays below 2^53 in magnitude, so each formula
 * is exact.
 */

/** Wraps an integer to int32 (two's complement, modulo 2^32). */
export function wrap32(x: number): number {
  return x | 0;
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * Requantisation: clamp(floor((acc·m + 2^(s−1)) / 2^s) + zp, −128, 127), with acc an int32 (or any
 * integer below 2^31 in magnitude), 0 ≤ m < 2^16, 1 ≤ s ≤ 47, −128 ≤ zp ≤ 127. |acc·m| < 2^47 and
 * dividing by a power of two is exact in binary floating point, so Math.floor gives the true floor.
 */
export function requantize(acc: number, m: number, s: number, zp: number): number {
  return clamp(Math.floor((acc * m + 2 ** (s - 1)) / 2 ** s) + zp, -128, 127);
}
