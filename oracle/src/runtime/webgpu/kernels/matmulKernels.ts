import type { KernelBuffer, KernelSource } from './kernelSource';

/**
 * Matmul in three kernels. The input rows (every request's rows stacked: a batch of matrix-vector
 * products is one matrix product) are first packed four int8 to a word, each row zero-padded to
 * `kw4` vec4s (32-byte multiples, as the weights are packed at upload), then multiplied with
 * `dot4I8Packed`: a tiled kernel for many rows, a reduction kernel for up to 32. Both finish each
 * output as the spec does: wrap32(sum + bias), requantised for int8, ReLU as `max(y, floor)` (floor
 * = zp for int8, 0 for int32, −2^31 without ReLU). Sums of up to 4096 products stay below 2^26, so
 * only the bias addition can wrap, and i32 addition wraps in WGSL.
 */

/** Bytes of K each tile step covers; weights and packed rows are padded to a multiple of it. */
export const MATMUL_K_BYTES = 32;
/** Rows up to this many take the reduction kernel (each workgroup four of them). */
export const GEMV_MAX_ROWS = 32;
/** Rows per workgroup of the reduction kernel. */
export const GEMV_ROWS = 4;
/** Rows and columns of the tiled kernel's output tile (each of its 256 invocations computes 8 × 8). */
export const GEMM_TILE = 128;
/** Outputs per workgroup of the reduction kernel (32 invocations each). */
export const GEMV_OUTPUTS = 8;

const MATMUL_FIELDS: KernelSource['fields'] = [
  ['m', 'u32'],
  ['n', 'u32'],
  ['kw4', 'u32'],
  ['mult', 'u32'],
  ['shift', 'u32'],
  ['zp', 'i32'],
  ['int8', 'u32'],
  ['floor', 'i32'],
];
const MATMUL_BUFFERS: readonly KernelBuffer[] = [
  ['xs', 'read', 'array<vec4<u32>>'],
  ['ws', 'read', 'array<vec4<u32>>'],
  ['bias', 'read', 'array<i32>'],
  ['y', 'read_write', 'array<i32>'],
];
const FINISH = /* wgsl */ `
fn finish(acc: i32, col: u32) -> i32 {
  var v = acc + bias[col];
  if (p.int8 == 1u) { v = requantize(v, p.mult, p.shift, p.zp); }
  return max(v, p.floor);
}
fn dot16(a: vec4<u32>, b: vec4<u32>) -> i32 {
  return dot4(a.x, b.x) + dot4(a.y, b.y) + dot4(a.z, b.z) + dot4(a.w, b.w);
}
`;

/** Packs `count` words: word w of row r holds x[r][4w … 4w + 3] (zero past k). */
export const PACK_ROWS_KERNEL: KernelSource = {
  name: 'packRows',
  fields: [
    ['count', 'u32'],
    ['k', 'u32'],
    ['kw', 'u32'],
  ],
  buffers: [
    ['x', 'read_write', 'array<i32>'],
    ['xs', 'read_write', 'array<u32>'],
  ],
  body: /* wgsl */ `
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linearId(wid, groups, lid);
  if (i >= p.count) { return; }
  let row = i / p.kw;
  let c = (i - row * p.kw) * 4u;
  let base = row * p.k + c;
  var v = vec4<i32>(0);
  if (c < p.k) { v.x = x[base]; }
  if (c + 1u < p.k) { v.y = x[base + 1u]; }
  if (c + 2u < p.k) { v.z = x[base + 2u]; }
  if (c + 3u < p.k) { v.w = x[base + 3u]; }
  xs[i] = pack4(v);
}
`,
};

/**
 * Few rows: 32 invocations per output split K, then sum in workgroup memory; workgroup (x, y)
 * computes 8 outputs of rows 4y … 4y + 3 (the weight row is loaded once for the four).
 */
export const GEMV_KERNEL: KernelSource = {
  name: 'gemv',
  fields: MATMUL_FIELDS,
  buffers: MATMUL_BUFFERS,
  body: /* wgsl */ `
${FINISH}
var<workgroup> red: array<vec4<i32>, 256>;

@compute @workgroup_size(32, ${GEMV_OUTPUTS})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let o = wid.x * ${GEMV_OUTPUTS}u + lid.y;
  let r0 = wid.y * 4u;
  let rows = min(4u, p.m - r0);
  let x0 = r0 * p.kw4;
  var acc = vec4<i32>(0);
  if (o < p.n) {
    let wrow = o * p.kw4;
    for (var v = lid.x; v < p.kw4; v += 32u) {
      let w = ws[wrow + v];
      acc.x += dot16(xs[x0 + v], w);
      if (rows > 1u) { acc.y += dot16(xs[x0 + p.kw4 + v], w); }
      if (rows > 2u) { acc.z += dot16(xs[x0 + 2u * p.kw4 + v], w); }
      if (rows > 3u) { acc.w += dot16(xs[x0 + 3u * p.kw4 + v], w); }
    }
  }
  red[li] = acc;
  workgroupBarrier();
  for (var s = 16u; s > 0u; s >>= 1u) {
    if (lid.x < s) { red[li] = red[li] + red[li + s]; }
    workgroupBarrier();
  }
  if (lid.x == 0u && o < p.n) {
    let total = red[li];
    let y0 = r0 * p.n + o;
    y[y0] = finish(total.x, o);
    if (rows > 1u) { y[y0 + p.n] = finish(total.y, o); }
    if (rows > 2u) { y[y0 + 2u * p.n] = finish(total.z, o); }
    if (rows > 3u) { y[y0 + 3u * p.n] = finish(total.w, o); }
  }
}
`,
};

/**
 * Many rows: 128 × 128 output tiles, 256 invocations of 8 × 8 outputs (rows lid.y + 16i, columns
 * lid.x + 16j), K in steps of 32 bytes through workgroup memory laid out [step vec4][row] so that
 * neighbouring invocations read neighbouring words. Written out (unrolled) so the 64 accumulators
 * and the 16 operands stay in registers.
 */
function gemmBody(): string {
  const T = 8;
  const idx = Array.from({ length: T }, (_, i) => i);
  const decl = idx.flatMap((i) => idx.map((j) => `var c${i}${j} = 0;`)).join(' ');
  const step = (v: number) =>
    [
      ...idx.map((i) => `let a${i} = tileA[${v * GEMM_TILE}u + lid.y + ${16 * i}u];`),
      ...idx.map((j) => `let b${j} = tileB[${v * GEMM_TILE}u + lid.x + ${16 * j}u];`),
      ...idx.flatMap((i) => idx.map((j) => `c${i}${j} += dot16(a${i}, b${j});`)),
    ].join('\n      ');
  const write = idx
    .flatMap((i) =>
      idx.map(
        (j) =>
          `if (r${i} < p.m && col0 + lid.x + ${16 * j}u < p.n) { y[r${i} * p.n + col0 + lid.x + ${16 * j}u] = finish(c${i}${j}, col0 + lid.x + ${16 * j}u); }`,
      ),
    )
    .join('\n  ');
  const rows = idx.map((i) => `let r${i} = row0 + lid.y + ${16 * i}u;`).join(' ');
  return /* wgsl */ `
${FINISH}
var<workgroup> tileA: array<vec4<u32>, ${2 * GEMM_TILE}>;
var<workgroup> tileB: array<vec4<u32>, ${2 * GEMM_TILE}>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let row0 = wid.y * ${GEMM_TILE}u;
  let col0 = wid.x * ${GEMM_TILE}u;
  let lr = li >> 1u;
  let lv = li & 1u;
  let slot = lv * ${GEMM_TILE}u + lr;
  let xr = row0 + lr;
  let wr = col0 + lr;
  ${decl}
  for (var k = 0u; k < p.kw4; k += 2u) {
    if (xr < p.m) { tileA[slot] = xs[xr * p.kw4 + k + lv]; } else { tileA[slot] = vec4<u32>(0u); }
    if (wr < p.n) { tileB[slot] = ws[wr * p.kw4 + k + lv]; } else { tileB[slot] = vec4<u32>(0u); }
    workgroupBarrier();
    {
      ${step(0)}
    }
    {
      ${step(1)}
    }
    workgroupBarrier();
  }
  ${rows}
  ${write}
}
`;
}

export const GEMM_KERNEL: KernelSource = {
  name: 'gemm',
  fields: MATMUL_FIELDS,
  buffers: MATMUL_BUFFERS,
  body: gemmBody(),
};
