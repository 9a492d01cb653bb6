// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Test-only: a contract holder that rejects ETH unless switched to accept it; used to
/// prove `claimFor` pays the holder itself and that a failed payout loses nothing.
contract RejectingHolder {
    bool public accept;

    function setAccept(bool accept_) external {
        accept = accept_;
    }

    receive() external payable {
        require(accept, "RejectingHolder: no ETH"); // solhint-disable-line gas-custom-errors
    }
}
