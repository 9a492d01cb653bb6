// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title IIMOSale
/// @notice A fixed-price fair launch of a model token: buyers commit ETH inside the window; on
/// oversubscription everyone is allotted pro rata at the fixed price and the excess is refunded;
/// tokens are claimable only after a successful end; a missed soft cap refunds everyone in full.
interface IIMOSale {
    /// @notice The sale's terms, fixed at creation (immutable clone args, `SaleArgs`).
    /// @param token The model token sold.
    /// @param developer Who receives the proceeds.
    /// @param price Wei per whole token (10^18 base units).
    /// @param softCap Wei that must be committed for the sale to succeed.
    /// @param hardCap Most wei accepted; commitments above it are allotted pro rata.
    /// @param walletCap Most wei one wallet may commit.
    /// @param start First second buyers may commit.
    /// @param end First second after the window.
    /// @param allowlistRoot Merkle root of allowed buyers (OpenZeppelin double-hashed leaves), or 0.
    /// @param protocolFeeBps Share of the proceeds paid to `treasury`.
    /// @param treasury Receives the protocol fee.
    /// @param liquidityShareBps Share of the proceeds paid to `liquidityRecipient`.
    /// @param liquidityRecipient Holder of the liquidity allocation.
    /// @param saleSupply Tokens the sale holds (at least `hardCap` worth at `price`).
    struct Terms {
        address token;
        address developer;
        uint96 price;
        uint96 softCap;
        uint96 hardCap;
        uint96 walletCap;
        uint40 start;
        uint40 end;
        bytes32 allowlistRoot;
        uint16 protocolFeeBps;
        address treasury;
        uint16 liquidityShareBps;
        address liquidityRecipient;
        uint96 saleSupply;
    }

    /// @notice Where a sale stands.
    enum SaleState {
        Pending,
        Active,
        Succeeded,
        Failed
    }

    /// @notice Committing is only possible in [start, end); now is `now_`.
    error IMOSaleNotActive(uint256 now_, uint256 start, uint256 end);
    /// @notice A commitment must carry ETH.
    error IMOSaleZeroCommitment();
    /// @notice `buyer` would commit `total` wei in all, above the wallet cap `cap`.
    error IMOSaleWalletCapExceeded(address buyer, uint256 total, uint256 cap);
    /// @notice `buyer` is not on the allowlist (the proof does not lead to the root).
    error IMOSaleNotAllowlisted(address buyer);
    /// @notice The sale has not ended: it ends at `end`.
    error IMOSaleNotEnded(uint256 end);
    /// @notice The sale failed (soft cap missed): use `refund`.
    error IMOSaleFailed();
    /// @notice The sale succeeded: there is no full refund (any excess comes with `claimTokens`).
    error IMOSaleRefundAfterSuccess();
    /// @notice `buyer` has already claimed (tokens or refund).
    error IMOSaleAlreadyClaimed(address buyer);
    /// @notice `buyer` committed nothing.
    error IMOSaleNothingCommitted(address buyer);
    /// @notice Only the developer `developer` may withdraw the proceeds; `caller` tried.
    error IMOSaleNotDeveloper(address caller, address developer);
    /// @notice The proceeds (or the fee and liquidity shares) were already paid out.
    error IMOSaleAlreadyWithdrawn();
    /// @notice Sending `amount` wei to `to` failed.
    error IMOSalePayoutFailed(address to, uint256 amount);

    /// @notice `buyer` committed `amount` wei, `total` in all.
    event Committed(address indexed buyer, uint256 amount, uint256 total);
    /// @notice The sale ended: `succeeded`, with `totalCommitted` wei committed, `tokensSold` sold
    /// and `tokensBurned` burned.
    event Settled(bool succeeded, uint256 totalCommitted, uint256 tokensSold, uint256 tokensBurned);
    /// @notice `buyer` received `tokens` and `refund` wei of excess.
    event TokensClaimed(address indexed buyer, uint256 tokens, uint256 refund);
    /// @notice `buyer` received its full commitment back after a failed sale.
    event Refunded(address indexed buyer, uint256 amount);
    /// @notice The developer received `amount` wei of proceeds.
    event ProceedsWithdrawn(address indexed developer, uint256 amount);
    /// @notice The treasury received the protocol fee, `amount` wei.
    event FeeReleased(address indexed treasury, uint256 amount);
    /// @notice The liquidity recipient received its share of the proceeds, `amount` wei.
    event LiquidityShareReleased(address indexed recipient, uint256 amount);

    /// @notice Commits `msg.value` wei. `proof` is the allowlist proof (empty when there is none).
    /// @param proof Merkle proof of `msg.sender` under `allowlistRoot`.
    function commit(bytes32[] calldata proof) external payable;

    /// @notice Ends the sale once: burns the unsold tokens (or all of them after a failure).
    /// Anyone may call it after the end; claims, refunds and withdrawals call it when needed.
    function settle() external;

    /// @notice After a successful end: sends the caller its tokens and its excess ETH.
    /// @return tokens The tokens sent.
    /// @return refund The wei sent.
    function claimTokens() external returns (uint256 tokens, uint256 refund);

    /// @notice After a failed end: sends the caller its whole commitment back.
    /// @return amount The wei sent.
    function refund() external returns (uint256 amount);

    /// @notice After a successful end: sends the developer the proceeds minus the fee and the
    /// liquidity share (developer only, once).
    /// @return amount The wei sent.
    function withdrawProceeds() external returns (uint256 amount);

    /// @notice After a successful end: sends the protocol fee to the treasury (anyone, once). It is
    /// paid on its own, so a liquidity recipient that refuses ETH cannot hold it back.
    /// @return amount The wei sent.
    function releaseFee() external returns (uint256 amount);

    /// @notice After a successful end: sends the liquidity share of the proceeds to the liquidity
    /// recipient (anyone, once; nothing to release when the share is zero).
    /// @return amount The wei sent.
    function releaseLiquidityShare() external returns (uint256 amount);

    /// @notice The sale's terms.
    /// @return The terms.
    function terms() external view returns (Terms memory);

    /// @notice Where the sale stands now.
    /// @return The state.
    function state() external view returns (SaleState);

    /// @notice Wei committed by everyone.
    /// @return The total.
    function totalCommitted() external view returns (uint256);

    /// @notice Seconds until the window closes (0 once ended; until the end if not yet started).
    /// @return The seconds left.
    function timeLeft() external view returns (uint256);

    /// @notice Wei committed by `buyer`.
    /// @param buyer The buyer.
    /// @return The commitment.
    function commitmentOf(address buyer) external view returns (uint256);

    /// @notice What `buyer` gets if the sale succeeds with the totals as they stand now: tokens and
    /// excess refund (pro rata when oversubscribed; rounding never favours a buyer).
    /// @param buyer The buyer.
    /// @return tokens The tokens allotted.
    /// @return refund The wei refunded.
    function allotmentOf(address buyer) external view returns (uint256 tokens, uint256 refund);

    /// @notice Tokens `buyer` can claim now (0 before a successful end or after claiming).
    /// @param buyer The buyer.
    /// @return The claimable tokens.
    function claimableTokens(address buyer) external view returns (uint256);

    /// @notice Wei `buyer` can get back now: the full commitment after a failure, the excess after
    /// an oversubscribed success, 0 otherwise.
    /// @param buyer The buyer.
    /// @return The refundable wei.
    function refundableOf(address buyer) external view returns (uint256);

    /// @notice Whether `buyer` has claimed (tokens or refund).
    /// @param buyer The buyer.
    /// @return True once claimed.
    function hasClaimed(address buyer) external view returns (bool);

    /// @notice The proceeds of a successful sale: min(totalCommitted, hardCap); 0 otherwise.
    /// @return The proceeds in wei.
    function proceeds() external view returns (uint256);
}
