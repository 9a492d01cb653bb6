// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Test-only: a contract holder that rejects ETH unless switched to accept it; used to
/// prove `claimFor` pays the holder itself and that a failed payout loses nothing.
contract RejectingHolder {
    bool public accept;

    function setAccept(bool accept_) external {
        accept = accept_;
    }

    /// @notice Calls `target` with `data` and `msg.value` (to become a requester, a buyer...).
    function execute(address target, bytes calldata data) external payable {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory result) = target.call{value: msg.value}(data);
        if (!ok) {
            // Assembly: bubble the revert up unchanged.
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
    }

    receive() external payable {
        require(accept, "RejectingHolder: no ETH"); // solhint-disable-line gas-custom-errors
    }
}
