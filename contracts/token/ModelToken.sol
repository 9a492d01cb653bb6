// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IModelToken} from "../interfaces/IModelToken.sol";
import {ModelTokenArgs} from "../libraries/ModelTokenArgs.sol";

/// @title ModelToken
/// @notice Revenue-share ERC-20 (+ ERC-2612 permit, ERC-7641 burn/redeem) of one model, deployed
/// by the registry as an EIP-1167 clone whose immutable args (`ModelTokenArgs`: registry, model id,
/// reserve share, name, symbol) live in its code, and initialised by the registry in the creating
/// transaction.
/// @dev Guarantees:
/// - Each account's balance (uint96) and revenue correction (int160) share one storage slot, so a
///   transfer costs about one extra cold read over a plain ERC-20.
/// - `claimable(a) = floor((R * balance(a) + correction(a)) / 2^64)` where `R` is the revenue per
///   token unit scaled by 2^64. Transfers and burns move `R * amount` between corrections, so no
///   action but a deposit changes what anyone has earned; claims cost O(1).
/// - Bound: `R * totalSupply < 2^159`, enforced at every deposit. Deposits are only split while the
///   eligible supply is at least `totalSupply >> 8`, so the bound holds for any lifetime revenue
///   below 2^87 wei. Every correction therefore fits in int160.
/// - No wei is lost: the sub-unit remainder of each split (scaled by 2^64), deposits made while
///   the eligible supply is too small and what burned escrow tokens had earned are carried and split
///   with the next deposit. ETH held minus (claimable + reserve + undistributed) is at most one wei
///   per holder (floor rounding).
/// - Only `BURN_ADDRESS` is excluded: it earns nothing and is not in the eligible supply.
/// - Escrows (fixed at creation: a sale escrow) earn like any holder, but their revenue is never
///   paid to them: each transfer out carries the escrow's revenue pro rata to the tokens moved, so
///   buyers get what their tokens earned while they sat in the sale, whatever order they claim in.
///   They receive tokens only at creation, so every token they hold has the same history. Their slot
///   holds the sentinel correction `type(int160).min`; the real correction lives beside it.
/// - No owner, no admin: nobody can change balances, exclusions or revenue. ETH payouts follow
///   checks-effects-interactions under a reentrancy guard.
contract ModelToken is IModelToken, IERC5267, ReentrancyGuardTransient {
    /// @notice The burn address; always excluded from revenue.
    address public constant BURN_ADDRESS = 0x000000000000000000000000000000000000dEaD;
    /// @notice Most accounts `claimMany` pays in one call.
    uint256 public constant MAX_CLAIM_BATCH = 100;
    /// @notice Deposits are split only while eligible supply >= totalSupply >> this shift.
    uint256 public constant MIN_ELIGIBLE_SHIFT = 8;

    uint256 private constant MAGNITUDE = 2 ** 64;
    uint256 private constant BPS = 10_000;
    uint256 private constant ACCOUNTING_BOUND = 2 ** 159;
    int160 private constant ESCROW = type(int160).min;
    bytes32 private constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );
    bytes32 private constant DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );
    bytes32 private constant HASHED_VERSION = keccak256("1");

    /// @dev Balance and revenue correction in one slot.
    struct Account {
        uint96 balance;
        int160 correction;
    }

    /// @dev Read on every transfer: the accumulator and the burn address's balance (the supply
    /// outside the eligible supply; zero, so unwritten, until tokens are sent there).
    struct Distribution {
        uint160 magnifiedRevenuePerToken;
        uint96 excludedSupply;
    }

    /// @dev Read on deposits and burns: the carried revenue (scaled by 2^64) and the supply.
    struct Supply {
        uint160 magnifiedUndistributed;
        uint96 totalSupply;
    }

    mapping(address account => Account) private _accounts;
    mapping(address owner => mapping(address spender => uint256)) private _allowances;
    mapping(address owner => uint256) private _nonces;
    mapping(address escrow => int256) private _escrowCorrections;
    Distribution private _distribution;
    Supply private _supply;
    uint256 private _reserve;

    /// @dev The implementation's own address: `initialize` runs only on clones.
    address private immutable _implementation = address(this);

    // ------------------------------------------------------------------ initializer

    /// @inheritdoc IModelToken
    function initialize(
        address[] calldata recipients,
        uint256[] calldata amounts,
        address[] calldata escrows
    ) external {
        if (address(this) == _implementation || msg.sender != registry() || _supply.totalSupply != 0) {
            revert ModelTokenUnauthorizedInitializer(msg.sender);
        }
        uint256 count = recipients.length;
        if (count != amounts.length) revert ModelTokenAllocationLengthMismatch(count, amounts.length);

        for (uint256 i; i < escrows.length; ++i) {
            if (escrows[i] == address(0) || escrows[i] == BURN_ADDRESS) revert ModelTokenInvalidReceiver(escrows[i]);
            _accounts[escrows[i]].correction = ESCROW;
        }

        uint256 supply;
        uint256 excludedSupply;
        for (uint256 i; i < count; ++i) {
            address to = recipients[i];
            uint256 amount = amounts[i];
            if (to == address(0)) revert ModelTokenZeroAddress();
            supply += amount;
            if (supply > type(uint96).max) revert ModelTokenInvalidSupply(supply, type(uint96).max);
            // Cannot overflow: balance <= supply <= type(uint96).max.
            _accounts[to].balance += uint96(amount);
            if (to == BURN_ADDRESS) excludedSupply += amount;
            emit Transfer(address(0), to, amount);
        }
        if (supply == 0) revert ModelTokenInvalidSupply(0, type(uint96).max);
        _supply.totalSupply = uint96(supply);
        if (excludedSupply != 0) _distribution.excludedSupply = uint96(excludedSupply);
    }

    // ------------------------------------------------------------------ ERC-20

    /// @inheritdoc IERC20
    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    /// @inheritdoc IERC20
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        _spendAllowance(from, msg.sender, value);
        _transfer(from, to, value);
        return true;
    }

    /// @inheritdoc IERC20
    function approve(address spender, uint256 value) external returns (bool) {
        _approve(msg.sender, spender, value);
        return true;
    }

    /// @inheritdoc IERC20Permit
    function permit(
        address owner,
        address spender,
        uint256 value,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        // solhint-disable-next-line gas-strict-inequalities
        if (block.timestamp > deadline) revert ModelTokenPermitExpired(deadline);
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, _nonces[owner]++, deadline));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", _domainSeparator(), structHash));
        address signer = ECDSA.recover(digest, v, r, s);
        if (signer != owner) revert ModelTokenInvalidSigner(signer, owner);
        _approve(owner, spender, value);
    }

    // ------------------------------------------------------------------ revenue

    /// @inheritdoc IModelToken
    function depositRevenue() external payable {
        if (msg.value == 0) revert ModelTokenZeroDeposit();
        uint256 bps = reserveBps();
        uint256 reserved;
        if (bps != 0) {
            reserved = (msg.value * bps) / BPS;
            _reserve += reserved;
        }
        _split(msg.value - reserved);
        emit RevenueDeposited(msg.sender, msg.value, reserved);
    }

    /// @inheritdoc IModelToken
    function claim() external nonReentrant returns (uint256 amount) {
        amount = _claimOrRevert(msg.sender);
    }

    /// @inheritdoc IModelToken
    function claimFor(address account) external nonReentrant returns (uint256 amount) {
        amount = _claimOrRevert(account);
    }

    /// @inheritdoc IModelToken
    function claimMany(address[] calldata accounts) external nonReentrant returns (uint256 total) {
        if (accounts.length > MAX_CLAIM_BATCH) revert ModelTokenBatchTooLarge(accounts.length, MAX_CLAIM_BATCH);
        for (uint256 i; i < accounts.length; ++i) {
            total += _claimTo(accounts[i]);
        }
    }

    /// @inheritdoc IModelToken
    function burn(uint256 amount) external nonReentrant {
        Account memory account = _accounts[msg.sender];
        if (account.balance < amount) revert ModelTokenInsufficientBalance(msg.sender, account.balance, amount);
        // Cannot overflow: R * amount <= R * totalSupply < 2^159 (the accounting bound).
        int256 moved = int256(uint256(_distribution.magnifiedRevenuePerToken) * amount);
        uint256 redeemed;
        if (account.correction == ESCROW) {
            // What the burned tokens earned goes to every holder with the next deposit.
            uint256 share = _moveOutOfEscrow(msg.sender, account.balance, amount, moved);
            _supply.magnifiedUndistributed = _toUint160(_supply.magnifiedUndistributed + share);
        } else {
            redeemed = redeemableOnBurn(amount);
            account.correction = _toCorrection(int256(account.correction) + moved);
        }
        // Cannot underflow: amount <= balance <= totalSupply, and redeemed <= reserve.
        unchecked {
            account.balance -= uint96(amount);
            _supply.totalSupply -= uint96(amount);
            if (redeemed != 0) _reserve -= redeemed;
        }
        _accounts[msg.sender] = account;
        emit Transfer(msg.sender, address(0), amount);
        emit Redeemed(msg.sender, amount, redeemed);
        if (redeemed != 0) _pay(msg.sender, redeemed);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IERC20Metadata
    function name() public view returns (string memory) {
        (string memory name_, ) = _metadata();
        return name_;
    }

    /// @inheritdoc IERC20Metadata
    function symbol() external view returns (string memory) {
        (, string memory symbol_) = _metadata();
        return symbol_;
    }

    /// @inheritdoc IERC20Metadata
    function decimals() external pure returns (uint8) {
        return 18;
    }

    /// @inheritdoc IERC20
    function totalSupply() external view returns (uint256) {
        return _supply.totalSupply;
    }

    /// @inheritdoc IERC20
    function balanceOf(address account) external view returns (uint256) {
        return _accounts[account].balance;
    }

    /// @inheritdoc IERC20
    function allowance(address owner, address spender) external view returns (uint256) {
        return _allowances[owner][spender];
    }

    /// @inheritdoc IERC20Permit
    function nonces(address owner) external view returns (uint256) {
        return _nonces[owner];
    }

    /// @inheritdoc IERC20Permit
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparator();
    }

    /// @inheritdoc IERC5267
    function eip712Domain()
        external
        view
        returns (
            bytes1 fields,
            string memory name_,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        )
    {
        return (hex"0f", name(), "1", block.chainid, address(this), bytes32(0), new uint256[](0));
    }

    /// @inheritdoc IModelToken
    function claimable(address account) public view returns (uint256) {
        if (account == BURN_ADDRESS) return 0;
        Account memory acc = _accounts[account];
        int256 correction = acc.correction == ESCROW ? _escrowCorrections[account] : int256(acc.correction);
        int256 magnified = int256(uint256(_distribution.magnifiedRevenuePerToken) * acc.balance) + correction;
        return magnified <= 0 ? 0 : uint256(magnified) / MAGNITUDE;
    }

    /// @inheritdoc IModelToken
    function redeemableOnBurn(uint256 amount) public view returns (uint256) {
        uint256 outstanding = _supply.totalSupply - _accounts[BURN_ADDRESS].balance;
        if (outstanding == 0) return 0;
        return (_reserve * amount) / outstanding;
    }

    /// @inheritdoc IModelToken
    function isExcluded(address account) external pure returns (bool) {
        return account == BURN_ADDRESS;
    }

    /// @inheritdoc IModelToken
    function isEscrow(address account) external view returns (bool) {
        return _accounts[account].correction == ESCROW;
    }

    /// @inheritdoc IModelToken
    function eligibleSupply() external view returns (uint256) {
        return _supply.totalSupply - _distribution.excludedSupply;
    }

    /// @inheritdoc IModelToken
    function undistributedRevenue() external view returns (uint256) {
        return _supply.magnifiedUndistributed / MAGNITUDE;
    }

    /// @inheritdoc IModelToken
    function redemptionReserve() external view returns (uint256) {
        return _reserve;
    }

    /// @inheritdoc IModelToken
    function reserveBps() public view returns (uint16) {
        return uint16(uint256(_argWord(ModelTokenArgs.RESERVE_BPS_OFFSET)) >> 240);
    }

    /// @inheritdoc IModelToken
    function magnifiedRevenuePerToken() external view returns (uint256) {
        return _distribution.magnifiedRevenuePerToken;
    }

    /// @inheritdoc IModelToken
    function registry() public view returns (address) {
        return address(bytes20(_argWord(0)));
    }

    /// @inheritdoc IModelToken
    function modelId() external view returns (uint256) {
        return uint64(bytes8(_argWord(ModelTokenArgs.MODEL_ID_OFFSET)));
    }

    // ------------------------------------------------------------------ internal

    function _transfer(address from, address to, uint256 value) internal {
        if (to == address(0)) revert ModelTokenInvalidReceiver(address(0));
        Account memory sender = _accounts[from];
        if (sender.balance < value) revert ModelTokenInsufficientBalance(from, sender.balance, value);
        emit Transfer(from, to, value);
        if (from == to || value == 0) return;

        Distribution memory dist = _distribution;
        // Cannot overflow: R * value <= R * totalSupply < 2^159 (the accounting bound).
        int256 moved = int256(uint256(dist.magnifiedRevenuePerToken) * value);
        // What the tokens earned and take with them: nothing, unless they leave an escrow.
        int256 carried;
        if (from == BURN_ADDRESS) {
            // Unreachable in practice (nobody holds that key); kept exact all the same.
            dist.excludedSupply -= uint96(value);
            _distribution = dist;
        } else if (sender.correction == ESCROW) {
            carried = int256(_moveOutOfEscrow(from, sender.balance, value, moved));
        } else {
            sender.correction = _toCorrection(sender.correction + moved);
        }
        // Cannot underflow: checked against the balance above.
        unchecked {
            sender.balance -= uint96(value);
        }
        _accounts[from] = sender;

        Account memory receiver = _accounts[to];
        if (receiver.correction == ESCROW) revert ModelTokenInvalidReceiver(to);
        // Cannot overflow: the sum of all balances is totalSupply <= type(uint96).max.
        unchecked {
            receiver.balance += uint96(value);
        }
        if (to == BURN_ADDRESS) {
            dist.excludedSupply += uint96(value);
            _distribution = dist;
            // The burn address earns nothing: what the tokens carried goes to every holder.
            if (carried != 0)
                _supply.magnifiedUndistributed = _toUint160(_supply.magnifiedUndistributed + uint256(carried));
        } else {
            receiver.correction = _toCorrection(receiver.correction - moved + carried);
        }
        _accounts[to] = receiver;
    }

    /// @dev Moves `value` of escrow `escrow`'s `balance` out: its correction keeps what the rest of
    /// its tokens earned; returns (scaled by 2^64) what the moved tokens earned, pro rata.
    function _moveOutOfEscrow(
        address escrow,
        uint256 balance,
        uint256 value,
        int256 moved
    ) private returns (uint256 share) {
        int256 correction = _escrowCorrections[escrow];
        // Every escrow token has the same history (escrows receive tokens only at creation), so the
        // moved tokens earned exactly their pro-rata part of the escrow's revenue.
        int256 earned = int256(uint256(_distribution.magnifiedRevenuePerToken) * balance) + correction;
        if (earned > 0) share = (uint256(earned) * value) / balance;
        _escrowCorrections[escrow] = correction + moved - int256(share);
    }

    /// @dev Splits `amount` wei plus everything carried among the eligible supply, or carries it
    /// all while the eligible supply is below the minimum.
    function _split(uint256 amount) internal {
        Supply memory supply = _supply;
        Distribution memory dist = _distribution;
        uint256 total = supply.magnifiedUndistributed + amount * MAGNITUDE;
        uint256 eligible = uint256(supply.totalSupply) - dist.excludedSupply;
        if (eligible == 0 || eligible < (uint256(supply.totalSupply) >> MIN_ELIGIBLE_SHIFT)) {
            _supply.magnifiedUndistributed = _toUint160(total);
            return;
        }
        uint256 perToken = uint256(dist.magnifiedRevenuePerToken) + total / eligible;
        if (perToken * supply.totalSupply >= ACCOUNTING_BOUND) {
            revert ModelTokenRevenueOverflow(perToken, supply.totalSupply);
        }
        // Both fit: perToken < 2^159 and the remainder is below the eligible supply (< 2^96).
        dist.magnifiedRevenuePerToken = uint160(perToken);
        _distribution = dist;
        _supply.magnifiedUndistributed = uint160(total % eligible);
    }

    /// @dev `_claimTo`, reverting when nothing is paid.
    function _claimOrRevert(address account) private returns (uint256 amount) {
        if (_accounts[account].correction == ESCROW) revert ModelTokenEscrowRevenue(account);
        amount = _claimTo(account);
        if (amount == 0) revert ModelTokenNothingToClaim(account);
    }

    /// @dev Zeroes `account`'s claimable revenue and pays it; returns the amount (0 if none, and
    /// always for an escrow, whose revenue travels with its tokens).
    function _claimTo(address account) internal returns (uint256 amount) {
        Account storage acc = _accounts[account];
        if (acc.correction == ESCROW) return 0;
        amount = claimable(account);
        if (amount == 0) return 0;
        acc.correction = _toCorrection(int256(acc.correction) - int256(amount * MAGNITUDE));
        emit RevenueClaimed(account, amount);
        _pay(account, amount);
    }

    function _pay(address to, uint256 amount) internal {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = to.call{value: amount}("");
        if (!ok) revert ModelTokenPayoutFailed(to, amount);
    }

    function _spendAllowance(address owner, address spender, uint256 value) internal {
        uint256 current = _allowances[owner][spender];
        if (current != type(uint256).max) {
            if (current < value) revert ModelTokenInsufficientAllowance(spender, current, value);
            // Cannot underflow: checked above.
            unchecked {
                _allowances[owner][spender] = current - value;
            }
        }
    }

    function _approve(address owner, address spender, uint256 value) internal {
        if (spender == address(0)) revert ModelTokenInvalidSpender(address(0));
        _allowances[owner][spender] = value;
        emit Approval(owner, spender, value);
    }

    function _domainSeparator() internal view returns (bytes32) {
        return
            keccak256(
                abi.encode(DOMAIN_TYPEHASH, keccak256(bytes(name())), HASHED_VERSION, block.chainid, address(this))
            );
    }

    /// @dev One 32-byte word of this clone's immutable args at `offset`.
    function _argWord(uint256 offset) private view returns (bytes32 word) {
        // Assembly: copy 32 bytes of our own code (the clone args follow the 0x2d-byte proxy) without
        // copying the whole args array, so deposits read the reserve share for ~200 gas.
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            extcodecopy(address(), ptr, add(0x2d, offset), 32)
            word := mload(ptr)
        }
    }

    function _metadata() private view returns (string memory name_, string memory symbol_) {
        bytes memory args = Clones.fetchCloneArgs(address(this));
        uint256 nameLength = uint8(args[ModelTokenArgs.NAME_OFFSET]);
        uint256 symbolOffset = ModelTokenArgs.NAME_OFFSET + 1 + nameLength;
        uint256 symbolLength = uint8(args[symbolOffset]);
        name_ = string(_slice(args, ModelTokenArgs.NAME_OFFSET + 1, nameLength));
        symbol_ = string(_slice(args, symbolOffset + 1, symbolLength));
    }

    function _slice(bytes memory data, uint256 start, uint256 length) private pure returns (bytes memory out) {
        out = new bytes(length);
        for (uint256 i; i < length; ++i) out[i] = data[start + i];
    }

    /// @dev A correction outside (-2^159, 2^159) would break the accounting bound; the sentinel
    /// value -2^159 marks escrows and is never a real correction.
    function _toCorrection(int256 value) private pure returns (int160) {
        if (value <= type(int160).min || value > type(int160).max) {
            revert ModelTokenRevenueOverflow(uint256(value < 0 ? -value : value), 0);
        }
        return int160(value);
    }

    function _toUint160(uint256 value) private pure returns (uint160) {
        if (value > type(uint160).max) revert ModelTokenRevenueOverflow(value, 0);
        return uint160(value);
    }
}
