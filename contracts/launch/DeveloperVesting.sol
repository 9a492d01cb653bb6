// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IDeveloperVesting} from "../interfaces/IDeveloperVesting.sol";
import {IModelToken} from "../interfaces/IModelToken.sol";

/// @title DeveloperVesting
/// @notice The developer allocation's vesting wallet, created by the launch factory as a clone whose
/// beneficiary, token and schedule are immutable args (so creating it writes no storage).
/// @dev Schedule (as OpenZeppelin's `VestingWalletCliff`): with `total = balance + released`,
/// vested(t) = 0 before `cliff`, `total` from `start + duration`, else `total·(t − start)/duration`.
/// Args: beneficiary (20) ‖ token (20) ‖ start (8) ‖ cliff (8) ‖ duration (8).
contract DeveloperVesting is IDeveloperVesting, ReentrancyGuardTransient {
    uint256 private _released;

    /// @inheritdoc IDeveloperVesting
    function release() external nonReentrant returns (uint256 amount) {
        amount = releasable();
        if (amount == 0) revert DeveloperVestingNothingToRelease(_nextReleaseAt());
        _released += amount;
        emit TokensReleased(amount);
        IModelToken(token()).transfer(beneficiary(), amount);
    }

    /// @inheritdoc IDeveloperVesting
    function claimRevenue() external nonReentrant returns (uint256 amount) {
        IModelToken token_ = IModelToken(token());
        if (token_.claimable(address(this)) != 0) token_.claimFor(address(this));
        // Everything this wallet holds is the beneficiary's revenue, including what anyone pushed
        // here with `token.claimFor(this)` or `claimMany`, so forward the whole balance.
        amount = address(this).balance;
        if (amount == 0) revert DeveloperVestingNothingToClaim();
        address to = beneficiary();
        emit RevenueForwarded(amount);
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = to.call{value: amount}("");
        if (!ok) revert DeveloperVestingPayoutFailed(to, amount);
    }

    /// @notice Accepts the revenue the token pays this wallet (`claimRevenue`, or anyone's
    /// `claimFor`); `claimRevenue` forwards all of it.
    receive() external payable {}

    /// @inheritdoc IDeveloperVesting
    function vestedAmount(uint64 timestamp) public view returns (uint256) {
        (, , uint64 start_, uint64 cliff_, uint64 duration_) = _args();
        uint256 total = IModelToken(token()).balanceOf(address(this)) + _released;
        if (timestamp < cliff_) return 0;
        if (timestamp >= start_ + duration_) return total;
        return (total * (timestamp - start_)) / duration_;
    }

    /// @inheritdoc IDeveloperVesting
    function releasable() public view returns (uint256) {
        return vestedAmount(uint64(block.timestamp)) - _released;
    }

    /// @inheritdoc IDeveloperVesting
    function released() external view returns (uint256) {
        return _released;
    }

    /// @inheritdoc IDeveloperVesting
    function beneficiary() public view returns (address beneficiary_) {
        (beneficiary_, , , , ) = _args();
    }

    /// @inheritdoc IDeveloperVesting
    function token() public view returns (address token_) {
        (, token_, , , ) = _args();
    }

    /// @inheritdoc IDeveloperVesting
    function start() external view returns (uint64 start_) {
        (, , start_, , ) = _args();
    }

    /// @inheritdoc IDeveloperVesting
    function cliff() external view returns (uint64 cliff_) {
        (, , , cliff_, ) = _args();
    }

    /// @inheritdoc IDeveloperVesting
    function duration() external view returns (uint64 duration_) {
        (, , , , duration_) = _args();
    }

    /// @dev When more vests: the cliff before it, the next second while vesting runs, never after.
    function _nextReleaseAt() private view returns (uint256) {
        (, , uint64 start_, uint64 cliff_, uint64 duration_) = _args();
        if (block.timestamp < cliff_) return cliff_;
        if (block.timestamp < uint256(start_) + duration_) return block.timestamp + 1;
        return type(uint256).max;
    }

    function _args()
        private
        view
        returns (address beneficiary_, address token_, uint64 start_, uint64 cliff_, uint64 duration_)
    {
        bytes memory args = Clones.fetchCloneArgs(address(this));
        // Assembly: read the packed fields in place (20 + 20 + 8 + 8 + 8 bytes) instead of slicing.
        assembly ("memory-safe") {
            let p := add(args, 0x20)
            beneficiary_ := shr(96, mload(p))
            token_ := shr(96, mload(add(p, 20)))
            start_ := shr(192, mload(add(p, 40)))
            cliff_ := shr(192, mload(add(p, 48)))
            duration_ := shr(192, mload(add(p, 56)))
        }
    }
}
