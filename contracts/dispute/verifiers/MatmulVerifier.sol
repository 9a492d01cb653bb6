// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {OpDescriptors} from "../../libraries/OpDescriptors.sol";
import {Requantize} from "../../libraries/Requantize.sol";
import {TensorBytes} from "../../libraries/TensorBytes.sol";

/// @title MatmulVerifier
/// @notice One output element of `matmul`: y[r][o] from input row r, weight row o and bias o.
/// Cost is linear in the row length k (one multiply-add per element of both rows).
library MatmulVerifier {
    /// @notice The rows differ in length (`x` has `xLength` elements, `w` has `wLength`).
    error MatmulVerifierRowLength(uint256 xLength, uint256 wLength);

    /// @notice y = wrap32(Σ_j x[j]·w[j] + bias), requantised to int8 or kept int32, ReLU if attrA = 1.
    /// @param d The op.
    /// @param xRow Input row r: k int8 elements.
    /// @param wRow Weight row o: k int8 elements.
    /// @param bias Bias element o.
    function element(
        OpDescriptors.OpDescriptor memory d,
        bytes memory xRow,
        bytes memory wRow,
        int256 bias
    ) internal pure returns (int256 y) {
        if (xRow.length != wRow.length) revert MatmulVerifierRowLength(xRow.length, wRow.length);
        int256 sum;
        // Cannot overflow: |x·w| ≤ 2^14 and k ≤ 4096, so |sum| < 2^26.
        unchecked {
            for (uint256 j; j < xRow.length; ++j) {
                sum += int256(int8(uint8(xRow[j]))) * int256(int8(uint8(wRow[j])));
            }
        }
        int256 acc = Requantize.wrap32(sum + bias);
        if (d.dtype == TensorBytes.INT8) {
            y = Requantize.requantize(acc, d.multiplier, d.shift, d.zeroPoint);
            if (d.attrA == 1 && y < d.zeroPoint) y = d.zeroPoint;
        } else {
            y = acc;
            if (d.attrA == 1 && y < 0) y = 0;
        }
    }
}
