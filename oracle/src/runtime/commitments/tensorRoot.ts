import type { Tensor } from '../types';
import { chunksPerRow, paddedRows, rowBytes } from '../tensor';
import { hashChunks, hashPair } from './keccak';
import { MerkleTree, ZERO_CHUNK_SUBTREES, log2, type MerklePath } from './merkle';

/**
 * The Merkle commitment of one tensor. Leaves are keccak256 of the padded 32-byte chunks, row by
 * row: leaf index = row · chunksPerRow + chunk. The bottom log2(chunksPerRow) levels are one row's
 * subtree; the top log2(paddedRows) levels index rows (so aligned blocks of rows are subtrees too).
 */
export class TensorCommitment {
  readonly tree: MerkleTree;
  readonly chunksPerRow: number;
  readonly rowHeight: number;
  readonly depth: number;

  constructor(readonly tensor: Tensor) {
    this.chunksPerRow = chunksPerRow(tensor.cols, tensor.dtype);
    this.rowHeight = log2(this.chunksPerRow);
    this.depth = this.rowHeight + log2(paddedRows(tensor.rows));
    const leaves: Uint8Array[] = [];
    for (let r = 0; r < tensor.rows; r++) leaves.push(...hashChunks(this.paddedRow(r)));
    this.tree = new MerkleTree(leaves, this.depth, ZERO_CHUNK_SUBTREES);
  }

  /** The padded bytes of row `row` that the tree commits to (zero padding, per the spec). */
  protected paddedRow(row: number): Uint8Array {
    return rowBytes(this.tensor, row);
  }

  get root(): Uint8Array {
    return this.tree.root;
  }

  /** The 32 bytes of chunk `chunk` of row `row` (zero in padding). */
  chunk(row: number, chunk: number): Uint8Array {
    return this.paddedRow(row).subarray(chunk * 32, chunk * 32 + 32);
  }

  /** Path of a chunk's leaf (keccak256 of the chunk) to the root. */
  chunkPath(row: number, chunk: number): MerklePath {
    return this.tree.path(row * this.chunksPerRow + chunk, 0);
  }

  /** Root of one row's subtree. */
  rowRoot(row: number): Uint8Array {
    return this.tree.node(this.rowHeight, row);
  }

  /** Path of a row's subtree root to the tensor root. */
  rowPath(row: number): MerklePath {
    return this.tree.path(row, this.rowHeight);
  }

  /** Root of the aligned block of 2^log2Rows rows starting at row `block · 2^log2Rows`. */
  blockRoot(block: number, log2Rows: number): Uint8Array {
    return this.tree.node(this.rowHeight + log2Rows, block);
  }

  /** Path of an aligned block of rows to the tensor root. */
  blockPath(block: number, log2Rows: number): MerklePath {
    return this.tree.path(block, this.rowHeight + log2Rows);
  }
}

/**
 * The root of a tensor (`tensorRoot` of the spec), in memory proportional to its row count: each
 * row's subtree is hashed and dropped, and only the row roots are kept (a 64 MB weight matrix needs
 * kilobytes, where {@link TensorCommitment} keeps every node for paths).
 */
export function computeTensorRoot(tensor: Tensor): Uint8Array {
  const perRow = chunksPerRow(tensor.cols, tensor.dtype);
  const rowHeight = log2(perRow);
  const rowRoots: Uint8Array[] = [];
  for (let r = 0; r < tensor.rows; r++) {
    let level = hashChunks(rowBytes(tensor, r));
    while (level.length > 1) level = level.flatMap((node, i) => (i % 2 ? [] : [hashPair(node, level[i + 1]!)]));
    rowRoots.push(level[0]!);
  }
  return new MerkleTree(rowRoots, log2(paddedRows(tensor.rows)), ZERO_CHUNK_SUBTREES.slice(rowHeight)).root;
}
