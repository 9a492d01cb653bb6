import { RuntimeError } from '../errors';
import { ZERO32, hashPair, keccak, toHex } from './keccak';

/**
 * Zero-subtree tables. Tensor trees hash each 32-byte chunk into a leaf, so an all-zero subtree of
 * height 0 is keccak256(32 zero bytes). State, params and graph trees take their 32-byte values
 * as leaves directly, so their empty leaf is bytes32(0).
 */
function zeroTable(leaf: Uint8Array, height = 64): Uint8Array[] {
  const table = [leaf];
  for (let h = 1; h <= height; h++) table.push(hashPair(table[h - 1]!, table[h - 1]!));
  return table;
}

export const ZERO_CHUNK_SUBTREES: readonly Uint8Array[] = zeroTable(keccak(ZERO32));
export const ZERO_LEAF_SUBTREES: readonly Uint8Array[] = zeroTable(ZERO32);

/** A Merkle proof: siblings from the leaf level upward; bit j of `index` is 1 where the path goes right. */
export interface MerklePath {
  index: number;
  siblings: Uint8Array[];
}

/** log2 of a power of two. */
export function log2(n: number): number {
  const d = Math.log2(n);
  if (!Number.isInteger(d)) throw new RangeError(`${n} is not a power of two`);
  return d;
}

/**
 * A complete binary tree over `leaves` padded with `zeros[0]` to 2^depth leaves, kept level by
 * level so that any path can be read off. Level 0 holds the leaves; level `depth` the root.
 */
export class MerkleTree {
  readonly levels: Uint8Array[][];

  constructor(
    leaves: Uint8Array[],
    readonly depth: number,
    readonly zeros: readonly Uint8Array[],
  ) {
    if (leaves.length > 2 ** depth) throw new RangeError(`${leaves.length} leaves do not fit depth ${depth}`);
    this.levels = [leaves];
    for (let h = 0; h < depth; h++) {
      const below = this.levels[h]!;
      const level: Uint8Array[] = [];
      for (let i = 0; i < below.length; i += 2) {
        level.push(hashPair(below[i]!, i + 1 < below.length ? below[i + 1]! : zeros[h]!));
      }
      this.levels.push(level);
    }
  }

  get root(): Uint8Array {
    return this.levels[this.depth]![0] ?? this.zeros[this.depth]!;
  }

  /** The node at `height` (0 = leaves) and `index` within that level. */
  node(height: number, index: number): Uint8Array {
    return this.levels[height]![index] ?? this.zeros[height]!;
  }

  /** Path from the node at (`height`, `index`) up to the root. */
  path(index: number, height = 0): MerklePath {
    if (index < 0 || index >= 2 ** (this.depth - height))
      throw new RangeError(`index ${index} outside the tree at height ${height}`);
    const siblings: Uint8Array[] = [];
    for (let h = height, i = index; h < this.depth; h++, i >>= 1) siblings.push(this.node(h, i ^ 1));
    return { index, siblings };
  }
}

/** Root obtained by climbing from `node` along `path`. */
export function rootFromPath(node: Uint8Array, path: MerklePath): Uint8Array {
  let acc = node;
  for (let j = 0; j < path.siblings.length; j++) {
    acc = (path.index >> j) & 1 ? hashPair(path.siblings[j]!, acc) : hashPair(acc, path.siblings[j]!);
  }
  return acc;
}

/** Whether `node` sits at `path` under `root` (a path of exactly `depth` siblings). */
export function verifyPath(root: Uint8Array, node: Uint8Array, path: MerklePath, depth: number): boolean {
  if (path.siblings.length !== depth || path.index < 0 || path.index >= 2 ** depth) return false;
  return toHex(rootFromPath(node, path)) === toHex(root);
}

/** Like `verifyPath`, but throws a `BAD_PATH` error naming `what` on failure. */
export function assertPath(root: Uint8Array, node: Uint8Array, path: MerklePath, depth: number, what: string): void {
  if (!verifyPath(root, node, path, depth)) {
    throw new RuntimeError('BAD_PATH', `${what}: the path does not lead to root ${toHex(root)}`);
  }
}
