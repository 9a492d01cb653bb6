/**
 * onnxruntime-node as the outside yardstick for the WebAssembly backend: builds the ONNX test models
 * (one MatMulInteger u8 × s8 → int32, one float32 MatMul) in memory with onnx-proto and times them
 * on ORT's CPU provider with a fixed thread count.
 */
import { onnx } from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import type { Tensor } from '../oracle/src/runtime';

const { DataType } = onnx.TensorProto;

function valueInfo(name: string, elemType: number, dims: number[]): onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((dimValue) => ({ dimValue })) } } },
  };
}

/** The model `Y = X · Wᵀ` for weights `w` ([n, k], as the runtime stores them), int8 or float32. */
export function buildMatmulModel(rows: number, w: Tensor, kind: 'int8' | 'f32'): Uint8Array {
  const { rows: n, cols: k } = w;
  const transposed = new Int8Array(k * n); // ONNX's B is [k, n]
  for (let o = 0; o < n; o++) for (let j = 0; j < k; j++) transposed[j * n + o] = w.data[o * k + j]!;
  const int8 = kind === 'int8';
  const weights: onnx.ITensorProto = int8
    ? { name: 'W', dims: [k, n], dataType: DataType.INT8, rawData: new Uint8Array(transposed.buffer) }
    : {
        name: 'W',
        dims: [k, n],
        dataType: DataType.FLOAT,
        rawData: new Uint8Array(Float32Array.from(transposed).buffer),
      };
  const graph: onnx.IGraphProto = {
    name: `matmul_${kind}_${rows}x${k}x${n}`,
    // X arrives as uint8 with zero point 128 (x + 128), so X − 128 is the runtime's int8 input.
    node: int8
      ? [{ opType: 'MatMulInteger', input: ['X', 'W', 'XZero'], output: ['Y'] }]
      : [{ opType: 'MatMul', input: ['X', 'W'], output: ['Y'] }],
    initializer: int8
      ? [weights, { name: 'XZero', dims: [], dataType: DataType.UINT8, rawData: Uint8Array.of(128) }]
      : [weights],
    input: [valueInfo('X', int8 ? DataType.UINT8 : DataType.FLOAT, [rows, k])],
    output: [valueInfo('Y', int8 ? DataType.INT32 : DataType.FLOAT, [rows, n])],
  };
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'imo-oracle bench',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

/** A session over `model` on `threads` intra-op threads, and a feed built from the int8 input `x`. */
export async function ortMatmul(
  model: Uint8Array,
  x: Tensor,
  kind: 'int8' | 'f32',
  threads: number,
): Promise<{ run: () => Promise<Int32Array | Float32Array>; release: () => Promise<void> }> {
  const session = await ort.InferenceSession.create(model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const dims = [x.rows, x.cols];
  const feed =
    kind === 'int8'
      ? new ort.Tensor(
          'uint8',
          Uint8Array.from(x.data, (v) => v + 128),
          dims,
        )
      : new ort.Tensor('float32', Float32Array.from(x.data), dims);
  return {
    run: async () => (await session.run({ X: feed })).Y!.data as Int32Array | Float32Array,
    release: () => session.release(),
  };
}
