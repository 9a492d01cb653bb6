import type { KernelSource } from './kernelSource';

/** Ops that move elements (gather, concat and slice as strided copies) and argmax, batch-aware. */

/**
 * gather: y[b][r][c] = table[clamp(idx[b][0][r], 0, V − 1)][c] for request b, with an index row of
 * `n` elements per request and a table [V, d].
 */
export const GATHER_KERNEL: KernelSource = {
  name: 'gather',
  fields: [
    ['count', 'u32'],
    ['n', 'u32'],
    ['d', 'u32'],
    ['v', 'i32'],
  ],
  buffers: [
    ['idx', 'read_write', 'array<i32>'],
    ['table', 'read', 'array<i32>'],
    ['y', 'read_write', 'array<i32>'],
  ],
  body: /* wgsl */ `
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linearId(wid, groups, lid);
  if (i >= p.count) { return; }
  let row = i / p.d;                       // b·n + r: the index element of this output row
  let c = i - row * p.d;
  let t = u32(clamp(idx[row], 0, p.v - 1));
  y[i] = table[t * p.d + c];
}
`,
};

/**
 * A strided copy of `nb` blocks of `nr` rows of `nc` elements:
 * y[o0 + b·oblk + r·orow + c] = x[i0 + b·iblk + r·irow + c]. Concat is two of these, slice one.
 */
export const COPY_KERNEL: KernelSource = {
  name: 'copy',
  fields: [
    ['count', 'u32'],
    ['nr', 'u32'],
    ['nc', 'u32'],
    ['i0', 'u32'],
    ['iblk', 'u32'],
    ['irow', 'u32'],
    ['o0', 'u32'],
    ['oblk', 'u32'],
    ['orow', 'u32'],
  ],
  buffers: [
    ['x', 'read_write', 'array<i32>'],
    ['y', 'read_write', 'array<i32>'],
  ],
  body: /* wgsl */ `
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linearId(wid, groups, lid);
  if (i >= p.count) { return; }
  let block = p.nr * p.nc;
  let b = i / block;
  let rc = i - b * block;
  let r = rc / p.nc;
  let c = rc - r * p.nc;
  y[p.o0 + b * p.oblk + r * p.orow + c] = x[p.i0 + b * p.iblk + r * p.irow + c];
}
`,
};

/** argmax: per row (of every request), the lowest column holding the row's maximum. */
export const ARGMAX_KERNEL: KernelSource = {
  name: 'argmax',
  fields: [
    ['rows', 'u32'],
    ['cols', 'u32'],
  ],
  buffers: [
    ['x', 'read_write', 'array<i32>'],
    ['y', 'read_write', 'array<i32>'],
  ],
  body: /* wgsl */ `
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let r = linearId(wid, groups, lid);
  if (r >= p.rows) { return; }
  let base = r * p.cols;
  var best = 0u;
  var top = x[base];
  for (var c = 1u; c < p.cols; c++) {
    let v = x[base + c];
    if (v > top) { top = v; best = c; }
  }
  y[r] = i32(best);
}
`,
};
