// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAIOracle} from "../interfaces/IAIOracle.sol";
import {IAIOracleCallbackReceiver} from "../interfaces/IAIOracleCallbackReceiver.sol";
import {RefundsToOwner} from "./RefundsToOwner.sol";

/// @title PromptConsumer
/// @notice Example consumer in the style of ORA's SimplePrompt: asks a model about a prompt and
/// stores each output by request and by (model, prompt).
// ORA SimplePrompt's event names, kept for compatibility:
// solhint-disable event-name-capwords
contract PromptConsumer is RefundsToOwner {
    /// @notice Gas the callback is given (it stores the output and emits it).
    uint64 public constant CALLBACK_GAS_LIMIT = 200_000;

    struct AIOracleRequest {
        address sender;
        uint256 modelId;
        bytes input;
        bytes output;
    }

    /// @notice Requests by id.
    mapping(uint256 requestId => AIOracleRequest) public requests;
    /// @notice The latest output for each model and prompt.
    mapping(uint256 modelId => mapping(bytes prompt => bytes output)) public outputs;

    /// @notice A result arrived.
    event promptsUpdated(uint256 requestId, uint256 modelId, bytes input, bytes output, bytes callbackData);
    /// @notice A request was sent.
    event promptRequest(uint256 requestId, address sender, uint256 modelId, bytes prompt);

    /// @param aiOracle_ The oracle.
    constructor(IAIOracle aiOracle_) RefundsToOwner(aiOracle_) {}

    /// @notice Asks `modelId` about `prompt` (pay `estimateFee(modelId)`).
    /// @param modelId The model.
    /// @param prompt The input bytes.
    /// @return requestId The oracle request.
    function calculateAIResult(uint256 modelId, bytes calldata prompt) external payable returns (uint256 requestId) {
        requestId = aiOracle.requestCallback{value: msg.value}(
            modelId,
            prompt,
            address(this),
            CALLBACK_GAS_LIMIT,
            abi.encode(modelId, prompt)
        );
        AIOracleRequest storage r = requests[requestId];
        r.sender = msg.sender;
        r.modelId = modelId;
        r.input = prompt;
        emit promptRequest(requestId, msg.sender, modelId, prompt);
    }

    /// @inheritdoc IAIOracleCallbackReceiver
    function aiOracleCallback(
        uint256 requestId,
        bytes calldata output,
        bytes calldata callbackData
    ) external onlyAIOracleCallback {
        AIOracleRequest storage r = requests[requestId];
        r.output = output;
        outputs[r.modelId][r.input] = output;
        emit promptsUpdated(requestId, r.modelId, r.input, output, callbackData);
    }

    /// @notice The oracle fee for `modelId` with this consumer's callback gas.
    /// @param modelId The model.
    /// @return The wei to send.
    function estimateFee(uint256 modelId) external view returns (uint256) {
        return aiOracle.estimateFee(modelId, CALLBACK_GAS_LIMIT);
    }
}
