// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title TensorBytes
/// @notice Element encoding and padding of `docs/runtime-spec.md` section 1: int8 (dtype 0) is one
/// byte, int32 (dtype 1) four bytes big-endian, both two's complement; rows are padded to a power of
/// two of 32-byte chunks and the row count to a power of two.
library TensorBytes {
    /// @notice Dtype code of int8.
    uint8 internal constant INT8 = 0;
    /// @notice Dtype code of int32.
    uint8 internal constant INT32 = 1;

    /// @notice Bytes per element of `dtype`.
    function size(uint8 dtype) internal pure returns (uint256) {
        return dtype == INT8 ? 1 : 4;
    }

    /// @notice Element `index` of the packed elements `data`.
    function element(bytes memory data, uint256 index, uint8 dtype) internal pure returns (int256 value) {
        if (dtype == INT8) return int256(int8(uint8(data[index])));
        uint256 o = index * 4;
        uint32 word =
            (uint32(uint8(data[o])) << 24) |
                (uint32(uint8(data[o + 1])) << 16) |
                (uint32(uint8(data[o + 2])) << 8) |
                uint32(uint8(data[o + 3]));
        return int256(int32(word));
    }

    /// @notice Smallest power of two ≥ n (1 for n ≤ 1).
    function nextPow2(uint256 n) internal pure returns (uint256 p) {
        p = 1;
        while (p < n) p <<= 1;
    }

    /// @notice log2 of a power of two.
    function log2(uint256 powerOfTwo) internal pure returns (uint256 d) {
        while ((uint256(1) << d) < powerOfTwo) ++d;
    }

    /// @notice Chunks each row of a `[*, cols]` tensor of `dtype` is padded to.
    function chunksPerRow(uint256 cols, uint8 dtype) internal pure returns (uint256) {
        return nextPow2((cols * size(dtype) + 31) / 32);
    }
}
