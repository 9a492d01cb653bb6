// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IIMOSale} from "../interfaces/IIMOSale.sol";
import {IModelToken} from "../interfaces/IModelToken.sol";
import {SaleArgs} from "../libraries/SaleArgs.sol";

/// @title IMOSale
/// @notice Fixed-price fair launch of a model token, deployed by the launch factory as a clone
/// whose terms are immutable args.
/// @dev Guarantees:
/// - Commitments are accepted only in [start, end), up to the wallet cap, from allowlisted buyers
///   when there is an allowlist. There is no first-come advantage: above the hard cap everyone is
///   allotted pro rata, `tokens = c·hardCap·10^18 / (total·price)` and
///   `refund = c·(total − hardCap) / total`, both rounded down, so rounding never favours a buyer.
/// - Nothing moves before the end. Succeeded (total ≥ softCap): buyers claim tokens (+ excess), the
///   developer withdraws min(total, hardCap) minus the protocol fee and the liquidity share, which
///   are released to the treasury and the liquidity recipient separately (one recipient refusing
///   ETH holds back only its own share); unsold tokens are burned. Failed: every buyer gets its
///   whole commitment back and the whole sale supply is burned.
/// - ETH held = refunds owed + proceeds and shares not yet paid (+ under one wei per buyer of
///   rounding dust). Payouts follow checks-effects-interactions under a reentrancy guard.
/// - The sale is its token's escrow (set by the factory at creation): the revenue its tokens earn
///   before buyers claim them travels with them, pro rata, so every buyer gets what its allotment
///   earned whatever order buyers claim in; what unsold tokens earned goes to all holders.
contract IMOSale is IIMOSale, ReentrancyGuardTransient {
    uint256 private constant BPS = 10_000;
    uint256 private constant ONE_TOKEN = 1e18;

    struct Buyer {
        uint128 committed;
        bool claimed;
    }

    struct Status {
        uint128 totalCommitted;
        bool settled;
        bool proceedsWithdrawn;
        bool feeReleased;
        bool liquidityReleased;
    }

    mapping(address buyer => Buyer) private _buyers;
    Status private _status;

    // ------------------------------------------------------------------ external

    /// @inheritdoc IIMOSale
    function commit(bytes32[] calldata proof) external payable {
        Terms memory t = terms();
        if (block.timestamp < t.start || block.timestamp >= t.end)
            revert IMOSaleNotActive(block.timestamp, t.start, t.end);
        if (msg.value == 0) revert IMOSaleZeroCommitment();
        if (t.allowlistRoot != bytes32(0)) {
            bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(msg.sender))));
            if (!MerkleProof.verifyCalldata(proof, t.allowlistRoot, leaf)) revert IMOSaleNotAllowlisted(msg.sender);
        }
        Buyer storage buyer = _buyers[msg.sender];
        uint256 total = uint256(buyer.committed) + msg.value;
        if (total > t.walletCap) revert IMOSaleWalletCapExceeded(msg.sender, total, t.walletCap);
        // Cannot overflow: the wallet cap is a uint96.
        buyer.committed = uint128(total);
        _status.totalCommitted += uint128(msg.value);
        emit Committed(msg.sender, msg.value, total);
    }

    /// @inheritdoc IIMOSale
    function settle() external {
        _settle(terms());
    }

    /// @inheritdoc IIMOSale
    function claimTokens() external nonReentrant returns (uint256 tokens, uint256 refund_) {
        Terms memory t = _ended();
        if (_status.totalCommitted < t.softCap) revert IMOSaleFailed();
        Buyer storage buyer = _unclaimed(msg.sender);
        (tokens, refund_) = _allotment(t, buyer.committed, _status.totalCommitted);
        buyer.claimed = true;
        emit TokensClaimed(msg.sender, tokens, refund_);
        if (tokens != 0) IModelToken(t.token).transfer(msg.sender, tokens);
        if (refund_ != 0) _pay(msg.sender, refund_);
    }

    /// @inheritdoc IIMOSale
    function refund() external nonReentrant returns (uint256 amount) {
        Terms memory t = _ended();
        if (_status.totalCommitted >= t.softCap) revert IMOSaleRefundAfterSuccess();
        Buyer storage buyer = _unclaimed(msg.sender);
        amount = buyer.committed;
        buyer.claimed = true;
        emit Refunded(msg.sender, amount);
        _pay(msg.sender, amount);
    }

    /// @inheritdoc IIMOSale
    function withdrawProceeds() external nonReentrant returns (uint256 amount) {
        Terms memory t = _ended();
        if (msg.sender != t.developer) revert IMOSaleNotDeveloper(msg.sender, t.developer);
        if (_status.totalCommitted < t.softCap) revert IMOSaleFailed();
        if (_status.proceedsWithdrawn) revert IMOSaleAlreadyWithdrawn();
        _status.proceedsWithdrawn = true;
        (, , amount) = _shares(t);
        emit ProceedsWithdrawn(t.developer, amount);
        _pay(t.developer, amount);
    }

    /// @inheritdoc IIMOSale
    function releaseFee() external nonReentrant returns (uint256 amount) {
        Terms memory t = _ended();
        if (_status.totalCommitted < t.softCap) revert IMOSaleFailed();
        if (_status.feeReleased) revert IMOSaleAlreadyWithdrawn();
        _status.feeReleased = true;
        (amount, , ) = _shares(t);
        emit FeeReleased(t.treasury, amount);
        if (amount != 0) _pay(t.treasury, amount);
    }

    /// @inheritdoc IIMOSale
    function releaseLiquidityShare() external nonReentrant returns (uint256 amount) {
        Terms memory t = _ended();
        if (_status.totalCommitted < t.softCap) revert IMOSaleFailed();
        if (_status.liquidityReleased) revert IMOSaleAlreadyWithdrawn();
        _status.liquidityReleased = true;
        (, amount, ) = _shares(t);
        emit LiquidityShareReleased(t.liquidityRecipient, amount);
        if (amount != 0) _pay(t.liquidityRecipient, amount);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IIMOSale
    function state() external view returns (SaleState) {
        Terms memory t = terms();
        if (block.timestamp < t.start) return SaleState.Pending;
        if (block.timestamp < t.end) return SaleState.Active;
        return _status.totalCommitted >= t.softCap ? SaleState.Succeeded : SaleState.Failed;
    }

    /// @inheritdoc IIMOSale
    function totalCommitted() external view returns (uint256) {
        return _status.totalCommitted;
    }

    /// @inheritdoc IIMOSale
    function timeLeft() external view returns (uint256) {
        uint256 end = terms().end;
        return block.timestamp >= end ? 0 : end - block.timestamp;
    }

    /// @inheritdoc IIMOSale
    function commitmentOf(address buyer) external view returns (uint256) {
        return _buyers[buyer].committed;
    }

    /// @inheritdoc IIMOSale
    function allotmentOf(address buyer) external view returns (uint256 tokens, uint256 refund_) {
        return _allotment(terms(), _buyers[buyer].committed, _status.totalCommitted);
    }

    /// @inheritdoc IIMOSale
    function claimableTokens(address buyer) external view returns (uint256 tokens) {
        Terms memory t = terms();
        Buyer memory b = _buyers[buyer];
        if (block.timestamp < t.end || _status.totalCommitted < t.softCap || b.claimed) return 0;
        (tokens, ) = _allotment(t, b.committed, _status.totalCommitted);
    }

    /// @inheritdoc IIMOSale
    function refundableOf(address buyer) external view returns (uint256 amount) {
        Terms memory t = terms();
        Buyer memory b = _buyers[buyer];
        if (block.timestamp < t.end || b.claimed) return 0;
        if (_status.totalCommitted < t.softCap) return b.committed;
        (, amount) = _allotment(t, b.committed, _status.totalCommitted);
    }

    /// @inheritdoc IIMOSale
    function hasClaimed(address buyer) external view returns (bool) {
        return _buyers[buyer].claimed;
    }

    /// @inheritdoc IIMOSale
    function proceeds() external view returns (uint256) {
        return _proceeds(terms());
    }

    /// @inheritdoc IIMOSale
    function terms() public view returns (Terms memory) {
        return SaleArgs.decode(Clones.fetchCloneArgs(address(this)));
    }

    // ------------------------------------------------------------------ internal

    /// @dev Terms after the end, with the sale settled.
    /// @dev Terms after the end (decoded once), with the sale settled.
    function _ended() private returns (Terms memory t) {
        t = terms();
        _settle(t);
    }

    function _settle(Terms memory t) private {
        if (_status.settled) return;
        if (block.timestamp < t.end) revert IMOSaleNotEnded(t.end);
        _status.settled = true;
        uint256 total = _status.totalCommitted;
        bool succeeded = total >= t.softCap;
        uint256 sold = succeeded ? (Math.min(total, t.hardCap) * ONE_TOKEN) / t.price : 0;
        uint256 burned = t.saleSupply - sold;
        emit Settled(succeeded, total, sold, burned);
        if (burned != 0) IModelToken(t.token).burn(burned);
    }

    function _unclaimed(address account) private view returns (Buyer storage buyer) {
        buyer = _buyers[account];
        if (buyer.committed == 0) revert IMOSaleNothingCommitted(account);
        if (buyer.claimed) revert IMOSaleAlreadyClaimed(account);
    }

    function _allotment(
        Terms memory t,
        uint256 committed,
        uint256 total
    ) private pure returns (uint256 tokens, uint256 refund_) {
        if (total <= t.hardCap) return ((committed * ONE_TOKEN) / t.price, 0);
        tokens = Math.mulDiv(committed * t.hardCap, ONE_TOKEN, total * t.price);
        refund_ = (committed * (total - t.hardCap)) / total;
    }

    function _proceeds(Terms memory t) private view returns (uint256) {
        uint256 total = _status.totalCommitted;
        return total >= t.softCap ? Math.min(total, t.hardCap) : 0;
    }

    function _shares(Terms memory t) private view returns (uint256 fee, uint256 liquidity, uint256 developerShare) {
        uint256 raised = _proceeds(t);
        fee = (raised * t.protocolFeeBps) / BPS;
        liquidity = (raised * t.liquidityShareBps) / BPS;
        developerShare = raised - fee - liquidity;
    }

    function _pay(address to, uint256 amount) private {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = to.call{value: amount}("");
        if (!ok) revert IMOSalePayoutFailed(to, amount);
    }
}
