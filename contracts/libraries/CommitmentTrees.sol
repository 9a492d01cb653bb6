// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {TensorBytes} from "./TensorBytes.sol";

/// @title CommitmentTrees
/// @notice The Merkle trees of `docs/runtime-spec.md` section 2, the Solidity twin of
/// `oracle/src/runtime/commitments`: tensor trees (leaf = keccak256(chunk), zero subtrees from
/// keccak256(0^32)), value trees (state, params, graph: values are leaves, zero subtrees from
/// bytes32(0)), paths read from the root with bit 1 = right.
library CommitmentTrees {
    /// @notice The root of an all-zero tensor subtree of height `h`.
    function zeroChunkSubtree(uint256 h) internal pure returns (bytes32 node) {
        node = keccak256(abi.encode(bytes32(0)));
        for (uint256 i; i < h; ++i) node = _hashPair(node, node);
    }

    /// @notice The root of an all-zero value subtree of height `h`.
    function zeroValueSubtree(uint256 h) internal pure returns (bytes32 node) {
        for (uint256 i; i < h; ++i) node = _hashPair(node, node);
    }

    /// @notice The root reached from `node` at leaf-level position `index` through `siblings`
    /// (from the node upward); bit j of `index` is 1 where the path goes right.
    function rootFromPath(bytes32 node, uint256 index, bytes32[] memory siblings) internal pure returns (bytes32) {
        for (uint256 j; j < siblings.length; ++j) {
            node = (index >> j) & 1 == 1 ? _hashPair(siblings[j], node) : _hashPair(node, siblings[j]);
        }
        return node;
    }

    /// @notice Whether `node` sits at `index` under `root` with exactly `depth` siblings.
    function verify(
        bytes32 root,
        bytes32 node,
        uint256 index,
        bytes32[] memory siblings,
        uint256 depth
    ) internal pure returns (bool) {
        if (siblings.length != depth || index >> depth != 0) return false;
        return rootFromPath(node, index, siblings) == root;
    }

    /// @notice The root of one row: its packed element bytes `row` (at most `chunks·32` bytes)
    /// zero-padded to `chunks` 32-byte chunks (a power of two).
    function rowRoot(bytes memory row, uint256 chunks) internal pure returns (bytes32) {
        bytes32[] memory level = new bytes32[](chunks);
        _leaves(level, row, 0, row.length);
        return _fold(level);
    }

    /// @notice The root of a tensor given as its packed elements (row-major, unpadded), zero-padded
    /// at the end to `rows·cols` elements: used for `T_0`, the request input.
    function tensorRoot(
        bytes memory elements,
        uint256 rows,
        uint256 cols,
        uint8 dtype
    ) internal pure returns (bytes32) {
        uint256 rowBytes = cols * TensorBytes.size(dtype);
        uint256 padded = TensorBytes.nextPow2(rows);
        bytes32[] memory roots = new bytes32[](padded);
        // One buffer for every row's leaves: no memory grows per row (a 64 KiB input costs about 0.5M gas).
        bytes32[] memory level = new bytes32[](TensorBytes.chunksPerRow(cols, dtype));
        bytes32 emptyRow = zeroChunkSubtree(TensorBytes.log2(level.length));
        for (uint256 r; r < padded; ++r) {
            if (r >= rows) {
                roots[r] = emptyRow;
                continue;
            }
            uint256 start = r * rowBytes;
            // The row's bytes that exist; the rest of it (and of the tensor) is zero padding.
            uint256 present = start >= elements.length ? 0 : elements.length - start;
            _leaves(level, elements, start, present < rowBytes ? present : rowBytes);
            roots[r] = _fold(level);
        }
        return _fold(roots);
    }

    /// @notice paramsRoot = keccak256(abi.encode(count, treeRoot)): the count fixes the depth of every
    /// parameter path.
    function paramsRoot(uint256 count, bytes32 treeRoot) internal pure returns (bytes32) {
        return keccak256(abi.encode(count, treeRoot));
    }

    /// @notice `S_0`: the state tree of depth `depth` with slot 0 = `inputRoot` and every other slot 0.
    function initialStateRoot(bytes32 inputRoot, uint256 depth) internal pure returns (bytes32 node) {
        node = inputRoot;
        bytes32 zero;
        for (uint256 h; h < depth; ++h) {
            node = _hashPair(node, zero);
            zero = _hashPair(zero, zero);
        }
    }

    /// @dev Fills `level` with the leaves keccak256(chunk) of the row made of the `length` bytes of
    /// `data` from `start`, zero-padded to `level.length` chunks.
    function _leaves(bytes32[] memory level, bytes memory data, uint256 start, uint256 length) private pure {
        for (uint256 k; k < level.length; ++k) {
            uint256 offset = k * 32;
            bytes32 chunk;
            if (offset < length) {
                uint256 available = length - offset;
                // Assembly: one 32-byte load instead of a byte loop; bytes past the row are masked to zero.
                assembly ("memory-safe") {
                    chunk := mload(add(add(add(data, 0x20), start), offset))
                }
                if (available < 32) chunk &= ~bytes32(type(uint256).max >> (available * 8));
            }
            // Assembly: keccak256 of the chunk in scratch space (no allocation per leaf).
            assembly ("memory-safe") {
                mstore(0x00, chunk)
                chunk := keccak256(0x00, 0x20)
            }
            level[k] = chunk;
        }
    }

    /// @dev The root over a power-of-two list of nodes.
    function _fold(bytes32[] memory level) private pure returns (bytes32) {
        for (uint256 n = level.length; n > 1; n >>= 1) {
            for (uint256 i; i < n / 2; ++i) level[i] = _hashPair(level[2 * i], level[2 * i + 1]);
        }
        return level[0];
    }

    function _hashPair(bytes32 left, bytes32 right) private pure returns (bytes32 node) {
        // Assembly: keccak256 of the 64-byte pair in scratch space (no memory allocation); this is
        // the hot loop of every path check.
        assembly ("memory-safe") {
            mstore(0x00, left)
            mstore(0x20, right)
            node := keccak256(0x00, 0x40)
        }
    }
}
