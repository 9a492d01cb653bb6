// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IAIOracle} from "../interfaces/IAIOracle.sol";
import {IAIOracleCallbackReceiver} from "../interfaces/IAIOracleCallbackReceiver.sol";

/// @title AIOracleCallbackReceiver
/// @notice Base for consumers (ORA-compatible): remembers the oracle and lets only it deliver results.
abstract contract AIOracleCallbackReceiver is IAIOracleCallbackReceiver {
    /// @notice A callback came from `found`, not from the oracle `expected`.
    error UnauthorizedCallbackSource(address expected, address found);

    /// @notice The oracle this consumer uses.
    IAIOracle public immutable aiOracle;

    /// @param aiOracle_ The oracle.
    constructor(IAIOracle aiOracle_) {
        aiOracle = aiOracle_;
    }

    /// @notice Only the oracle may call.
    modifier onlyAIOracleCallback() {
        if (msg.sender != address(aiOracle)) revert UnauthorizedCallbackSource(address(aiOracle), msg.sender);
        _;
    }
}
