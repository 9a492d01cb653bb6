// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IAIOracle} from "../interfaces/IAIOracle.sol";
import {IOpmlOracle} from "../interfaces/IOpmlOracle.sol";
import {AIOracleCallbackReceiver} from "../oracle/AIOracleCallbackReceiver.sol";

/// @title RefundsToOwner
/// @notice What the example consumers do with their refunds. The oracle credits a consumer with
/// what its requests did not spend (unused callback escrow, overpayment, a cancelled request's fee
/// and escrow); anyone pays that credit to the consumer (`withdrawFor`), where `receive()` takes
/// it. A consumer must then pass it on, or it stays there: these examples let their deployer collect
/// it. A consumer serving many users would rather record who paid for each request and refund them.
abstract contract RefundsToOwner is AIOracleCallbackReceiver, Ownable {
    /// @notice There is nothing to send: no credit on the oracle and no balance here.
    error RefundsNothingToSend();
    /// @notice Sending `amount` wei to `to` failed.
    error RefundsPayoutFailed(address to, uint256 amount);

    /// @notice `amount` wei of refunds were sent to `to`.
    event RefundsSent(address indexed to, uint256 amount);

    /// @param aiOracle_ The oracle.
    constructor(IAIOracle aiOracle_) AIOracleCallbackReceiver(aiOracle_) Ownable(msg.sender) {}

    /// @notice Collects this consumer's credit from the oracle and sends everything it holds to `to`
    /// (owner only).
    /// @param to Where to send it.
    /// @return amount The wei sent.
    function sendRefunds(address to) external onlyOwner returns (uint256 amount) {
        IOpmlOracle oracle = IOpmlOracle(address(aiOracle));
        if (oracle.creditOf(address(this)) != 0) oracle.withdrawFor(address(this));
        amount = address(this).balance;
        if (amount == 0) revert RefundsNothingToSend();
        emit RefundsSent(to, amount);
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = to.call{value: amount}("");
        if (!ok) revert RefundsPayoutFailed(to, amount);
    }
}
