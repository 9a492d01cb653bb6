/**
 * What every kernel shares: the packed int8 dot product and packing (the WGSL builtins when the
 * implementation offers `packed_4x8_integer_dot_product`, else the same arithmetic written out), and
 * the linear index of an invocation in a 2-D grid of 64-wide workgroups.
 */

/** The WGSL language feature that provides `dot4I8Packed` and `pack4xI8`. */
export const PACKED_DOT_FEATURE = 'packed_4x8_integer_dot_product';

/** Invocations per workgroup of the one-element-per-invocation kernels. */
export const LINEAR_WORKGROUP = 64;

/**
 * `dot4(a, b)`: Σ of the four signed byte products of two packed words (exact: each is below 2^14);
 * `pack4(v)`: the low bytes of four i32 into one word, component 0 in bits 0–7.
 */
export function packedDotWgsl(builtin: boolean): string {
  if (builtin) {
    return /* wgsl */ `
fn dot4(a: u32, b: u32) -> i32 { return dot4I8Packed(a, b); }
fn pack4(v: vec4<i32>) -> u32 { return pack4xI8(v); }
`;
  }
  return /* wgsl */ `
fn bytes4(a: u32) -> vec4<i32> {
  return vec4<i32>(i32(a << 24u), i32(a << 16u), i32(a << 8u), i32(a)) >> vec4<u32>(24u);
}
fn dot4(a: u32, b: u32) -> i32 { return dot(bytes4(a), bytes4(b)); }
fn pack4(v: vec4<i32>) -> u32 {
  let u = vec4<u32>(v) & vec4<u32>(0xffu);
  return u.x | (u.y << 8u) | (u.z << 16u) | (u.w << 24u);
}
`;
}

/** `linearId`: the invocation's index over a grid of (x, y) workgroups of 64, row-major. */
export const LINEAR_ID_WGSL = /* wgsl */ `
fn linearId(wid: vec3<u32>, groups: vec3<u32>, lid: u32) -> u32 {
  return (wid.y * groups.x + wid.x) * ${LINEAR_WORKGROUP}u + lid;
}
`;
