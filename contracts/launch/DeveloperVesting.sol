// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VestingWalletCliffUpgradeable} from "@openzeppelin/contracts-upgradeable/finance/VestingWalletCliffUpgradeable.sol";
import {IModelToken} from "../interfaces/IModelToken.sol";

/// @title DeveloperVesting
/// @notice Holds a developer's token allocation and releases it linearly from `start` over
/// `duration`, nothing before the cliff (OpenZeppelin's `VestingWalletCliffUpgradeable`, as a clone
/// initialised by the launch factory). Revenue the locked tokens earn is not locked: anyone may
/// pull it and it goes straight to the beneficiary.
contract DeveloperVesting is VestingWalletCliffUpgradeable {
    /// @notice Forwarding `amount` wei of revenue to `beneficiary` failed.
    error DeveloperVestingPayoutFailed(address beneficiary, uint256 amount);

    /// @notice `amount` wei of token revenue was forwarded to the beneficiary.
    event RevenueForwarded(address indexed token, uint256 amount);

    constructor() {
        _disableInitializers();
    }

    /// @notice Sets the beneficiary and the schedule (once, by the creator of the clone).
    /// @param beneficiary Who receives the vested tokens and the revenue.
    /// @param start When vesting starts.
    /// @param duration Seconds from `start` until everything is vested.
    /// @param cliff Seconds from `start` before anything is vested.
    function initialize(address beneficiary, uint64 start, uint64 duration, uint64 cliff) external initializer {
        __VestingWallet_init(beneficiary, start, duration);
        __VestingWalletCliff_init(cliff);
    }

    /// @notice Claims the revenue earned by the tokens held here and forwards it to the beneficiary.
    /// @param token The model token.
    /// @return amount The wei forwarded.
    function claimRevenue(IModelToken token) external returns (uint256 amount) {
        amount = token.claimFor(address(this));
        address beneficiary = owner();
        emit RevenueForwarded(address(token), amount);
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = beneficiary.call{value: amount}("");
        if (!ok) revert DeveloperVestingPayoutFailed(beneficiary, amount);
    }
}
