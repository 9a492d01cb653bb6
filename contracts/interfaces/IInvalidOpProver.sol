// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IModelRegistry} from "./IModelRegistry.sol";
import {OpDescriptors} from "../libraries/OpDescriptors.sol";

/// @title IInvalidOpProver
/// @notice Freezes a registered model whose graph breaks a verifiability rule of
/// `docs/runtime-spec.md` (an op the dispute game could not adjudicate): anyone proves the broken
/// rule from the model's commitment, and the model is frozen in the registry and the oracle.
interface IInvalidOpProver {
    /// @notice An op's descriptor with its path in graphRoot.
    struct Producer {
        OpDescriptors.OpDescriptor op;
        bytes32[] path;
    }

    /// @notice The commitment given is not model `modelId`'s.
    error ProverCommitmentMismatch(uint256 modelId);
    /// @notice A descriptor's path in graphRoot (or the op index) does not check out; `what` says which.
    error ProverBadProof(string what);
    /// @notice Op `op` of the model keeps every rule that can be checked from its descriptor.
    error ProverNoViolation(uint256 op);

    /// @notice Model `modelId` was proven invalid (op `op` breaks `rule`) and frozen.
    event ModelProvenInvalid(uint256 indexed modelId, uint256 op, string rule);

    /// @notice Proves that op `i` of model `modelId` breaks a verifiability rule and freezes the model
    /// (no new requests, no result of it finalizes: the oracle is told in the same transaction;
    /// pending ones are refunded through `AIOracle.cancel` / `cancelPosted`). `op` is op i with its
    /// path; `producerA`/`producerB` the ops whose outputs it reads (ignored for slot 0, the input).
    function proveInvalidOp(
        uint256 modelId,
        IModelRegistry.Commitment calldata commitment,
        uint32 i,
        Producer calldata op,
        Producer calldata producerA,
        Producer calldata producerB
    ) external returns (string memory rule);
}
