// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {OpDescriptors} from "../libraries/OpDescriptors.sol";
import {RuntimeLimits} from "../libraries/RuntimeLimits.sol";

/// @title OpRules
/// @notice The verifiability rules of `docs/runtime-spec.md` section 6 that one descriptor and the
/// shapes of the slots it reads decide (the Solidity twin of `validateGraph` for those rules).
/// Returns the broken rule, or "" when the op keeps them all.
library OpRules {
    /// @notice A slot's shape: rows, cols and dtype code.
    struct Shape {
        uint256 rows;
        uint256 cols;
        uint8 dtype;
    }

    uint8 private constant INT8 = 0;
    uint8 private constant INT32 = 1;

    /// @notice The first rule op `i` breaks. `a` and `b` are the shapes of the slots it reads
    /// (`b` ignored unless the op reads two), `output` the model's declared output shape, `n` the
    /// op count.
    function violation(
        OpDescriptors.OpDescriptor calldata d,
        uint256 i,
        uint256 n,
        Shape memory a,
        Shape memory b,
        Shape memory output
    ) internal pure returns (string memory) {
        uint8 code = d.opcode;
        if (code < OpDescriptors.MATMUL || code > OpDescriptors.RESHAPE) return "unknown op";
        bool twoInputs = code == OpDescriptors.ADD || code == OpDescriptors.CONCAT;
        if (d.inputA >= i || (twoInputs && d.inputB >= i)) return "reads a later slot";
        if (d.dtype > INT32) return "unknown dtype";
        if (
            d.rows == 0 ||
            d.cols == 0 ||
            d.cols > RuntimeLimits.MAX_ROW_ELEMENTS ||
            d.rows > RuntimeLimits.MAX_ROW_ELEMENTS * 16
        ) {
            return "shape out of range";
        }
        string memory unused = _unusedFields(d, twoInputs);
        if (bytes(unused).length != 0) return unused;
        if (_requantises(d)) {
            if (d.multiplier > type(uint16).max || d.multiplierB > type(uint16).max) return "multiplier out of range";
            if (d.shift < 1 || d.shift > 47) return "shift out of range";
            if (d.zeroPoint < -128 || d.zeroPoint > 127) return "zero point out of range";
        }
        string memory shapes = _shapes(d, a, b);
        if (bytes(shapes).length != 0) return shapes;
        if (i == n && (d.rows != output.rows || d.cols != output.cols || d.dtype != output.dtype))
            return "output shape";
        return "";
    }

    function _requantises(OpDescriptors.OpDescriptor calldata d) private pure returns (bool) {
        return (d.opcode == OpDescriptors.MATMUL && d.dtype == INT8) || d.opcode == OpDescriptors.ADD;
    }

    function _unusedFields(OpDescriptors.OpDescriptor calldata d, bool twoInputs) private pure returns (string memory) {
        uint8 code = d.opcode;
        bool usesParamA = code == OpDescriptors.MATMUL || code == OpDescriptors.LUT || code == OpDescriptors.GATHER;
        bool usesAttrA = code == OpDescriptors.MATMUL || code == OpDescriptors.CONCAT || code == OpDescriptors.SLICE;
        bool usesAttrB = code == OpDescriptors.SLICE || code == OpDescriptors.GATHER;
        bool requant = _requantises(d);
        if (
            (!twoInputs && d.inputB != 0) ||
            (!usesParamA && d.paramA != 0) ||
            (code != OpDescriptors.MATMUL && d.paramB != 0) ||
            (!requant && (d.multiplier != 0 || d.shift != 0 || d.zeroPoint != 0)) ||
            (code != OpDescriptors.ADD && d.multiplierB != 0) ||
            (!usesAttrA && d.attrA != 0) ||
            (!usesAttrB && d.attrB != 0)
        ) return "unused field set";
        if ((code == OpDescriptors.MATMUL || code == OpDescriptors.CONCAT) && d.attrA > 1) return "flag out of range";
        return "";
    }

    function _shapes(
        OpDescriptors.OpDescriptor calldata d,
        Shape memory a,
        Shape memory b
    ) private pure returns (string memory) {
        uint8 code = d.opcode;
        if (code == OpDescriptors.MATMUL) {
            if (a.dtype != INT8 || d.rows != a.rows) return "matmul input";
        } else if (code == OpDescriptors.ADD) {
            if (a.dtype != INT8 || b.dtype != INT8 || a.rows != b.rows || a.cols != b.cols) return "add inputs";
            if (d.rows != a.rows || d.cols != a.cols || d.dtype != INT8) return "add output";
        } else if (code == OpDescriptors.LUT) {
            if (a.dtype != INT8 || d.rows != a.rows || d.cols != a.cols || d.dtype != INT8) return "lut shape";
        } else if (code == OpDescriptors.GATHER) {
            if (a.rows != 1 || d.rows != a.cols || d.attrB == 0) return "gather shape";
        } else if (code == OpDescriptors.CONCAT) {
            if (a.dtype != b.dtype || d.dtype != a.dtype) return "concat dtype";
            bool ok =
                d.attrA == 0
                    ? a.cols == b.cols && d.rows == a.rows + b.rows && d.cols == a.cols
                    : a.rows == b.rows && d.rows == a.rows && d.cols == a.cols + b.cols;
            if (!ok) return "concat shape";
        } else if (code == OpDescriptors.SLICE) {
            if (d.attrA + d.rows > a.rows || d.attrB + d.cols > a.cols || d.dtype != a.dtype) return "slice shape";
        } else if (code == OpDescriptors.ARGMAX) {
            if (d.rows != a.rows || d.cols != 1 || d.dtype != INT32) return "argmax shape";
        } else if (d.rows * d.cols != a.rows * a.cols || d.dtype != a.dtype) {
            return "reshape shape";
        }
        return "";
    }
}
