/**
 * The requantisation routine for machines with 32-bit integers only (WGSL), written here with
 * 32-bit operations alone (`| 0`, `>>> 0`, `>>`, `<<`, 16-bit products) so it can be tested
 * against `requantize`. `docs/runtime-spec.md` gives the same routine in WGSL, line for line.
 *
 * acc·m is a signed 64-bit value (hi: int32, lo: uint32) built from 16-bit limbs of acc:
 * acc = ah·2^16 + al with ah = acc >> 16 (arithmetic) and 0 ≤ al < 2^16, so ah·m and al·m each fit
 * 32 bits. Then the rounding constant 2^(s−1) is added with carry, the 64-bit value is shifted
 * right arithmetically by s, and the result saturates to int8 after adding the zero point.
 */
export function requantizeLimbs(acc: number, m: number, s: number, zp: number): number {
  const ah = acc >> 16;
  const al = (acc & 0xffff) >>> 0;
  const hm = ah * m; // |ah·m| < 2^15·2^16 = 2^31: exact in 32 bits (WGSL: i32 multiply)
  const lm = (al * m) >>> 0; // < 2^32 (WGSL: u32 multiply)
  // p = hm·2^16 + lm
  let lo = (hm << 16) >>> 0;
  let hi = hm >> 16;
  let next = (lo + lm) >>> 0;
  hi = (hi + (next < lo ? 1 : 0)) | 0;
  lo = next;
  // + 2^(s−1)
  const r = s - 1;
  const rlo = r < 32 ? (1 << r) >>> 0 : 0;
  const rhi = r >= 32 ? 1 << (r - 32) : 0;
  next = (lo + rlo) >>> 0;
  hi = (hi + rhi + (next < lo ? 1 : 0)) | 0;
  lo = next;
  // arithmetic shift right of (hi:lo) by s, 1 ≤ s ≤ 47
  let qlo: number;
  let qhi: number;
  if (s < 32) {
    qlo = ((lo >>> s) | (hi << (32 - s))) >>> 0;
    qhi = hi >> s;
  } else {
    qlo = (hi >> (s - 32)) >>> 0;
    qhi = hi >> 31;
  }
  // saturate the 64-bit quotient to int32-ish range, then add zp and clamp to int8
  let v: number;
  if (qhi > 0 || (qhi === 0 && qlo > 0x7fffffff)) v = 1024;
  else if (qhi < -1 || (qhi === -1 && qlo < 0x80000000)) v = -1024;
  else v = Math.max(-1024, Math.min(1024, qlo | 0));
  return Math.max(-128, Math.min(127, v + zp));
}
