// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// solhint-disable avoid-low-level-calls

import {IAIOracle} from "../interfaces/IAIOracle.sol";
import {IOpmlOracle} from "../interfaces/IOpmlOracle.sol";

/// @notice Test-only adversary consumer: its callback reverts, burns all its gas, returns a huge
/// blob, or re-enters the oracle (finalize/withdraw/cancel), depending on `mode`.
contract MaliciousConsumer {
    enum Mode {
        Revert,
        BurnGas,
        HugeReturn,
        Reenter
    }

    Mode public mode;
    bytes public reentryData;
    bool public reentrySucceeded;
    IAIOracle public immutable oracle;

    constructor(IAIOracle oracle_) {
        oracle = oracle_;
    }

    function setMode(Mode mode_, bytes calldata reentryData_) external {
        mode = mode_;
        reentryData = reentryData_;
    }

    function request(uint256 modelId, bytes calldata input, uint64 gasLimit) external payable returns (uint256) {
        return oracle.requestCallback{value: msg.value}(modelId, input, address(this), gasLimit, "");
    }

    function aiOracleCallback(uint256, bytes calldata, bytes calldata) external {
        if (mode == Mode.Revert) revert("MaliciousConsumer: no"); // solhint-disable-line gas-custom-errors
        if (mode == Mode.BurnGas) {
            while (true) {} // solhint-disable-line no-empty-blocks
        }
        if (mode == Mode.HugeReturn) {
            assembly {
                return(0, 1000000)
            }
        }
        (reentrySucceeded, ) = address(oracle).call(reentryData);
    }

    receive() external payable {}

    function withdraw() external {
        IOpmlOracle(address(oracle)).withdraw(address(this));
    }
}
