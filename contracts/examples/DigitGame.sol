// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAIOracle} from "../interfaces/IAIOracle.sol";
import {IAIOracleCallbackReceiver} from "../interfaces/IAIOracleCallbackReceiver.sol";
import {RefundsToOwner} from "./RefundsToOwner.sol";

/// @title DigitGame
/// @notice Example game: a player draws a digit (the 64 block counts of a 32×32 drawing) and names
/// it; the digits model judges it; a correct drawing scores a point.
contract DigitGame is RefundsToOwner {
    /// @notice Gas the callback is given.
    uint64 public constant CALLBACK_GAS_LIMIT = 100_000;

    /// @notice The digits model.
    uint256 public immutable modelId;
    /// @notice Points per player.
    mapping(address player => uint256) public score;

    /// @notice The digit must be 0–9.
    error DigitGameInvalidDigit(uint8 digit);
    /// @notice A drawing is exactly 64 bytes.
    error DigitGameInvalidDrawing(uint256 length);

    /// @notice `player` drew `claimed`; the model saw `predicted`.
    event Judged(uint256 indexed requestId, address indexed player, uint8 claimed, uint8 predicted, bool scored);

    /// @param aiOracle_ The oracle.
    /// @param modelId_ The digits model.
    constructor(IAIOracle aiOracle_, uint256 modelId_) RefundsToOwner(aiOracle_) {
        modelId = modelId_;
    }

    /// @notice Submits a drawing of `digit` to be judged (pay `aiOracle.estimateFee(modelId, CALLBACK_GAS_LIMIT)`).
    /// @param digit The digit drawn.
    /// @param drawing 64 bytes, each 0–16.
    /// @return requestId The oracle request.
    function play(uint8 digit, bytes calldata drawing) external payable returns (uint256 requestId) {
        if (digit > 9) revert DigitGameInvalidDigit(digit);
        if (drawing.length != 64) revert DigitGameInvalidDrawing(drawing.length);
        requestId = aiOracle.requestCallback{value: msg.value}(
            modelId,
            drawing,
            address(this),
            CALLBACK_GAS_LIMIT,
            abi.encode(msg.sender, digit)
        );
    }

    /// @inheritdoc IAIOracleCallbackReceiver
    function aiOracleCallback(
        uint256 requestId,
        bytes calldata output,
        bytes calldata callbackData
    ) external onlyAIOracleCallback {
        (address player, uint8 claimed) = abi.decode(callbackData, (address, uint8));
        // The digits model's output is one int32, big-endian: the predicted digit.
        uint8 predicted = uint8(uint32(bytes4(output[0:4])));
        bool scored = predicted == claimed;
        if (scored) score[player] += 1;
        emit Judged(requestId, player, claimed, predicted, scored);
    }
}
