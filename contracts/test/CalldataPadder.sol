// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Test-only attacker: an operator's friend that calls a contract several times in
/// one transaction with the same calldata followed by zero padding. Calldata passed from memory costs
/// no calldata gas, and the padding buffer's memory is paid once for every call.
contract CalldataPadder {
    error CalldataPadderCallFailed(uint256 index, bytes reason);

    address public immutable owner;

    constructor() {
        owner = msg.sender;
    }

    /// @notice Calls `target` `times` times with `data` followed by `padding` zero bytes, each call
    /// carrying `valueEach` wei.
    function callPadded(
        address target,
        bytes calldata data,
        uint256 padding,
        uint256 times,
        uint256 valueEach
    ) external payable {
        // Assembly: the calldata is copied once into fresh (zero) memory and every call reads it in
        // place, so the padding costs one memory expansion for all the calls.
        uint256 failedAt = type(uint256).max;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, data.offset, data.length)
            let size := add(data.length, padding)
            for {
                let i := 0
            } lt(i, times) {
                i := add(i, 1)
            } {
                if iszero(call(gas(), target, valueEach, ptr, size, 0, 0)) {
                    failedAt := i
                    break
                }
            }
        }
        if (failedAt != type(uint256).max) revert CalldataPadderCallFailed(failedAt, "");
    }

    /// @notice Calls `target` with `data` (e.g. the game's `withdraw`) and sends everything held to the owner.
    function collect(address target, bytes calldata data) external {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory reason) = target.call(data);
        if (!ok) revert CalldataPadderCallFailed(0, reason);
        // solhint-disable-next-line avoid-low-level-calls
        (ok, reason) = owner.call{value: address(this).balance}("");
        if (!ok) revert CalldataPadderCallFailed(1, reason);
    }

    receive() external payable {}
}
