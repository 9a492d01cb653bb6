import type { KernelSource } from './kernelSource';

/**
 * Element-by-element ops over the batch's stacked slots (every element one 32-bit word, int8
 * sign-extended), one invocation per element.
 */

/** add: y = clamp(floor((a·mA + b·mB + 2^(s−1)) / 2^s) + zp, −128, 127) = requantize(a·mA + b·mB, 1, s, zp) (|a·mA + b·mB| < 2^24). */
export const ADD_KERNEL: KernelSource = {
  name: 'add',
  fields: [
    ['count', 'u32'],
    ['ma', 'i32'],
    ['mb', 'i32'],
    ['shift', 'u32'],
    ['zp', 'i32'],
  ],
  buffers: [
    ['a', 'read_write', 'array<i32>'],
    ['b', 'read_write', 'array<i32>'],
    ['y', 'read_write', 'array<i32>'],
  ],
  body: /* wgsl */ `
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linearId(wid, groups, lid);
  if (i >= p.count) { return; }
  var acc = a[i] * p.ma;
  if (p.mb != 0) { acc += b[i] * p.mb; }
  y[i] = requantize(acc, 1u, p.shift, p.zp);
}
`,
};

/** lut: y = table[x + 128]. */
export const LUT_KERNEL: KernelSource = {
  name: 'lut',
  fields: [['count', 'u32']],
  buffers: [
    ['x', 'read_write', 'array<i32>'],
    ['table', 'read', 'array<i32>'],
    ['y', 'read_write', 'array<i32>'],
  ],
  body: /* wgsl */ `
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linearId(wid, groups, lid);
  if (i >= p.count) { return; }
  y[i] = table[x[i] + 128];
}
`,
};
