// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IModelRegistry} from "../interfaces/IModelRegistry.sol";

/// @title ModelHash
/// @notice The model commitment of `docs/runtime-spec.md` ("modelHash"), shared by the registry
/// and the dispute game. Its TypeScript twin is `oracle/src/runtime/commitments/computeModelHash.ts`.
library ModelHash {
    /// @notice Version of the commitment format.
    uint256 internal constant VERSION = 1;
    /// @notice Dtype code of int8 tensors.
    uint8 internal constant DTYPE_INT8 = 0;
    /// @notice Dtype code of int32 tensors.
    uint8 internal constant DTYPE_INT32 = 1;

    /// @notice keccak256(abi.encode(VERSION, developer, graphRoot, paramsRoot, io, n, D)).
    function compute(address developer, IModelRegistry.Commitment calldata c) internal pure returns (bytes32) {
        return keccak256(abi.encode(VERSION, developer, c.graphRoot, c.paramsRoot, c.io, c.opCount, c.stateDepth));
    }

    /// @notice D = ceil(log2(n + 1)): the depth of a tree with at least n + 1 leaves.
    function stateDepthFor(uint256 opCount) internal pure returns (uint8 depth) {
        while ((uint256(1) << depth) < opCount + 1) ++depth;
    }
}
