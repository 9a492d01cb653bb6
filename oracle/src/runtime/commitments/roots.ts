import type { OpDescriptor, Tensor, TensorSpec } from '../types';
import { DTYPES, MODEL_HASH_VERSION } from '../types';
import { nextPow2 } from '../tensor';
import { descriptorLeaf, abiEncodeWords } from './descriptor';
import { fromHex, keccak } from './keccak';
import { MerkleTree, ZERO_LEAF_SUBTREES, log2 } from './merkle';
import { computeTensorRoot } from './tensorRoot';

/** A tree over 32-byte values taken as leaves directly, zero-padded to a power of two (≥ 1 leaf). */
export function valueTree(values: Uint8Array[], minLeaves = 1): MerkleTree {
  return new MerkleTree(values, log2(nextPow2(Math.max(values.length, minLeaves))), ZERO_LEAF_SUBTREES);
}

/** The params tree: leaf p = tensorRoot of parameter p. */
export function paramsTree(params: Tensor[]): MerkleTree {
  return valueTree(params.map(computeTensorRoot));
}

/**
 * paramsRoot = keccak256(abi.encode(uint256 count, bytes32 paramsTreeRoot)): binding the count fixes
 * the depth of every parameter path, log2(nextPow2(count)), so no inner node can pass for a leaf.
 */
export function computeParamsRoot(count: number, treeRoot: Uint8Array): Uint8Array {
  return keccak(abiEncodeWords([count, treeRoot]));
}

/** The graph tree: leaf i−1 = keccak256(abi.encode(descriptor of op i)). */
export function graphTree(graph: OpDescriptor[]): MerkleTree {
  return valueTree(graph.map(descriptorLeaf));
}

/** D = ceil(log2(n + 1)): the state tree has 2^D ≥ n + 1 slots. */
export function stateDepth(opCount: number): number {
  return log2(nextPow2(opCount + 1));
}

export interface ModelHashParameters {
  developer: string;
  graphRoot: Uint8Array;
  paramsRoot: Uint8Array;
  input: TensorSpec;
  output: TensorSpec;
  opCount: number;
}

/**
 * modelHash = keccak256(abi.encode(uint256 version, address developer, bytes32 graphRoot,
 * bytes32 paramsRoot, (uint32 inputRows, uint32 inputCols, uint8 inputDtype, uint32 outputRows,
 * uint32 outputCols, uint8 outputDtype), uint32 opCount, uint8 stateDepth)); the twin of
 * `ModelHash.compute` in Solidity.
 */
export function computeModelHash(p: ModelHashParameters): Uint8Array {
  return keccak(
    abiEncodeWords([
      MODEL_HASH_VERSION,
      fromHex(p.developer),
      p.graphRoot,
      p.paramsRoot,
      p.input.rows,
      p.input.cols,
      DTYPES[p.input.dtype],
      p.output.rows,
      p.output.cols,
      DTYPES[p.output.dtype],
      p.opCount,
      stateDepth(p.opCount),
    ]),
  );
}
