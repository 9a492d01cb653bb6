// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title Requantize
/// @notice The integer arithmetic of `docs/runtime-spec.md` section 4, bit for bit with the
/// TypeScript reference and the WGSL routine.
library Requantize {
    /// @notice Wraps to int32 (two's complement, modulo 2^32).
    function wrap32(int256 x) internal pure returns (int256) {
        return int256(int32(x));
    }

    /// @notice clamp(floor((acc·m + 2^(s−1)) / 2^s) + zp, −128, 127); `>>` on int256 floors.
    function requantize(int256 acc, uint256 m, uint256 s, int256 zp) internal pure returns (int256) {
        return clamp(((acc * int256(m) + int256(1 << (s - 1))) >> s) + zp, -128, 127);
    }

    /// @notice `x` limited to [lo, hi].
    function clamp(int256 x, int256 lo, int256 hi) internal pure returns (int256) {
        return
            x < lo
                ? lo
                : x > hi
                    ? hi
                    : x;
    }
}
