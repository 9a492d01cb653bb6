// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title IAIOracleCallbackReceiver
/// @notice What a consumer implements to receive results (ORA-compatible).
interface IAIOracleCallbackReceiver {
    /// @notice Receives a final result.
    /// @param requestId The request.
    /// @param output The model's output bytes (the output tensor's elements).
    /// @param callbackData The data given at request time.
    function aiOracleCallback(uint256 requestId, bytes calldata output, bytes calldata callbackData) external;
}
