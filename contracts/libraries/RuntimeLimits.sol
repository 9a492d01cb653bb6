// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title RuntimeLimits
/// @notice The verifiability limits of `docs/runtime-spec.md` that contracts enforce, so the
/// one-step proof of any op stays affordable on-chain.
library RuntimeLimits {
    /// @notice Most elements in any row an op reads (and in the input and output rows).
    uint256 internal constant MAX_ROW_ELEMENTS = 4096;
    /// @notice Most ops in a graph.
    uint256 internal constant MAX_OPS = 65_535;
    /// @notice Most bytes of the input tensor and of the output tensor (without padding).
    uint256 internal constant MAX_IO_BYTES = 65_536;
}
