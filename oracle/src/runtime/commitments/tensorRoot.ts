import type { Tensor } from '../types';
import { chunksPerRow, paddedRows, rowBytes, writeRow } from '../tensor';
import { hashChunks, wasmRowRoots, wasmTreeRoot } from './keccak';
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

/** Rows at most this many bytes (padded) are hashed per wasm call, so big tensors stream. */
const ROW_BATCH_BYTES = 1 << 20;

/** Writes padded rows `first…first+count−1` of `t` into `heap` from `at` (`chunks · 32` bytes each). */
function writeRows(t: Tensor, first: number, count: number, chunks: number, heap: Uint8Array, at: number): void {
  heap.fill(0, at, at + count * chunks * 32);
  for (let i = 0; i < count; i++) writeRow(t, first + i, heap, at + i * chunks * 32);
}

/**
 * The root of a tensor (`tensorRoot` of the spec), hashed in WebAssembly in batches of rows: each
 * row's subtree is reduced to its root and dropped, so memory stays proportional to the row count
 * (a 64 MB weight matrix needs kilobytes, where {@link TensorCommitment} keeps every node for
 * paths).
 */
export function computeTensorRoot(tensor: Tensor): Uint8Array {
  const chunks = chunksPerRow(tensor.cols, tensor.dtype);
  const height = log2(chunks);
  const batch = Math.max(1, Math.floor(ROW_BATCH_BYTES / (chunks * 32)));
  const roots = new Uint8Array(tensor.rows * 32);
  for (let first = 0; first < tensor.rows; first += batch) {
    const count = Math.min(batch, tensor.rows - first);
    roots.set(
      wasmRowRoots((heap, at) => writeRows(tensor, first, count, chunks, heap, at), count, chunks, height),
      first * 32,
    );
  }
  return wasmTreeRoot(
    (heap, at) => heap.set(roots, at),
    tensor.rows,
    log2(paddedRows(tensor.rows)),
    ZERO_CHUNK_SUBTREES,
    height,
  );
}
