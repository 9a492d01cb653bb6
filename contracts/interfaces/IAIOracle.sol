// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title IAIOracle
/// @notice ORA-compatible consumer interface of the AI oracle: a dApp written for ORA's OAO
/// switches by changing one address.
interface IAIOracle {
    /// @notice Requests an inference of `modelId` on `input`; once final, the oracle calls
    /// `callbackContract.aiOracleCallback(requestId, output, callbackData)` with `gasLimit` gas.
    /// Pay at least `estimateFee(modelId, gasLimit)`. What is paid above the model fee escrows the
    /// callback gas at up to this transaction's gas price (at least the oracle's minimum callback gas
    /// price); the finalizer is reimbursed from it at no more than that price, and the rest (and any
    /// excess) is credited back to the caller (`withdraw`, or anyone's `withdrawFor`).
    /// @param modelId The registered model.
    /// @param input The input bytes (zero-padded to the model's input tensor).
    /// @param callbackContract Receives the result (zero for none).
    /// @param gasLimit Gas the callback runs with.
    /// @param callbackData Passed back to the callback unchanged.
    /// @return requestId The request's id.
    function requestCallback(
        uint256 modelId,
        bytes calldata input,
        address callbackContract,
        uint64 gasLimit,
        bytes calldata callbackData
    ) external payable returns (uint256 requestId);

    /// @notice The model fee plus the callback gas escrow at this call's gas price, or at the oracle's
    /// minimum callback gas price when that is higher, as in an off-chain `eth_call` (gas price 0):
    /// paying a plain off-chain estimate is always enough.
    /// @param modelId The model.
    /// @param gasLimit The callback gas limit.
    /// @return The wei to pay.
    function estimateFee(uint256 modelId, uint256 gasLimit) external view returns (uint256);

    /// @notice Whether the request's result is final (its callback has run).
    /// @param requestId The request.
    /// @return True once finalized.
    function isFinalized(uint256 requestId) external view returns (bool);
}
