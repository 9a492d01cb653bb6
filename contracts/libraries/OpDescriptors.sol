// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title OpDescriptors
/// @notice The op descriptor ABI of `docs/runtime-spec.md` section 2 and its graph-tree leaf.
library OpDescriptors {
    uint8 internal constant MATMUL = 1;
    uint8 internal constant ADD = 2;
    uint8 internal constant LUT = 3;
    uint8 internal constant GATHER = 4;
    uint8 internal constant CONCAT = 5;
    uint8 internal constant SLICE = 6;
    uint8 internal constant ARGMAX = 7;
    uint8 internal constant RESHAPE = 8;

    /// @notice One op; fields an op does not use are 0.
    struct OpDescriptor {
        uint8 opcode;
        uint32 inputA;
        uint32 inputB;
        uint32 paramA;
        uint32 paramB;
        uint32 rows;
        uint32 cols;
        uint8 dtype;
        uint32 multiplier;
        uint32 multiplierB;
        uint8 shift;
        int32 zeroPoint;
        uint32 attrA;
        uint32 attrB;
    }

    /// @notice keccak256(abi.encode(descriptor)): the descriptor's leaf in `graphRoot`.
    function leaf(OpDescriptor memory d) internal pure returns (bytes32) {
        return keccak256(abi.encode(d));
    }
}
