// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAIOracle} from "../interfaces/IAIOracle.sol";
import {IAIOracleCallbackReceiver} from "../interfaces/IAIOracleCallbackReceiver.sol";
import {RefundsToOwner} from "./RefundsToOwner.sol";

/// @title EventPromptConsumer
/// @notice Example consumer that keeps nothing in storage: its callback emits the output, as the
/// benchmark's reference consumer (ORA's SimplePrompt emits the same event).
// ORA SimplePrompt's event names, kept for compatibility:
// solhint-disable event-name-capwords
contract EventPromptConsumer is RefundsToOwner {
    /// @notice Gas the callback is given.
    uint64 public constant CALLBACK_GAS_LIMIT = 50_000;

    /// @notice A result arrived.
    event promptsUpdated(uint256 requestId, uint256 modelId, bytes input, bytes output, bytes callbackData);

    /// @param aiOracle_ The oracle.
    constructor(IAIOracle aiOracle_) RefundsToOwner(aiOracle_) {}

    /// @notice Asks `modelId` about `prompt`.
    /// @param modelId The model.
    /// @param prompt The input bytes.
    /// @return requestId The oracle request.
    function calculateAIResult(uint256 modelId, bytes calldata prompt) external payable returns (uint256 requestId) {
        return
            aiOracle.requestCallback{value: msg.value}(
                modelId,
                prompt,
                address(this),
                CALLBACK_GAS_LIMIT,
                abi.encode(modelId)
            );
    }

    /// @inheritdoc IAIOracleCallbackReceiver
    function aiOracleCallback(
        uint256 requestId,
        bytes calldata output,
        bytes calldata callbackData
    ) external onlyAIOracleCallback {
        emit promptsUpdated(requestId, abi.decode(callbackData, (uint256)), "", output, callbackData);
    }
}
