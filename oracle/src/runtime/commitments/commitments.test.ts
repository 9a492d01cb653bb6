import { AbiCoder, keccak256 } from 'ethers';
import { describe, expect, it } from 'vitest';
import { encodeDescriptor } from './descriptor';
import { hashPair, keccak, toHex, ZERO32 } from './keccak';
import { MerkleTree, ZERO_CHUNK_SUBTREES, ZERO_LEAF_SUBTREES, rootFromPath, verifyPath } from './merkle';
import { computeModelHash, computeParamsRoot, stateDepth, valueTree } from './roots';
import { TensorCommitment, computeTensorRoot } from './tensorRoot';
import type { OpDescriptor, Tensor } from '../types';

const t = (rows: number, cols: number, dtype: 'int8' | 'int32', values: number[]): Tensor => ({
  rows,
  cols,
  dtype,
  data: Int32Array.from(values),
});

describe('tensorRoot', () => {
  it('is keccak256 of the single zero-padded chunk for a tiny tensor', () => {
    const chunk = new Uint8Array(32);
    chunk.set([0x01, 0xff, 0x80]);
    expect(toHex(computeTensorRoot(t(1, 3, 'int8', [1, -1, -128])))).toBe(toHex(keccak(chunk)));
  });

  it('writes int32 big-endian two’s complement', () => {
    const chunk = new Uint8Array(32);
    chunk.set([0xff, 0xff, 0xff, 0xfe, 0x00, 0x00, 0x01, 0x00]);
    expect(toHex(computeTensorRoot(t(1, 2, 'int32', [-2, 256])))).toBe(toHex(keccak(chunk)));
  });

  it('pads rows to a power of two of chunks and the row count to a power of two with zero chunks', () => {
    // 3 rows × 33 int8 → 2 chunks per row, 4 rows: depth 3; row 3 is two zero chunks.
    const tensor = t(
      3,
      33,
      'int8',
      Array.from({ length: 99 }, (_, i) => (i % 200) - 100),
    );
    const c = new TensorCommitment(tensor);
    expect(c.chunksPerRow).toBe(2);
    expect(c.depth).toBe(3);
    const leaves: Uint8Array[] = [];
    for (let r = 0; r < 4; r++) for (let k = 0; k < 2; k++) leaves.push(keccak(c.chunk(r, k)));
    expect(toHex(leaves[6]!)).toBe(toHex(keccak(ZERO32)));
    expect(toHex(c.root)).toBe(toHex(new MerkleTree(leaves, 3, ZERO_CHUNK_SUBTREES).root));
    expect(toHex(c.rowRoot(3))).toBe(toHex(ZERO_CHUNK_SUBTREES[1]!));
  });

  it('chunk, row and block paths verify; any tampering fails', () => {
    const tensor = t(
      5,
      40,
      'int32',
      Array.from({ length: 200 }, (_, i) => i * 7919 - 500_000),
    );
    const c = new TensorCommitment(tensor);
    for (let r = 0; r < 8; r++) {
      expect(verifyPath(c.root, c.rowRoot(r), c.rowPath(r), c.depth - c.rowHeight)).toBe(true);
      for (let k = 0; k < c.chunksPerRow; k++) {
        const path = c.chunkPath(r, k);
        expect(verifyPath(c.root, keccak(c.chunk(r, k)), path, c.depth)).toBe(true);
        const bad = c.chunk(r, k).slice();
        bad[31] = bad[31]! ^ 1;
        expect(verifyPath(c.root, keccak(bad), path, c.depth)).toBe(false);
        // Moving the leaf to its sibling's place fails unless both hold the same bytes (padding).
        const sameAsSibling = toHex(path.siblings[0]!) === toHex(keccak(c.chunk(r, k)));
        expect(verifyPath(c.root, keccak(c.chunk(r, k)), { ...path, index: path.index ^ 1 }, c.depth)).toBe(
          sameAsSibling,
        );
        const sib = path.siblings.map((s) => s.slice());
        sib[0]![0] = sib[0]![0]! ^ 1;
        expect(verifyPath(c.root, keccak(c.chunk(r, k)), { index: path.index, siblings: sib }, c.depth)).toBe(false);
      }
    }
    for (let b = 0; b < 4; b++)
      expect(verifyPath(c.root, c.blockRoot(b, 1), c.blockPath(b, 1), c.depth - c.rowHeight - 1)).toBe(true);
    expect(verifyPath(c.root, c.blockRoot(0, 3), c.blockPath(0, 3), 0)).toBe(true);
    // A path of the wrong length never verifies.
    expect(verifyPath(c.root, c.rowRoot(0), c.rowPath(0), c.depth)).toBe(false);
  });
});

describe('computeTensorRoot (streamed in row batches)', () => {
  it('equals the full tree’s root across several 1 MiB row batches, for every element storage', () => {
    let seed = 3;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24) - 128;
    const rows = 600; // 600 rows of 4096 int8 = 2.4 MB: three batches, and a padded row count
    const int8: Tensor = { rows, cols: 4096, dtype: 'int8', data: Int8Array.from({ length: rows * 4096 }, next) };
    const int8In32: Tensor = { ...int8, data: Int32Array.from(int8.data) };
    const int32: Tensor = {
      rows: 300,
      cols: 1000,
      dtype: 'int32',
      data: Int32Array.from({ length: 300_000 }, (_, i) => next() * 8_388_607 + i),
    };
    for (const t of [int8, int8In32, int32]) {
      expect(toHex(computeTensorRoot(t))).toBe(toHex(new TensorCommitment(t).root));
    }
    expect(toHex(computeTensorRoot(int8In32))).toBe(toHex(computeTensorRoot(int8)));
  });
});

describe('zero-subtree tables', () => {
  it('start at keccak256(0^32) for chunks and at bytes32(0) for value trees', () => {
    expect(toHex(ZERO_CHUNK_SUBTREES[0]!)).toBe(keccak256(new Uint8Array(32)));
    expect(toHex(ZERO_LEAF_SUBTREES[0]!)).toBe(toHex(ZERO32));
    expect(toHex(ZERO_LEAF_SUBTREES[1]!)).toBe(toHex(hashPair(ZERO32, ZERO32)));
  });
});

describe('value trees (state, params, graph)', () => {
  it('take values as leaves, pad with zero leaves and read paths from the root (bit 1 = right)', () => {
    const values = [1, 2, 3].map((i) => keccak(Uint8Array.of(i)));
    const tree = valueTree(values, 8);
    expect(tree.depth).toBe(3);
    const l01 = hashPair(values[0]!, values[1]!);
    const l23 = hashPair(values[2]!, ZERO32);
    const expected = hashPair(hashPair(l01, l23), ZERO_LEAF_SUBTREES[2]!);
    expect(toHex(tree.root)).toBe(toHex(expected));
    const path = tree.path(2); // index 2 = 0b010: left at the root, then right, then left
    expect(toHex(rootFromPath(values[2]!, path))).toBe(toHex(expected));
    expect(toHex(path.siblings[0]!)).toBe(toHex(ZERO32));
    expect(toHex(path.siblings[1]!)).toBe(toHex(l01));
  });

  it('D = ceil(log2(n + 1))', () => {
    expect([1, 2, 3, 4, 7, 8, 15, 16].map(stateDepth)).toEqual([1, 2, 2, 3, 3, 4, 4, 5]);
  });
});

describe('ABI twins', () => {
  it('encodes descriptors exactly as abi.encode of the 14-field tuple', () => {
    const d: OpDescriptor = {
      op: 'matmul',
      inputA: 3,
      inputB: 0,
      paramA: 7,
      paramB: 8,
      rows: 2,
      cols: 4096,
      dtype: 'int32',
      multiplier: 65535,
      multiplierB: 0,
      shift: 47,
      zeroPoint: -128,
      attrA: 1,
      attrB: 0,
    };
    const expected = AbiCoder.defaultAbiCoder().encode(
      ['tuple(uint8,uint32,uint32,uint32,uint32,uint32,uint32,uint8,uint32,uint32,uint8,int32,uint32,uint32)'],
      [[1, 3, 0, 7, 8, 2, 4096, 1, 65535, 0, 47, -128, 1, 0]],
    );
    expect(toHex(encodeDescriptor(d))).toBe(expected);
  });

  it('binds the parameter count into paramsRoot', () => {
    const treeRoot = keccak(Uint8Array.of(9));
    const expected = keccak256(AbiCoder.defaultAbiCoder().encode(['uint256', 'bytes32'], [4, treeRoot]));
    expect(toHex(computeParamsRoot(4, treeRoot))).toBe(expected);
    expect(toHex(computeParamsRoot(3, treeRoot))).not.toBe(expected);
  });

  it('computes modelHash as ModelHash.compute does', () => {
    const developer = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
    const graphRoot = keccak(Uint8Array.of(1));
    const paramsRoot = keccak(Uint8Array.of(2));
    const expected = keccak256(
      AbiCoder.defaultAbiCoder().encode(
        [
          'uint256',
          'address',
          'bytes32',
          'bytes32',
          'tuple(uint32,uint32,uint8,uint32,uint32,uint8)',
          'uint32',
          'uint8',
        ],
        [1, developer, graphRoot, paramsRoot, [1, 64, 0, 1, 1, 1], 3, 2],
      ),
    );
    const got = computeModelHash({
      developer,
      graphRoot,
      paramsRoot,
      input: { rows: 1, cols: 64, dtype: 'int8' },
      output: { rows: 1, cols: 1, dtype: 'int32' },
      opCount: 3,
    });
    expect(toHex(got)).toBe(expected);
  });
});
