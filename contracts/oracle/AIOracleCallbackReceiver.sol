// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IAIOracle} from "../interfaces/IAIOracle.sol";
import {IAIOracleCallbackReceiver} from "../interfaces/IAIOracleCallbackReceiver.sol";

/// @title AIOracleCallbackReceiver
/// @notice Base for consumers (ORA-compatible): remembers the oracle and lets only it deliver results.
/// Refunds (a request's unused callback escrow, an overpayment, a cancelled request) are credited
/// to the consumer on the oracle; anyone may pay them out with `AIOracle.withdrawFor(consumer)`
/// (the oracle node does it in batches), and they arrive through `receive()` below, so a consumer
/// needs no code of its own to get them back. It must then pass them on, or they stay in it: the
/// example consumers let their owner collect them (`examples/RefundsToOwner.sol`).
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

    /// @notice Takes refunds paid out by the oracle's `withdrawFor(this)`.
    receive() external payable virtual {}
}
