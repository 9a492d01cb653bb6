// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {TensorBytes} from "../../libraries/TensorBytes.sol";

/// @title ArgmaxVerifier
/// @notice One output element of `argmax`: the lowest column holding the maximum of one row (real
/// elements only, never padding).
library ArgmaxVerifier {
    /// @notice y = min{ c : row[c] = max(row) } over the row's `cols` elements.
    function argmax(bytes memory row, uint256 cols, uint8 dtype) internal pure returns (int256) {
        uint256 best;
        int256 bestValue = TensorBytes.element(row, 0, dtype);
        for (uint256 c = 1; c < cols; ++c) {
            int256 v = TensorBytes.element(row, c, dtype);
            if (v > bestValue) (best, bestValue) = (c, v);
        }
        return int256(best);
    }
}
