// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IInvalidOpProver} from "../interfaces/IInvalidOpProver.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IOpmlOracle} from "../interfaces/IOpmlOracle.sol";
import {CommitmentTrees} from "../libraries/CommitmentTrees.sol";
import {OpDescriptors} from "../libraries/OpDescriptors.sol";
import {TensorBytes} from "../libraries/TensorBytes.sol";
import {OpRules} from "./OpRules.sol";

/// @title InvalidOpProver
/// @notice Freezes models proven to break a verifiability rule (the registry's freezer, set once).
/// @dev Guarantees: a model is frozen only with a proof, checked against its registered commitment,
/// that one of its ops breaks a rule `OpRules` checks from descriptors alone; the oracle is told in
/// the same transaction, so none of its results finalizes and its pending requests are refunded
/// (`AIOracle.cancel` / `cancelPosted`). No owner, no funds.
contract InvalidOpProver is IInvalidOpProver {
    IOpmlOracle public immutable oracle;
    IModelRegistry public immutable registry;

    /// @param oracle_ The oracle told of each freeze.
    /// @param registry_ The model registry (this contract must be its freezer).
    constructor(IOpmlOracle oracle_, IModelRegistry registry_) {
        oracle = oracle_;
        registry = registry_;
    }

    /// @inheritdoc IInvalidOpProver
    function proveInvalidOp(
        uint256 modelId,
        IModelRegistry.Commitment calldata commitment,
        uint32 i,
        Producer calldata op,
        Producer calldata producerA,
        Producer calldata producerB
    ) external returns (string memory rule) {
        if (!registry.commitmentMatches(modelId, commitment)) revert ProverCommitmentMismatch(modelId);
        uint256 graphDepth = TensorBytes.log2(TensorBytes.nextPow2(commitment.opCount));
        if (i == 0 || i > commitment.opCount || !_inGraph(commitment.graphRoot, op, i - 1, graphDepth)) {
            revert ProverBadProof("descriptor");
        }
        rule = OpRules.violation(
            op.op,
            i,
            commitment.opCount,
            _producedShape(commitment, op.op.inputA, i, producerA, graphDepth),
            _producedShape(commitment, op.op.inputB, i, producerB, graphDepth),
            OpRules.Shape(commitment.io.outputRows, commitment.io.outputCols, commitment.io.outputDtype)
        );
        if (bytes(rule).length == 0) revert ProverNoViolation(i);
        registry.freeze(modelId);
        oracle.noteFrozen(modelId);
        emit ModelProvenInvalid(modelId, i, rule);
    }

    // ------------------------------------------------------------------ internal

    /// @dev The shape of slot `slot` as op i sees it: the input's for 0, the producer's (proven) for an
    /// earlier slot, nothing for a later one (that is itself a violation).
    function _producedShape(
        IModelRegistry.Commitment calldata c,
        uint256 slot,
        uint256 i,
        Producer calldata producer,
        uint256 graphDepth
    ) private pure returns (OpRules.Shape memory) {
        if (slot >= i) return OpRules.Shape(0, 0, 0);
        if (slot == 0) return OpRules.Shape(c.io.inputRows, c.io.inputCols, c.io.inputDtype);
        if (!_inGraph(c.graphRoot, producer, slot - 1, graphDepth)) revert ProverBadProof("producer");
        return OpRules.Shape(producer.op.rows, producer.op.cols, producer.op.dtype);
    }

    function _inGraph(
        bytes32 graphRoot,
        Producer calldata p,
        uint256 index,
        uint256 depth
    ) private pure returns (bool) {
        return CommitmentTrees.verify(graphRoot, OpDescriptors.leaf(p.op), index, p.path, depth);
    }
}
