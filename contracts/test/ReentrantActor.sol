// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// solhint-disable avoid-low-level-calls, no-complex-fallback

/// @notice Test-only adversary: an account (buyer, developer, recipient) that runs any call, and
/// when it receives ETH re-enters a chosen target once with chosen calldata, recording whether the
/// re-entry succeeded.
contract ReentrantActor {
    address public attackTarget;
    bytes public attackData;
    bool public reentered;
    bool public reentrySucceeded;
    uint256 public received;

    function setAttack(address target, bytes calldata data) external {
        attackTarget = target;
        attackData = data;
    }

    function execute(address target, bytes calldata data, uint256 value) external payable returns (bytes memory) {
        (bool ok, bytes memory result) = target.call{value: value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
        return result;
    }

    receive() external payable {
        received += msg.value;
        if (attackTarget == address(0) || reentered) return;
        reentered = true;
        (reentrySucceeded, ) = attackTarget.call(attackData);
    }
}
