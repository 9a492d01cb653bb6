// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {OpDescriptors} from "../../libraries/OpDescriptors.sol";

/// @title LayoutVerifier
/// @notice Where an output element of the layout ops comes from: the input (A or B), row and column
/// whose value it copies. The one step then checks that element against its input row.
library LayoutVerifier {
    /// @notice gather: the table row read for index `index` of a table with `tableRows` rows.
    function gatherRow(int256 index, uint256 tableRows) internal pure returns (uint256) {
        if (index < 0) return 0;
        // Safe: index ≥ 0 here.
        return uint256(index) >= tableRows ? tableRows - 1 : uint256(index);
    }

    /// @notice concat: output (r, c) is element (row, col) of input B when `fromB`, else of input A.
    function concatSource(
        OpDescriptors.OpDescriptor memory d,
        uint256 aRows,
        uint256 aCols,
        uint256 r,
        uint256 c
    ) internal pure returns (bool fromB, uint256 row, uint256 col) {
        if (d.attrA == 0) return r < aRows ? (false, r, c) : (true, r - aRows, c);
        return c < aCols ? (false, r, c) : (true, r, c - aCols);
    }

    /// @notice slice: output (r, c) is input (attrA + r, attrB + c).
    function sliceSource(
        OpDescriptors.OpDescriptor memory d,
        uint256 r,
        uint256 c
    ) internal pure returns (uint256, uint256) {
        return (d.attrA + r, d.attrB + c);
    }

    /// @notice reshape: output (r, c) is the input element with the same row-major position.
    function reshapeSource(
        OpDescriptors.OpDescriptor memory d,
        uint256 inputCols,
        uint256 r,
        uint256 c
    ) internal pure returns (uint256, uint256) {
        uint256 flat = r * d.cols + c;
        return (flat / inputCols, flat % inputCols);
    }
}
