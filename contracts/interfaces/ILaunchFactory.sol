// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IModelRegistry} from "./IModelRegistry.sol";

/// @title ILaunchFactory
/// @notice Launches a model in one transaction: registers it, creates its token, its IMO sale and
/// the developer's vesting wallet, mints the supply to them and excludes the sale escrow from revenue.
interface ILaunchFactory {
    /// @notice The sale's schedule and caps (see `IIMOSale.Terms`).
    struct SaleParams {
        uint96 price;
        uint96 softCap;
        uint96 hardCap;
        uint96 walletCap;
        uint40 start;
        uint40 end;
        bytes32 allowlistRoot;
        uint16 liquidityShareBps;
    }

    /// @notice The developer allocation's vesting: linear from `start` over `duration` seconds,
    /// nothing before `start + cliff`. `start` 0 means the sale's end; an explicit start may not be
    /// earlier (the developer's tokens stay locked at least until investors' are claimable).
    struct VestingParams {
        uint64 start;
        uint64 cliff;
        uint64 duration;
    }

    /// @notice Everything a launch needs.
    struct LaunchParams {
        IModelRegistry.Commitment commitment;
        string packageURI;
        bytes32 license;
        uint96 fee;
        IModelRegistry.Split split;
        string name;
        string symbol;
        uint16 reserveBps;
        uint96 saleSupply;
        uint96 developerSupply;
        uint96 liquiditySupply;
        address liquidityRecipient;
        SaleParams sale;
        VestingParams vesting;
    }

    /// @notice The sale price is zero.
    error LaunchZeroPrice();
    /// @notice Caps must satisfy 0 < softCap ≤ hardCap and walletCap > 0.
    error LaunchCapsOutOfOrder(uint256 softCap, uint256 hardCap, uint256 walletCap);
    /// @notice The sale must start no earlier than now (`now_`).
    error LaunchScheduleInPast(uint256 start, uint256 now_);
    /// @notice The sale must end after it starts and last at most `maxDuration` seconds.
    error LaunchScheduleInvalid(uint256 start, uint256 end, uint256 maxDuration);
    /// @notice The hard cap buys `needed` tokens at the price; the sale supply is only `saleSupply`.
    error LaunchSaleSupplyTooSmall(uint256 needed, uint256 saleSupply);
    /// @notice An allocation is out of bounds: `what` names it, `share` is its share of the total
    /// supply in bps and `maxShare` the bound.
    error LaunchAllocationOutOfBounds(string what, uint256 share, uint256 maxShare);
    /// @notice The whole supply would sit in the sale: a failed sale would burn all of it and strand
    /// the model's revenue. Give the developer or the liquidity recipient an allocation.
    error LaunchNothingOutsideSale();
    /// @notice The liquidity share of the proceeds, `bps`, is above `maxBps`, or is set without a
    /// liquidity recipient.
    error LaunchInvalidLiquidityShare(uint256 bps, uint256 maxBps);
    /// @notice The vesting cliff `cliff` is longer than its duration `duration`, the duration is 0 or
    /// above the maximum, or vesting would start before the sale ends.
    error LaunchInvalidVesting(uint256 cliff, uint256 duration);
    /// @notice The protocol fee `bps` is above `maxBps`, or the treasury is zero.
    error LaunchInvalidProtocolFee(uint256 bps, uint256 maxBps);
    /// @notice The registry created the token at `actual`, not at the predicted `predicted`.
    error LaunchTokenAddressMismatch(address predicted, address actual);

    /// @notice `developer` launched model `modelId` with its token, sale and vesting wallet.
    event Launched(
        uint256 indexed modelId,
        address indexed developer,
        address token,
        address sale,
        address vesting,
        uint256 saleSupply,
        uint256 developerSupply,
        uint256 liquiditySupply
    );
    /// @notice New protocol fee on future sales.
    event ProtocolFeeChanged(uint16 bps, address treasury);

    /// @notice Launches a model for the caller (its developer).
    /// @param params The model, token, supply split, sale and vesting.
    /// @return modelId The registered model id.
    /// @return token The model token.
    /// @return sale The IMO sale.
    /// @return vesting The developer's vesting wallet (zero if no developer allocation).
    function launch(
        LaunchParams calldata params
    ) external returns (uint256 modelId, address token, address sale, address vesting);

    /// @notice Sets the protocol fee taken from future sales' proceeds (owner only, bounded).
    /// @param bps The fee in basis points.
    /// @param treasury Who receives it.
    function setProtocolFee(uint16 bps, address treasury) external;
}
