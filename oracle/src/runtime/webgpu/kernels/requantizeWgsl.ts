/**
 * The requantisation routine of `docs/runtime-spec.md` (section 4) in WGSL, line for line: WGSL has
 * no 64-bit integers, so acc·m is built from 16-bit limbs of acc as `requantizeLimbs` does (its
 * TypeScript twin, tested against `requantize` over the whole ranges).
 */
export const REQUANTIZE_WGSL = /* wgsl */ `
fn requantize(acc: i32, m: u32, s: u32, zp: i32) -> i32 {
  let ah = acc >> 16u;
  let al = u32(acc) & 0xffffu;
  let hm = ah * i32(m);
  let lm = al * m;
  var lo = u32(hm) << 16u;
  var hi = hm >> 16u;
  var nx = lo + lm;  hi = hi + select(0, 1, nx < lo);  lo = nx;
  let r = s - 1u;
  let rlo = select(0u, 1u << (r & 31u), r < 32u);
  let rhi = select(0, 1 << ((r - 32u) & 31u), r >= 32u);
  nx = lo + rlo;  hi = hi + rhi + select(0, 1, nx < lo);  lo = nx;
  var qlo: u32; var qhi: i32;
  if (s < 32u) { qlo = (lo >> s) | (u32(hi) << ((32u - s) & 31u)); qhi = hi >> s; }
  else { qlo = u32(hi >> (s - 32u)); qhi = hi >> 31u; }
  var v: i32;
  if (qhi > 0 || (qhi == 0 && qlo > 0x7fffffffu)) { v = 1024; }
  else if (qhi < -1 || (qhi == -1 && qlo < 0x80000000u)) { v = -1024; }
  else { v = clamp(i32(qlo), -1024, 1024); }
  return clamp(v + zp, -128, 127);
}
`;
