// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title IDeveloperVesting
/// @notice Holds a developer's token allocation and releases it linearly from `start` over
/// `duration`, nothing before the cliff (OpenZeppelin `VestingWalletCliff`'s schedule). Revenue the
/// locked tokens earn is not locked: anyone may forward it to the beneficiary at any time.
interface IDeveloperVesting {
    /// @notice Nothing is releasable now; more vests from `nextReleaseAt` (the cliff, or the next
    /// second while vesting runs; `type(uint256).max` once everything is released).
    error DeveloperVestingNothingToRelease(uint256 nextReleaseAt);
    /// @notice No revenue is claimable or held for the beneficiary.
    error DeveloperVestingNothingToClaim();
    /// @notice Forwarding `amount` wei of revenue to `beneficiary` failed.
    error DeveloperVestingPayoutFailed(address beneficiary, uint256 amount);

    /// @notice `amount` tokens were released to the beneficiary.
    event TokensReleased(uint256 amount);
    /// @notice `amount` wei of token revenue was forwarded to the beneficiary.
    event RevenueForwarded(uint256 amount);

    /// @notice Sends the vested, unreleased tokens to the beneficiary (anyone may call).
    /// @return amount The tokens sent.
    function release() external returns (uint256 amount);

    /// @notice Claims the revenue earned by the tokens held here and forwards it, with any revenue
    /// already paid here (by anyone's `claimFor`), to the beneficiary (anyone may call).
    /// @return amount The wei forwarded.
    function claimRevenue() external returns (uint256 amount);

    /// @notice Tokens vested by `timestamp` (released or not).
    /// @param timestamp The time.
    /// @return The vested amount.
    function vestedAmount(uint64 timestamp) external view returns (uint256);

    /// @notice Tokens releasable now.
    /// @return The amount.
    function releasable() external view returns (uint256);

    /// @notice Tokens released so far.
    /// @return The amount.
    function released() external view returns (uint256);

    /// @notice Who receives the tokens and the revenue.
    /// @return The beneficiary.
    function beneficiary() external view returns (address);

    /// @notice The vested token.
    /// @return The token.
    function token() external view returns (address);

    /// @notice When vesting starts.
    /// @return The timestamp.
    function start() external view returns (uint64);

    /// @notice Before this time nothing is vested.
    /// @return The timestamp.
    function cliff() external view returns (uint64);

    /// @notice Seconds from `start` until everything is vested.
    /// @return The duration.
    function duration() external view returns (uint64);
}
