export * from './types';
export * from './errors';
export * from './tensor';
export type { Backend } from './backend';
export { referenceBackend } from './referenceBackend';
export { requantize, wrap32, clamp } from './ops/arithmetic';
export { keccak, hashPair, toHex, fromHex } from './commitments/keccak';
export {
  MerkleTree,
  verifyPath,
  assertPath,
  rootFromPath,
  ZERO_CHUNK_SUBTREES,
  ZERO_LEAF_SUBTREES,
  type MerklePath,
} from './commitments/merkle';
export { TensorCommitment, computeTensorRoot } from './commitments/tensorRoot';
export { encodeDescriptor, descriptorLeaf, toSolidityOp } from './commitments/descriptor';
export { computeModelHash, computeParamsRoot, graphTree, paramsTree, stateDepth, valueTree } from './commitments/roots';
export { manifestSchema, type Manifest } from './package/manifest';
export { loadPackage, decodeParams, type ModelPackage, type LoadPackageOptions } from './package/loadPackage';
export { validateGraph } from './package/validateGraph';
export { Trace, runModel, runOp } from './trace';
export { runModelBatch, type RunModelBatchOptions } from './runModelBatch';
export { buildPackage, type PackageContents } from './package/buildPackage';
export { describeOp } from './describeOp';
export { registryCommitment, type RegistryCommitment } from './package/registryCommitment';
export { createWasmBackend, type WasmBackend, type WasmBackendOptions } from './wasm/wasmBackend';
export { createWebGpuBackend, type WebGpuBackend, type WebGpuBackendOptions } from './webgpu/webgpuBackend';
export {
  openWebGpuBackend,
  openWebGpuAdapter,
  requestWebGpuAdapter,
  type FoundAdapter,
  type GpuLike,
  type OpenWebGpuBackendOptions,
} from './webgpu/openWebGpuBackend';
export { describeAdapter, type AdapterDescription } from './webgpu/adapterDescription';
export {
  selectBackend,
  BACKEND_MODES,
  type BackendMode,
  type BackendDescription,
  type SelectedBackend,
  type SelectBackendOptions,
} from './selectBackend';
