import { loadDigits, splitDigits } from '../training/trainDigits';

/** The digits golden inputs: the first five held-out samples, an empty image and a saturated one. */
export function goldenDigitsInputs(): Uint8Array[] {
  const { test } = splitDigits(loadDigits());
  return [...test.slice(0, 5).map((s) => Uint8Array.from(s.pixels)), new Uint8Array(64), new Uint8Array(64).fill(16)];
}
