// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {IIMOSale} from "../interfaces/IIMOSale.sol";
import {ILaunchFactory} from "../interfaces/ILaunchFactory.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IModelToken} from "../interfaces/IModelToken.sol";
import {ModelHash} from "../libraries/ModelHash.sol";
import {SaleArgs} from "../libraries/SaleArgs.sol";

/// @title LaunchFactory
/// @notice Launches a model in one transaction: the registry registers it for the caller and
/// creates its token; the factory creates the IMO sale (a clone with its terms as immutable args)
/// and the developer's vesting wallet (an initialised clone); the whole supply is minted to the
/// sale, the vesting wallet and the optional liquidity recipient; the sale is the token's escrow, so
/// the revenue its tokens earn before buyers claim them travels to the buyers with the tokens.
/// @dev Guarantees: every sale it creates holds exactly its sale supply and at least the hard cap's
/// worth of tokens; allocations and schedules are validated and bounded; the protocol fee is fixed
/// into each sale at launch (a later change never touches existing sales). The owner can only set
/// the fee for future sales, within `MAX_PROTOCOL_FEE_BPS`.
contract LaunchFactory is ILaunchFactory, Ownable2Step {
    /// @notice Most protocol fee on sale proceeds.
    uint16 public constant MAX_PROTOCOL_FEE_BPS = 1_000;
    /// @notice Most share of the proceeds routed to the liquidity recipient.
    uint16 public constant MAX_LIQUIDITY_SHARE_BPS = 5_000;
    /// @notice Most share of the supply the developer may keep (vested).
    uint16 public constant MAX_DEVELOPER_SHARE_BPS = 5_000;
    /// @notice Most share of the supply held for liquidity.
    uint16 public constant MAX_LIQUIDITY_SUPPLY_BPS = 2_000;
    /// @notice Least share of the supply offered in the sale.
    uint16 public constant MIN_SALE_SHARE_BPS = 2_000;
    /// @notice Longest sale window.
    uint40 public constant MAX_SALE_DURATION = 90 days;
    /// @notice Longest vesting.
    uint64 public constant MAX_VESTING_DURATION = 10 * 365 days;

    uint256 private constant BPS = 10_000;
    uint256 private constant ONE_TOKEN = 1e18;

    IModelRegistry public immutable registry;
    address public immutable saleImplementation;
    address public immutable vestingImplementation;

    uint16 public protocolFeeBps;
    address public treasury;

    /// @param owner_ Sets the protocol fee for future sales.
    /// @param registry_ The model registry (this factory must be an approved launcher).
    /// @param saleImplementation_ The `IMOSale` implementation.
    /// @param vestingImplementation_ The `DeveloperVesting` implementation.
    /// @param feeBps The initial protocol fee.
    /// @param treasury_ Who receives the fee.
    constructor(
        address owner_,
        IModelRegistry registry_,
        address saleImplementation_,
        address vestingImplementation_,
        uint16 feeBps,
        address treasury_
    ) Ownable(owner_) {
        registry = registry_;
        saleImplementation = saleImplementation_;
        vestingImplementation = vestingImplementation_;
        _setProtocolFee(feeBps, treasury_);
    }

    /// @inheritdoc ILaunchFactory
    function launch(
        LaunchParams calldata p
    ) external returns (uint256 modelId, address token, address sale, address vesting) {
        _checkAllocations(p);
        _checkSale(p.sale, p.saleSupply, p.liquidityRecipient);
        uint64 vestingStart = p.vesting.start == 0 ? uint64(p.sale.end) : p.vesting.start;
        if (
            p.developerSupply != 0 &&
            (p.vesting.duration == 0 ||
                (p.vesting.start != 0 && p.vesting.start < p.sale.end) ||
                p.vesting.cliff > p.vesting.duration ||
                p.vesting.duration > MAX_VESTING_DURATION)
        ) {
            revert LaunchInvalidVesting(p.vesting.cliff, p.vesting.duration);
        }

        modelId = registry.modelCount() + 1;
        token = registry.predictTokenAddress(
            ModelHash.compute(msg.sender, p.commitment),
            modelId,
            p.reserveBps,
            p.name,
            p.symbol
        );
        sale = Clones.cloneWithImmutableArgs(saleImplementation, SaleArgs.encode(_terms(p, token)));
        if (p.developerSupply != 0) {
            // Args: beneficiary ‖ token ‖ start ‖ cliff (absolute) ‖ duration (see DeveloperVesting).
            vesting = Clones.cloneWithImmutableArgs(
                vestingImplementation,
                abi.encodePacked(msg.sender, token, vestingStart, vestingStart + p.vesting.cliff, p.vesting.duration)
            );
        }

        (uint256 registeredId, address registeredToken) = registry.registerFor(
            msg.sender,
            _registerParams(p, sale, vesting)
        );
        if (registeredToken != token || registeredId != modelId)
            revert LaunchTokenAddressMismatch(token, registeredToken);
        emit Launched(modelId, msg.sender, token, sale, vesting, p.saleSupply, p.developerSupply, p.liquiditySupply);
    }

    /// @inheritdoc ILaunchFactory
    function setProtocolFee(uint16 bps, address treasury_) external onlyOwner {
        _setProtocolFee(bps, treasury_);
    }

    // ------------------------------------------------------------------ internal

    function _setProtocolFee(uint16 bps, address treasury_) private {
        if (bps > MAX_PROTOCOL_FEE_BPS || treasury_ == address(0))
            revert LaunchInvalidProtocolFee(bps, MAX_PROTOCOL_FEE_BPS);
        protocolFeeBps = bps;
        treasury = treasury_;
        emit ProtocolFeeChanged(bps, treasury_);
    }

    function _checkAllocations(LaunchParams calldata p) private pure {
        uint256 supply = uint256(p.saleSupply) + p.developerSupply + p.liquiditySupply;
        if (supply == 0 || supply > type(uint96).max)
            revert LaunchAllocationOutOfBounds("total supply", supply, type(uint96).max);
        _checkShare("sale", p.saleSupply, supply, MIN_SALE_SHARE_BPS, BPS);
        _checkShare("developer", p.developerSupply, supply, 0, MAX_DEVELOPER_SHARE_BPS);
        _checkShare("liquidity", p.liquiditySupply, supply, 0, MAX_LIQUIDITY_SUPPLY_BPS);
        // Someone must hold tokens whatever the sale does, or revenue would have no holder.
        if (p.developerSupply == 0 && p.liquiditySupply == 0) revert LaunchNothingOutsideSale();
        if (p.liquiditySupply != 0 && p.liquidityRecipient == address(0)) {
            revert LaunchAllocationOutOfBounds("liquidity recipient", 0, 0);
        }
    }

    function _checkShare(
        string memory what,
        uint256 amount,
        uint256 supply,
        uint256 minBps,
        uint256 maxBps
    ) private pure {
        uint256 share = (amount * BPS) / supply;
        if (share < minBps) revert LaunchAllocationOutOfBounds(what, share, minBps);
        if (share > maxBps) revert LaunchAllocationOutOfBounds(what, share, maxBps);
    }

    function _checkSale(SaleParams calldata s, uint256 saleSupply, address liquidityRecipient) private view {
        if (s.price == 0) revert LaunchZeroPrice();
        if (s.softCap == 0 || s.softCap > s.hardCap || s.walletCap == 0) {
            revert LaunchCapsOutOfOrder(s.softCap, s.hardCap, s.walletCap);
        }
        if (s.start < block.timestamp) revert LaunchScheduleInPast(s.start, block.timestamp);
        if (s.end <= s.start || s.end - s.start > MAX_SALE_DURATION)
            revert LaunchScheduleInvalid(s.start, s.end, MAX_SALE_DURATION);
        uint256 needed = (uint256(s.hardCap) * ONE_TOKEN) / s.price;
        if (needed > saleSupply) revert LaunchSaleSupplyTooSmall(needed, saleSupply);
        if (
            s.liquidityShareBps > MAX_LIQUIDITY_SHARE_BPS ||
            (s.liquidityShareBps != 0 && liquidityRecipient == address(0))
        ) {
            revert LaunchInvalidLiquidityShare(s.liquidityShareBps, MAX_LIQUIDITY_SHARE_BPS);
        }
    }

    function _terms(LaunchParams calldata p, address token) private view returns (IIMOSale.Terms memory) {
        return
            IIMOSale.Terms({
                token: token,
                developer: msg.sender,
                price: p.sale.price,
                softCap: p.sale.softCap,
                hardCap: p.sale.hardCap,
                walletCap: p.sale.walletCap,
                start: p.sale.start,
                end: p.sale.end,
                allowlistRoot: p.sale.allowlistRoot,
                protocolFeeBps: protocolFeeBps,
                treasury: treasury,
                liquidityShareBps: p.sale.liquidityShareBps,
                liquidityRecipient: p.liquidityRecipient,
                saleSupply: p.saleSupply
            });
    }

    function _registerParams(
        LaunchParams calldata p,
        address sale,
        address vesting
    ) private pure returns (IModelRegistry.RegisterParams memory r) {
        uint256 holders = 1 + (vesting != address(0) ? 1 : 0) + (p.liquiditySupply != 0 ? 1 : 0);
        address[] memory recipients = new address[](holders);
        uint256[] memory amounts = new uint256[](holders);
        recipients[0] = sale;
        amounts[0] = p.saleSupply;
        uint256 next = 1;
        if (vesting != address(0)) {
            recipients[next] = vesting;
            amounts[next++] = p.developerSupply;
        }
        if (p.liquiditySupply != 0) {
            recipients[next] = p.liquidityRecipient;
            amounts[next] = p.liquiditySupply;
        }
        address[] memory escrows = new address[](1);
        escrows[0] = sale;
        r.commitment = p.commitment;
        r.packageURI = p.packageURI;
        r.license = p.license;
        r.fee = p.fee;
        r.split = p.split;
        r.token = IModelToken.TokenConfig(p.name, p.symbol, recipients, amounts, escrows, p.reserveBps);
    }
}
