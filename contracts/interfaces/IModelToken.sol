// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title IModelToken
/// @notice The revenue-share ERC-20 of one registered model. Every paid inference deposits the
/// holders' share in native ETH; each deposit is split by balance / eligible supply at that moment
/// and can be claimed at any time, in constant gas.
interface IModelToken is IERC20Metadata, IERC20Permit {
    /// @notice Parameters of a token, fixed at creation (given to the registry).
    /// @param name ERC-20 name (also the EIP-712 domain name), 1 to 64 bytes.
    /// @param symbol ERC-20 symbol, 1 to 16 bytes.
    /// @param recipients Who receives the initial supply (the whole supply is minted at creation).
    /// @param amounts Amount minted to each recipient, same order.
    /// @param escrows Accounts that hold tokens for others (a sale escrow): they earn revenue like
    /// any holder, but cannot claim it; it travels with the tokens they send out, pro rata, and what
    /// their burned tokens earned goes to all holders. They receive tokens only at creation.
    /// @param reserveBps Share of each deposit, in basis points, put in the redemption reserve.
    struct TokenConfig {
        string name;
        string symbol;
        address[] recipients;
        uint256[] amounts;
        address[] escrows;
        uint16 reserveBps;
    }

    /// @notice `account` holds `balance` but tried to move `needed`.
    error ModelTokenInsufficientBalance(address account, uint256 balance, uint256 needed);
    /// @notice `spender` may move `allowance` but tried to move `needed`.
    error ModelTokenInsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    /// @notice Tokens cannot be sent to `receiver` (the zero address).
    error ModelTokenInvalidReceiver(address receiver);
    /// @notice `spender` (the zero address) cannot be approved.
    error ModelTokenInvalidSpender(address spender);
    /// @notice The permit's `deadline` has passed.
    error ModelTokenPermitExpired(uint256 deadline);
    /// @notice The permit was signed by `signer`, not by `owner`.
    error ModelTokenInvalidSigner(address signer, address owner);
    /// @notice `recipients` and `amounts` differ in length.
    error ModelTokenAllocationLengthMismatch(uint256 recipients, uint256 amounts);
    /// @notice The initial supply `supply` is zero or above `max`.
    error ModelTokenInvalidSupply(uint256 supply, uint256 max);
    /// @notice An allocation or exclusion names the zero address.
    error ModelTokenZeroAddress();
    /// @notice `caller` may not initialise this token (not its registry, already initialised, or
    /// the implementation itself).
    error ModelTokenUnauthorizedInitializer(address caller);
    /// @notice `depositRevenue` was called without ETH.
    error ModelTokenZeroDeposit();
    /// @notice `account` has no revenue to claim.
    error ModelTokenNothingToClaim(address account);
    /// @notice Sending `amount` wei to `account` failed.
    error ModelTokenPayoutFailed(address account, uint256 amount);
    /// @notice A batch of `length` accounts is above the bound `max`.
    error ModelTokenBatchTooLarge(uint256 length, uint256 max);
    /// @notice A deposit would push revenue per token past the stated accounting bound (needs
    /// lifetime revenue above about 2^87 wei, more ETH than exists).
    error ModelTokenRevenueOverflow(uint256 magnifiedRevenuePerToken, uint256 totalSupply);
    /// @notice `account` is an escrow: its revenue is paid to whoever receives its tokens, never to itself.
    error ModelTokenEscrowRevenue(address account);

    /// @notice Revenue arrived: `amount` wei from `from`, of which `reserved` went to the
    /// redemption reserve and the rest to holders.
    event RevenueDeposited(address indexed from, uint256 amount, uint256 reserved);
    /// @notice `account` was paid `amount` wei of revenue.
    event RevenueClaimed(address indexed account, uint256 amount);
    /// @notice `account` burned `amount` tokens and was paid `redeemed` wei from the reserve.
    event Redeemed(address indexed account, uint256 amount, uint256 redeemed);

    /// @notice Mints the whole supply and marks the escrows. Called once, by the registry that
    /// created the clone, in the creating transaction.
    /// @param recipients Who receives the supply.
    /// @param amounts How much each recipient receives.
    /// @param escrows Accounts whose revenue travels with the tokens they send out (see `TokenConfig`).
    function initialize(address[] calldata recipients, uint256[] calldata amounts, address[] calldata escrows) external;

    /// @notice Adds `msg.value` wei of revenue: the reserve share goes to the redemption reserve,
    /// the rest is split among holders by balance / eligible supply now. While the eligible supply
    /// is below `totalSupply >> 8` (or zero) the revenue is carried to the next deposit.
    function depositRevenue() external payable;

    /// @notice Pays the caller its claimable revenue.
    /// @return amount The wei paid.
    function claim() external returns (uint256 amount);

    /// @notice Pays `account` (not the caller) its claimable revenue: for vesting wallets and other
    /// contract holders. Reverts with `ModelTokenEscrowRevenue` for an escrow.
    /// @param account The holder to pay.
    /// @return amount The wei paid.
    function claimFor(address account) external returns (uint256 amount);

    /// @notice Pays each listed account its claimable revenue; accounts with nothing owed and
    /// escrows are skipped. At most `MAX_CLAIM_BATCH` accounts.
    /// @param accounts The holders to pay.
    /// @return total The wei paid in all.
    function claimMany(address[] calldata accounts) external returns (uint256 total);

    /// @notice ERC-7641: burns `amount` of the caller's tokens and pays their share of the
    /// redemption reserve. Revenue already earned stays claimable. An escrow redeems nothing, and
    /// what the burned tokens earned goes to all holders with the next deposit.
    /// @param amount Tokens to burn.
    function burn(uint256 amount) external;

    /// @notice ERC-7641: the reserve wei that burning `amount` tokens pays now.
    /// @param amount Tokens to burn.
    /// @return The wei it would pay.
    function redeemableOnBurn(uint256 amount) external view returns (uint256);

    /// @notice Revenue `account` can claim now, in wei (for an escrow: what its tokens have earned,
    /// which travels with them).
    /// @param account The holder.
    /// @return The claimable wei.
    function claimable(address account) external view returns (uint256);

    /// @notice Whether `account` never earns revenue (only the burn address `0x…dEaD`).
    /// @param account The account.
    /// @return True when it never earns revenue.
    function isExcluded(address account) external view returns (bool);

    /// @notice Whether `account` is an escrow (its revenue travels with the tokens it sends out).
    /// @param account The account.
    /// @return True for an escrow marked at creation.
    function isEscrow(address account) external view returns (bool);

    /// @notice Supply that earns revenue: total supply minus the burn address's balance.
    /// @return The eligible supply.
    function eligibleSupply() external view returns (uint256);

    /// @notice Revenue received but not yet split (while the eligible supply was too small, what
    /// burned escrow tokens had earned, plus the sub-wei remainders), in wei, rounded down.
    /// @return The undistributed wei.
    function undistributedRevenue() external view returns (uint256);

    /// @notice Wei held in the redemption reserve.
    /// @return The reserve balance.
    function redemptionReserve() external view returns (uint256);

    /// @notice Share of each deposit put in the redemption reserve, in basis points.
    /// @return The reserve share.
    function reserveBps() external view returns (uint16);

    /// @notice Cumulative revenue per token unit, scaled by 2^64.
    /// @return The accumulator.
    function magnifiedRevenuePerToken() external view returns (uint256);

    /// @notice The registry that created this token.
    /// @return The registry address.
    function registry() external view returns (address);

    /// @notice The model whose revenue this token shares.
    /// @return The model id in the registry.
    function modelId() external view returns (uint256);
}
