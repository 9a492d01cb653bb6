// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {OpDescriptors} from "../../libraries/OpDescriptors.sol";
import {Requantize} from "../../libraries/Requantize.sol";

/// @title ElementwiseVerifier
/// @notice One output element of the element-wise ops: `add` (rescaled) and `lut`.
library ElementwiseVerifier {
    /// @notice A lookup table must be 256 bytes; it has `length`.
    error ElementwiseVerifierTableLength(uint256 length);

    /// @notice y = clamp(floor((a·mA + b·mB + 2^(s−1)) / 2^s) + zp, −128, 127).
    function add(OpDescriptors.OpDescriptor memory d, int256 a, int256 b) internal pure returns (int256) {
        int256 acc = a * int256(uint256(d.multiplier)) + b * int256(uint256(d.multiplierB));
        return Requantize.clamp(((acc + int256(1 << (d.shift - 1))) >> d.shift) + d.zeroPoint, -128, 127);
    }

    /// @notice y = table[x + 128].
    function lut(bytes memory table, int256 x) internal pure returns (int256) {
        if (table.length != 256) revert ElementwiseVerifierTableLength(table.length);
        return int256(int8(uint8(table[uint256(x + 128)])));
    }
}
