// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IAIOracle} from "../interfaces/IAIOracle.sol";
import {IAIOracleCallbackReceiver} from "../interfaces/IAIOracleCallbackReceiver.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IModelToken} from "../interfaces/IModelToken.sol";
import {IOpmlOracle} from "../interfaces/IOpmlOracle.sol";
import {PackedMember, PackedMemberLib} from "../libraries/PackedMember.sol";
import {PackedSplit} from "../libraries/PackedSplit.sol";

/// @title AIOracle
/// @notice The opML AI oracle: ORA-compatible requests, staked operators drawn per request, results
/// final after a challenge window unless the dispute game strikes them, and the fee split between
/// model token holders, developer, operator and protocol.
/// @dev Guarantees:
/// - Per request, storage is one slot: its state, whether a game is open on its result and the top
///   240 bits of its commitment, keccak256(abi.encode(paramsHash, attempt)) while requested and
///   keccak256(abi.encode(paramsHash, resultId, posted)) once a result is posted. Terms, attempt
///   (draw block, deadline) and posting (operator, challenge deadline) travel in events; every call
///   that acts on a request re-supplies them and they are checked against the slot. Terms (fee,
///   split, windows, bond, escrow) are fixed at request time: a parameter change never alters a
///   pending request.
/// - `resultId = keccak256(abi.encode(requestId, operator, keccak256(output), stateRoot, attempt))`
///   binds a result to its operator and attempt, so a copied result earns nothing.
/// - Assignment: the primary operator is drawn, stake-weighted, among the model's members from
///   blockhash(drawBlock + 1), evaluated at submit but over the draw weights and memberships as they
///   were when the attempt opened: a change (stake, exit, opt-in, opt-out, a slash folded in) counts
///   only for attempts opened after it, and a weight may change again only once no attempt can still
///   draw on its previous value (the longest response window), so nothing an operator does after a
///   request exists changes who is drawn for it. The primary alone may answer during the response
///   window, then any member may.
/// - The dispute game counts the games on a result (without bound); the oracle only keeps whether
///   any is open. Nobody can stop anyone from challenging a pending result inside its window.
/// - A result finalizes only after its challenge window with no game open. Every payout is a pull
///   credit (`withdraw`, or anyone's `withdrawFor`, which pays the account itself), so no recipient
///   can block finalization; the callback runs with exactly the escrowed gas limit (63/64 rule
///   checked at the call, after every memory expansion), its return data is never copied, and its
///   failure is recorded, never blocking. The finalizer is reimbursed for the callback gas at no more
///   than the price the requester escrowed at (capped at the escrow), never its own priority fee;
///   the rest of the escrow goes back to the requester.
/// - Every request ends: finalized, or cancelled and refunded (after its deadline, when its model is
///   frozen, or when the result of its last possible attempt is struck).
/// - The developer and protocol shares accrue per model (one slot, which also holds the oracle's copy
///   of the registry's frozen flag) and are swept into credits by anyone; holders' shares go straight
///   into the model token, the operator's into its credits.
/// - ETH held = Σ (stakes − slashed) + Σ credits + Σ model fees owed + Σ (fee + escrow) of
///   unfinalized requests.
/// - Owner powers: bounded parameter setters for future requests, and setting the dispute game once.
contract AIOracle is IOpmlOracle, Ownable2Step, ReentrancyGuardTransient {
    using SafeCast for uint256;

    /// @notice Most results in one `submitBatch` / `finalizeBatch`.
    uint256 public constant MAX_BATCH = 32;
    /// @notice Most accounts in one `withdrawForMany`.
    uint256 public constant MAX_WITHDRAW_BATCH = 100;
    /// @notice Gas each payout of `withdrawForMany` may use.
    uint256 public constant WITHDRAW_GAS = 100_000;
    /// @notice Most memberships one model's draw keeps (bounds the draw).
    uint256 public constant MAX_OPERATORS_PER_MODEL = 32;
    /// @notice Most callback gas a request may ask for.
    uint256 public constant MAX_CALLBACK_GAS = 5_000_000;
    /// @notice Most bytes of callback data a request may carry (as much as the largest output).
    uint256 public constant MAX_CALLBACK_DATA = 65_536;
    /// @notice Gas the rest of `finalize` needs after the callback returns.
    uint256 public constant CALLBACK_RESERVE_GAS = 60_000;
    /// @notice Gas added to the callback's own use when reimbursing the finalizer (the call itself).
    uint256 public constant CALLBACK_OVERHEAD_GAS = 10_000;
    /// @notice Bounds of the challenge window.
    uint32 public constant MIN_CHALLENGE_WINDOW = 10 seconds;
    uint32 public constant MAX_CHALLENGE_WINDOW = 30 days;
    /// @notice Longest request timeout and unstake delay.
    uint32 public constant MAX_TIMEOUT = 7 days;
    uint32 public constant MAX_UNSTAKE_DELAY = 60 days;

    uint256 private constant BPS = 10_000;
    /// @dev A request's slot: state in bits 0–7, the disputed flag in bit 8, commitment in bits 16–255.
    uint256 private constant DISPUTED = 1 << 8;
    uint256 private constant COMMITMENT_MASK = ~uint256(0xffff);

    IModelRegistry public immutable registry;

    /// @dev Everything a request reads from the config, and the request counter: one slot.
    struct Terms {
        uint80 resultBond;
        uint32 responseWindow;
        uint32 challengeWindow;
        uint32 timeout;
        uint32 minCallbackGasPrice;
        uint48 requestCount;
    }

    /// @dev Read when staking and withdrawing.
    struct Staking {
        uint96 minStake;
        address treasury;
    }

    /// @dev The game, the unstake delay and the longest response window any request may have (how far
    /// back a draw can look).
    struct Settings {
        address game;
        uint32 unstakeDelay;
        uint32 maxResponseWindow;
    }

    /// @dev One slot read at every submit: stake and locked both include slashed bonds until they are
    /// folded in (`OperatorHistory.slashed`); the draw weight is `stake` (0 when exiting) for attempts
    /// opened after `changedAt`, `OperatorHistory.weightBefore` up to it.
    struct OperatorRecord {
        uint96 stake;
        uint96 locked;
        uint40 changedAt;
        uint16 models;
        bool exiting;
    }

    /// @dev Read only for attempts opened before an operator's last weight change, on slashes and exits.
    struct OperatorHistory {
        uint96 weightBefore;
        uint96 slashed;
        uint40 exitAt;
    }

    Terms private _terms;
    Staking private _staking;
    Settings private _settings;
    mapping(uint256 requestId => uint256 slot) private _requests;
    mapping(address operator => OperatorRecord) private _operators;
    mapping(address operator => OperatorHistory) private _histories;
    mapping(uint256 modelId => PackedMember[]) private _members;
    mapping(uint256 modelId => mapping(address operator => uint256 indexPlusOne)) private _memberIndex;
    mapping(uint256 requestId => mapping(address operator => bool)) private _struck;
    mapping(uint256 modelId => ModelLedger) private _ledgers;
    mapping(address account => uint256) private _credits;

    modifier onlyGame() {
        address game = _settings.game;
        if (msg.sender != game || game == address(0)) revert OracleNotDisputeGame(msg.sender);
        _;
    }

    /// @param owner_ Sets the parameters (bounded) and, once, the dispute game.
    /// @param registry_ The model registry.
    /// @param config_ The initial parameters.
    constructor(address owner_, IModelRegistry registry_, Config memory config_) Ownable(owner_) {
        registry = registry_;
        _setConfig(config_);
    }

    // ------------------------------------------------------------------ requests

    /// @inheritdoc IAIOracle
    function requestCallback(
        uint256 modelId,
        bytes calldata input,
        address callbackContract,
        uint64 gasLimit,
        bytes calldata callbackData
    ) external payable returns (uint256 requestId) {
        IModelRegistry.RequestTerms memory t = registry.requestTerms(modelId);
        if (t.frozen) revert OracleModelFrozen(modelId);
        if (input.length > t.inputBytes) revert OracleInputTooLong(input.length, t.inputBytes);
        if (gasLimit > MAX_CALLBACK_GAS) revert OracleCallbackGasTooHigh(gasLimit, MAX_CALLBACK_GAS);
        if (callbackData.length > MAX_CALLBACK_DATA) {
            revert OracleCallbackDataTooLong(callbackData.length, MAX_CALLBACK_DATA);
        }
        Terms memory c = _terms;
        (uint256 escrow, uint256 excess) = _escrow(t.fee, gasLimit, c.minCallbackGasPrice);

        RequestParams memory params = RequestParams({
            requester: msg.sender,
            modelId: modelId.toUint64(),
            callbackContract: callbackContract,
            gasLimit: gasLimit,
            inputHash: keccak256(input),
            callbackDataHash: keccak256(callbackData),
            token: t.token,
            fee: t.fee,
            escrow: escrow.toUint96(),
            split: PackedSplit.pack(t.split),
            outputLength: t.outputBytes,
            resultBond: c.resultBond,
            responseWindow: c.responseWindow,
            challengeWindow: c.challengeWindow,
            timeout: c.timeout
        });
        requestId = uint256(c.requestCount) + 1;
        _terms.requestCount = requestId.toUint48();
        Attempt memory attempt = Attempt(0, uint32(block.number), uint40(block.timestamp + c.timeout));
        _requests[requestId] = _slot(
            _requestedCommitment(keccak256(abi.encode(params)), attempt),
            RequestState.Requested
        );
        emit Requested(requestId, params, input, callbackData, attempt);

        if (excess != 0) _credits[msg.sender] += excess;
    }

    /// @inheritdoc IOpmlOracle
    function submit(
        uint256 requestId,
        RequestParams calldata params,
        Attempt calldata attempt,
        bytes calldata output,
        bytes32 stateRoot
    ) external nonReentrant returns (bytes32 resultId) {
        return _submit(requestId, params, attempt, output, stateRoot);
    }

    /// @inheritdoc IOpmlOracle
    function submitBatch(Submission[] calldata submissions) external nonReentrant {
        if (submissions.length > MAX_BATCH) revert OracleBatchSize(submissions.length, MAX_BATCH);
        for (uint256 i; i < submissions.length; ++i) {
            Submission calldata s = submissions[i];
            _submit(s.requestId, s.params, s.attempt, s.output, s.stateRoot);
        }
    }

    /// @inheritdoc IOpmlOracle
    function finalize(
        uint256 requestId,
        RequestParams calldata params,
        Posted calldata posted,
        bytes calldata output,
        bytes32 stateRoot,
        bytes calldata callbackData
    ) external nonReentrant {
        _finalize(requestId, params, posted, output, stateRoot, callbackData);
    }

    /// @inheritdoc IOpmlOracle
    function finalizeBatch(Finalization[] calldata finalizations) external nonReentrant {
        if (finalizations.length > MAX_BATCH) revert OracleBatchSize(finalizations.length, MAX_BATCH);
        for (uint256 i; i < finalizations.length; ++i) {
            Finalization calldata f = finalizations[i];
            _finalize(f.requestId, f.params, f.posted, f.output, f.stateRoot, f.callbackData);
        }
    }

    /// @inheritdoc IOpmlOracle
    function cancel(uint256 requestId, RequestParams calldata params, Attempt calldata attempt) external nonReentrant {
        (uint256 slot, ) = _openSlot(requestId, params, attempt);
        if (block.timestamp < attempt.deadline && !registry.isFrozen(params.modelId)) {
            revert OracleNotCancellable(requestId, attempt.deadline);
        }
        _cancel(requestId, slot, params);
    }

    /// @inheritdoc IOpmlOracle
    function cancelPosted(
        uint256 requestId,
        RequestParams calldata params,
        bytes32 resultId,
        Posted calldata posted
    ) external nonReentrant {
        uint256 slot = _pendingSlot(requestId, params, resultId, posted);
        if (!registry.isFrozen(params.modelId)) revert OracleNotCancellable(requestId, type(uint256).max);
        // Not the operator's fault: the model was proven invalid. Release the bond.
        _operators[posted.operator].locked -= params.resultBond;
        _cancel(requestId, slot, params);
    }

    /// @inheritdoc IOpmlOracle
    function sweepModelFees(uint256 modelId) external {
        ModelLedger memory ledger = _ledgers[modelId];
        if (ledger.developerOwed == 0 && ledger.protocolOwed == 0) revert OracleNoModelFees(modelId);
        address developer = registry.requestTerms(modelId).developer;
        address treasury = _staking.treasury;
        _ledgers[modelId] = ModelLedger(0, 0, ledger.frozen);
        _credits[developer] += ledger.developerOwed;
        _credits[treasury] += ledger.protocolOwed;
        emit ModelFeesSwept(modelId, developer, ledger.developerOwed, treasury, ledger.protocolOwed);
    }

    /// @inheritdoc IOpmlOracle
    function noteFrozen(uint256 modelId) external {
        if (!registry.isFrozen(modelId)) revert OracleModelNotFrozen(modelId);
        if (_ledgers[modelId].frozen) revert OracleModelFrozen(modelId);
        _ledgers[modelId].frozen = true;
        emit ModelFrozenNoted(modelId);
    }

    /// @inheritdoc IOpmlOracle
    function withdraw(address to) external nonReentrant returns (uint256 amount) {
        amount = _takeCredit(msg.sender);
        emit Withdrawn(msg.sender, to, amount);
        _send(to, amount);
    }

    /// @inheritdoc IOpmlOracle
    function withdrawFor(address account) external nonReentrant returns (uint256 amount) {
        amount = _takeCredit(account);
        emit Withdrawn(account, account, amount);
        _send(account, amount);
    }

    /// @inheritdoc IOpmlOracle
    function withdrawForMany(address[] calldata accounts) external nonReentrant returns (uint256 total) {
        if (accounts.length > MAX_WITHDRAW_BATCH) revert OracleBatchSize(accounts.length, MAX_WITHDRAW_BATCH);
        for (uint256 i; i < accounts.length; ++i) {
            address account = accounts[i];
            uint256 amount = _credits[account];
            if (amount == 0) continue;
            _credits[account] = 0;
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, ) = account.call{value: amount, gas: WITHDRAW_GAS}("");
            if (ok) {
                total += amount;
                emit Withdrawn(account, account, amount);
            } else {
                _credits[account] = amount;
                emit WithdrawFailed(account, amount);
            }
        }
    }

    // ------------------------------------------------------------------ operators

    /// @inheritdoc IOpmlOracle
    function stake() external payable {
        OperatorRecord memory op = _operators[msg.sender];
        if (op.exiting) revert OracleOperatorExiting(msg.sender);
        OperatorHistory memory history = _histories[msg.sender];
        uint256 total = uint256(op.stake) - history.slashed + msg.value;
        uint256 minStake = _staking.minStake;
        if (total < minStake) revert OracleStakeTooLow(total, minStake);
        _changeWeight(msg.sender, op, history, total, false);
        emit Staked(msg.sender, total);
    }

    /// @inheritdoc IOpmlOracle
    function optIn(uint256 modelId) external {
        OperatorRecord storage op = _operators[msg.sender];
        uint256 minStake = _staking.minStake;
        if (op.stake < minStake) revert OracleStakeTooLow(op.stake, minStake);
        if (op.exiting) revert OracleOperatorExiting(msg.sender);
        if (registry.isFrozen(modelId)) revert OracleModelFrozen(modelId);
        PackedMember[] storage list = _members[modelId];
        uint256 indexPlusOne = _memberIndex[modelId][msg.sender];
        if (indexPlusOne != 0) {
            uint256 leftAt = list[indexPlusOne - 1].leftAt();
            if (leftAt == 0) revert OracleAlreadyOptedIn(msg.sender, modelId);
            uint256 retryAt = leftAt + _settings.maxResponseWindow;
            if (block.timestamp < retryAt) revert OracleMembershipChangePending(msg.sender, modelId, retryAt);
        }
        if (indexPlusOne != 0 || list.length >= MAX_OPERATORS_PER_MODEL) _pruneMembers(modelId);
        if (list.length >= MAX_OPERATORS_PER_MODEL) revert OracleTooManyOperators(modelId, MAX_OPERATORS_PER_MODEL);
        list.push(PackedMemberLib.pack(msg.sender, block.timestamp));
        _memberIndex[modelId][msg.sender] = list.length;
        op.models += 1;
        emit OptedIn(msg.sender, modelId, true);
    }

    /// @inheritdoc IOpmlOracle
    function optOut(uint256 modelId) external {
        uint256 indexPlusOne = _memberIndex[modelId][msg.sender];
        if (indexPlusOne == 0) revert OracleNotOptedIn(msg.sender, modelId);
        PackedMember[] storage list = _members[modelId];
        PackedMember member = list[indexPlusOne - 1];
        if (member.leftAt() != 0) revert OracleNotOptedIn(msg.sender, modelId);
        // It stays in the list (draws of earlier attempts still count it) until pruned.
        list[indexPlusOne - 1] = member.leaving(block.timestamp);
        _operators[msg.sender].models -= 1;
        emit OptedIn(msg.sender, modelId, false);
    }

    /// @inheritdoc IOpmlOracle
    function requestExit() external {
        OperatorRecord memory op = _operators[msg.sender];
        if (op.stake == 0) revert OracleNotOperator(msg.sender);
        if (op.exiting) revert OracleOperatorExiting(msg.sender);
        OperatorHistory memory history = _histories[msg.sender];
        _changeWeight(msg.sender, op, history, uint256(op.stake) - history.slashed, true);
        uint40 exitAt = uint40(block.timestamp + _settings.unstakeDelay);
        _histories[msg.sender].exitAt = exitAt;
        emit ExitRequested(msg.sender, exitAt);
    }

    /// @inheritdoc IOpmlOracle
    function withdrawStake() external nonReentrant {
        OperatorRecord memory op = _operators[msg.sender];
        if (!op.exiting) revert OracleNotExiting(msg.sender);
        OperatorHistory memory history = _histories[msg.sender];
        // Also wait until no attempt can still draw on the weight it had before exiting.
        uint256 unlocksAt = _max(history.exitAt, uint256(op.changedAt) + _settings.maxResponseWindow);
        uint256 locked = uint256(op.locked) - history.slashed;
        if (locked != 0 || block.timestamp < unlocksAt) revert OracleStakeLocked(msg.sender, locked, unlocksAt);
        if (op.models != 0) revert OracleStillOptedIn(msg.sender, op.models);
        uint256 amount = uint256(op.stake) - history.slashed;
        delete _operators[msg.sender];
        delete _histories[msg.sender];
        emit StakeWithdrawn(msg.sender, amount);
        _send(msg.sender, amount);
    }

    // ------------------------------------------------------------------ dispute game

    /// @inheritdoc IOpmlOracle
    function openChallenge(
        uint256 requestId,
        RequestParams calldata params,
        bytes32 resultId,
        Posted calldata posted
    ) external onlyGame {
        uint256 slot = _pendingSlot(requestId, params, resultId, posted);
        if (block.timestamp >= posted.challengeDeadline) {
            revert OracleChallengeWindowClosed(requestId, posted.challengeDeadline);
        }
        if (slot & DISPUTED == 0) _requests[requestId] = slot | DISPUTED;
        emit ChallengeOpened(requestId, resultId);
    }

    /// @inheritdoc IOpmlOracle
    function closeChallenge(
        uint256 requestId,
        RequestParams calldata params,
        bytes32 resultId,
        Posted calldata posted
    ) external onlyGame returns (bool closed) {
        uint256 slot = _requests[requestId];
        if (!_isPending(slot, _postedCommitment(keccak256(abi.encode(params)), resultId, posted))) return false;
        if (slot & DISPUTED == 0) return false;
        _requests[requestId] = slot & ~DISPUTED;
        emit ChallengeClosed(requestId, resultId);
        return true;
    }

    /// @inheritdoc IOpmlOracle
    function strike(
        uint256 requestId,
        RequestParams calldata params,
        bytes32 resultId,
        Posted calldata posted
    ) external onlyGame nonReentrant returns (uint256 bond) {
        uint256 slot = _pendingSlot(requestId, params, resultId, posted);
        bond = params.resultBond;
        _slash(posted.operator, bond);
        _struck[requestId][posted.operator] = true;
        if (posted.attempt == type(uint8).max) {
            // No attempt is left: the request ends here, refunded.
            emit ResultStruck(requestId, resultId, posted.operator, bond, Attempt(0, 0, 0));
            _cancel(requestId, slot, params);
        } else {
            Attempt memory reopened = Attempt(
                posted.attempt + 1,
                uint32(block.number),
                uint40(block.timestamp + params.timeout)
            );
            _requests[requestId] = _slot(
                _requestedCommitment(keccak256(abi.encode(params)), reopened),
                RequestState.Requested
            );
            emit ResultStruck(requestId, resultId, posted.operator, bond, reopened);
        }
        _send(msg.sender, bond);
    }

    // ------------------------------------------------------------------ owner

    /// @inheritdoc IOpmlOracle
    function setConfig(Config calldata config_) external onlyOwner {
        _setConfig(config_);
    }

    /// @inheritdoc IOpmlOracle
    function setDisputeGame(address game) external onlyOwner {
        address current = _settings.game;
        if (current != address(0)) revert OracleDisputeGameAlreadySet(current);
        if (game == address(0)) revert OracleInvalidConfig();
        _settings.game = game;
        emit DisputeGameSet(game);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IAIOracle
    function estimateFee(uint256 modelId, uint256 gasLimit) external view returns (uint256) {
        return registry.requestTerms(modelId).fee + gasLimit * _max(tx.gasprice, _terms.minCallbackGasPrice);
    }

    /// @inheritdoc IAIOracle
    function isFinalized(uint256 requestId) external view returns (bool) {
        return _state(_requests[requestId]) == RequestState.Finalized;
    }

    /// @inheritdoc IOpmlOracle
    function statusOf(uint256 requestId) external view returns (Status memory) {
        uint256 slot = _requests[requestId];
        return Status(_state(slot), slot & DISPUTED != 0, bytes32(slot & COMMITMENT_MASK));
    }

    /// @inheritdoc IOpmlOracle
    function isCurrentResult(
        uint256 requestId,
        RequestParams calldata params,
        Posted calldata posted,
        bytes calldata output,
        bytes32 stateRoot
    ) external view returns (bool) {
        uint256 slot = _requests[requestId];
        RequestState state = _state(slot);
        if (state != RequestState.Submitted && state != RequestState.Finalized) return false;
        bytes32 resultId = _resultId(requestId, posted.operator, output, stateRoot, posted.attempt);
        return _matches(slot, _postedCommitment(keccak256(abi.encode(params)), resultId, posted));
    }

    /// @inheritdoc IOpmlOracle
    function isPendingResult(
        uint256 requestId,
        RequestParams calldata params,
        bytes32 resultId,
        Posted calldata posted
    ) external view returns (bool) {
        return _isPending(_requests[requestId], _postedCommitment(keccak256(abi.encode(params)), resultId, posted));
    }

    /// @inheritdoc IOpmlOracle
    function primaryOf(
        uint256 requestId,
        RequestParams calldata params,
        Attempt calldata attempt
    ) external view returns (address) {
        _openSlot(requestId, params, attempt);
        // The draw grants the response window and nothing after it.
        if (block.timestamp >= _exclusiveUntil(params, attempt)) return address(0);
        return _draw(requestId, params, attempt);
    }

    /// @inheritdoc IOpmlOracle
    function modelLedgerOf(uint256 modelId) external view returns (ModelLedger memory) {
        return _ledgers[modelId];
    }

    /// @inheritdoc IOpmlOracle
    function operatorOf(address operator) external view returns (Operator memory) {
        OperatorRecord memory op = _operators[operator];
        OperatorHistory memory history = _histories[operator];
        return
            Operator({
                stake: op.stake - history.slashed,
                locked: op.locked - history.slashed,
                exitAt: op.exiting ? history.exitAt : 0,
                models: op.models
            });
    }

    /// @inheritdoc IOpmlOracle
    function membersOf(uint256 modelId) external view returns (Member[] memory members) {
        PackedMember[] storage list = _members[modelId];
        members = new Member[](list.length);
        for (uint256 i; i < list.length; ++i) {
            PackedMember m = list[i];
            members[i] = Member(m.operator(), uint40(m.joinedAt()), uint40(m.leftAt()));
        }
    }

    /// @inheritdoc IOpmlOracle
    function drawWeightAt(address operator, uint256 timestamp) external view returns (uint256) {
        return _weightAt(operator, timestamp);
    }

    /// @inheritdoc IOpmlOracle
    function creditOf(address account) external view returns (uint256) {
        return _credits[account];
    }

    /// @inheritdoc IOpmlOracle
    function config() external view returns (Config memory c) {
        Terms storage t = _terms;
        (c.resultBond, c.responseWindow, c.challengeWindow) = (t.resultBond, t.responseWindow, t.challengeWindow);
        (c.timeout, c.minCallbackGasPrice) = (t.timeout, t.minCallbackGasPrice);
        (c.minStake, c.treasury, c.unstakeDelay) = (_staking.minStake, _staking.treasury, _settings.unstakeDelay);
    }

    /// @inheritdoc IOpmlOracle
    function requestCount() external view returns (uint256) {
        return _terms.requestCount;
    }

    /// @notice The dispute game (zero until set).
    /// @return The game.
    function disputeGame() external view returns (address) {
        return _settings.game;
    }

    // ------------------------------------------------------------------ internal

    function _submit(
        uint256 requestId,
        RequestParams calldata params,
        Attempt calldata attempt,
        bytes calldata output,
        bytes32 stateRoot
    ) private returns (bytes32 resultId) {
        (, bytes32 paramsHash) = _openSlot(requestId, params, attempt);
        if (block.timestamp >= attempt.deadline) revert OracleDeadlinePassed(requestId, attempt.deadline);
        if (output.length != params.outputLength) revert OracleOutputLength(output.length, params.outputLength);

        uint96 locked = _checkSubmitter(requestId, params, attempt);

        resultId = _resultId(requestId, msg.sender, output, stateRoot, attempt.index);
        Posted memory posted = Posted(msg.sender, attempt.index, uint40(block.timestamp + params.challengeWindow));
        _requests[requestId] = _slot(_postedCommitment(paramsHash, resultId, posted), RequestState.Submitted);
        _operators[msg.sender].locked = locked + params.resultBond;
        emit ResultSubmitted(
            requestId,
            resultId,
            msg.sender,
            attempt.index,
            output,
            stateRoot,
            posted.challengeDeadline
        );
    }

    /// @dev Checks that the caller may answer now (staked, not exiting, free stake for the bond; the
    /// drawn primary during the response window, else opted in and not struck); returns its locked stake.
    function _checkSubmitter(
        uint256 requestId,
        RequestParams calldata params,
        Attempt calldata attempt
    ) private view returns (uint96) {
        OperatorRecord memory op = _operators[msg.sender];
        if (op.stake == 0) revert OracleNotOperator(msg.sender);
        if (op.exiting) revert OracleOperatorExiting(msg.sender);
        uint256 free = op.stake - op.locked;
        if (free < params.resultBond) revert OracleInsufficientFreeStake(msg.sender, free, params.resultBond);

        // The drawn primary is a member and not struck by construction; anyone else is checked, and
        // during the response window may not answer at all.
        uint256 exclusiveUntil = _exclusiveUntil(params, attempt);
        bool inWindow = block.timestamp < exclusiveUntil;
        bool drawReady = block.number > uint256(attempt.drawBlock) + 1;
        address primary = inWindow && drawReady ? _draw(requestId, params, attempt) : address(0);
        if (primary != msg.sender) {
            if (!_isMember(params.modelId, msg.sender)) revert OracleNotOptedIn(msg.sender, params.modelId);
            if (attempt.index != 0 && _struck[requestId][msg.sender]) {
                revert OracleOperatorExcluded(msg.sender, requestId);
            }
            if (inWindow && !drawReady) revert OracleDrawNotReady(requestId, uint256(attempt.drawBlock) + 2);
            if (primary != address(0)) revert OracleNotPrimary(msg.sender, primary, exclusiveUntil);
        }
        return op.locked;
    }

    function _finalize(
        uint256 requestId,
        RequestParams calldata params,
        Posted calldata posted,
        bytes calldata output,
        bytes32 stateRoot,
        bytes calldata callbackData
    ) private {
        bytes32 resultId = _resultId(requestId, posted.operator, output, stateRoot, posted.attempt);
        uint256 slot = _pendingSlot(requestId, params, resultId, posted);
        if (keccak256(callbackData) != params.callbackDataHash) revert OracleParamsMismatch(requestId);
        if (block.timestamp < posted.challengeDeadline) {
            revert OracleDeadlineNotReached(requestId, posted.challengeDeadline);
        }
        if (slot & DISPUTED != 0) revert OracleResultDisputed(requestId);

        _requests[requestId] = (slot & COMMITMENT_MASK) | uint256(RequestState.Finalized);
        _payOut(requestId, resultId, params, posted.operator, output, callbackData);
    }

    /// @dev Releases the bond, splits the fee, runs the callback and settles the escrow.
    function _payOut(
        uint256 requestId,
        bytes32 resultId,
        RequestParams calldata params,
        address operator,
        bytes calldata output,
        bytes calldata callbackData
    ) private {
        _operators[operator].locked -= params.resultBond;
        uint256 holders = _splitFee(params, operator);
        if (holders != 0) IModelToken(params.token).depositRevenue{value: holders}();

        (bool ok, uint256 used) = _callback(requestId, params, output, callbackData);
        // Priced at no more than the requester escrowed at, whatever tip the finalizer paid.
        uint256 escrowPrice = params.gasLimit == 0 ? 0 : params.escrow / params.gasLimit;
        uint256 reimbursed = (used + CALLBACK_OVERHEAD_GAS) * (tx.gasprice < escrowPrice ? tx.gasprice : escrowPrice);
        if (reimbursed > params.escrow) reimbursed = params.escrow;
        if (reimbursed != 0) _credits[msg.sender] += reimbursed;
        if (params.escrow > reimbursed) _credits[params.requester] += params.escrow - reimbursed;
        emit Finalized(requestId, resultId, ok, used, reimbursed);
    }

    /// @dev Accrues the developer and protocol shares on the model's ledger (reverting if the model
    /// is frozen) and credits the operator's; returns the holders' share. The protocol takes the
    /// rounding remainder so the parts sum exactly to the fee.
    function _splitFee(RequestParams calldata params, address operator) private returns (uint256 holders) {
        ModelLedger storage ledger = _ledgers[params.modelId];
        ModelLedger memory owed = ledger;
        if (owed.frozen) revert OracleModelFrozen(params.modelId);
        uint256 fee = params.fee;
        uint64 split = params.split;
        holders = (fee * PackedSplit.holdersBps(split)) / BPS;
        uint256 developerShare = (fee * PackedSplit.developerBps(split)) / BPS;
        uint256 operatorShare = (fee * PackedSplit.operatorBps(split)) / BPS;
        ledger.developerOwed = owed.developerOwed + uint120(developerShare);
        ledger.protocolOwed = owed.protocolOwed + uint120(fee - holders - developerShare - operatorShare);
        _credits[operator] += operatorShare;
    }

    /// @dev Calls the consumer with exactly `gasLimit` gas, copying no return data.
    function _callback(
        uint256 requestId,
        RequestParams calldata params,
        bytes calldata output,
        bytes calldata callbackData
    ) private returns (bool ok, uint256 used) {
        if (params.callbackContract == address(0)) return (true, 0);
        uint256 gasLimit = params.gasLimit;
        bytes memory data = abi.encodeCall(
            IAIOracleCallbackReceiver.aiOracleCallback,
            (requestId, output, callbackData)
        );
        address target = params.callbackContract;
        // 63/64 rule, checked at the call, after the calldata's memory expansion: the callee really
        // gets gasLimit (the reserve covers the call's own cost) and we keep enough to finish.
        uint256 needed = (gasLimit * 64) / 63 + CALLBACK_RESERVE_GAS;
        uint256 before = gasleft();
        if (before < needed) revert OracleInsufficientCallbackGas(before, needed);
        // Assembly: a call that copies no return data (a consumer cannot grief us with a huge return).
        assembly ("memory-safe") {
            ok := call(gasLimit, target, 0, add(data, 0x20), mload(data), 0, 0)
        }
        used = before - gasleft();
        if (used > gasLimit) used = gasLimit;
    }

    function _cancel(uint256 requestId, uint256 slot, RequestParams calldata params) private {
        _requests[requestId] = (slot & COMMITMENT_MASK) | uint256(RequestState.Cancelled);
        uint256 refund = uint256(params.fee) + params.escrow;
        _credits[params.requester] += refund;
        emit Cancelled(requestId, refund);
    }

    /// @dev Splits what was paid above `fee` into the callback escrow and the excess credited back.
    /// The escrow's price per gas is what was paid for, up to this transaction's own gas price (the
    /// finalizer is reimbursed at no more than that), and at least `minPrice`.
    function _escrow(
        uint256 fee,
        uint256 gasLimit,
        uint256 minPrice
    ) private view returns (uint256 escrow, uint256 excess) {
        uint256 required = fee + gasLimit * minPrice;
        if (msg.value < required) revert OracleInsufficientFee(msg.value, required);
        uint256 budget = msg.value - fee;
        escrow = gasLimit * _max(tx.gasprice, minPrice);
        if (escrow > budget) escrow = budget;
        excess = budget - escrow;
    }

    function _takeCredit(address account) private returns (uint256 amount) {
        amount = _credits[account];
        if (amount == 0) revert OracleNothingToWithdraw(account);
        _credits[account] = 0;
    }

    /// @dev Applies a change of `operator`'s draw weight (new stake, exiting) now, folding in its
    /// slashed bonds. The weight it had until now is kept for attempts opened up to now; that value
    /// may be replaced only once no attempt can still draw on the one before it.
    function _changeWeight(
        address operator,
        OperatorRecord memory op,
        OperatorHistory memory history,
        uint256 newStake,
        bool exiting
    ) private {
        uint256 previous = op.exiting ? 0 : op.stake;
        // A change that leaves the weight as it is (a slash folded in while exiting) changes no draw.
        if (block.timestamp != op.changedAt && previous != (exiting ? 0 : newStake)) {
            uint256 retryAt = uint256(op.changedAt) + _settings.maxResponseWindow;
            if (block.timestamp < retryAt && history.weightBefore != previous) {
                revert OracleWeightChangePending(operator, retryAt);
            }
            history.weightBefore = uint96(previous);
            op.changedAt = uint40(block.timestamp);
        }
        op.locked -= history.slashed;
        history.slashed = 0;
        op.stake = newStake.toUint96();
        op.exiting = exiting;
        _operators[operator] = op;
        _histories[operator] = history;
    }

    /// @dev Takes `bond` from `operator`'s stake: at once as a draw-weight change when no open window
    /// depends on its current weight, else kept in `slashed` (still counted in its stake and locked
    /// amount, so pending draws do not move) until its next weight change folds it in.
    function _slash(address operator, uint256 bond) private {
        OperatorRecord memory op = _operators[operator];
        OperatorHistory memory history = _histories[operator];
        history.slashed += uint96(bond);
        if (block.timestamp >= uint256(op.changedAt) + _settings.maxResponseWindow) {
            _changeWeight(operator, op, history, uint256(op.stake) - history.slashed, op.exiting);
        } else {
            _histories[operator] = history;
        }
    }

    /// @dev `operator`'s draw weight for an attempt opened at `timestamp`.
    function _weightAt(address operator, uint256 timestamp) private view returns (uint256) {
        OperatorRecord memory op = _operators[operator];
        if (timestamp > op.changedAt) return op.exiting ? 0 : op.stake;
        return _histories[operator].weightBefore;
    }

    /// @dev When the attempt's response window (the drawn primary's alone) ends.
    function _exclusiveUntil(RequestParams calldata params, Attempt calldata attempt) private pure returns (uint256) {
        return uint256(attempt.deadline) - params.timeout + params.responseWindow;
    }

    /// @dev Whether `operator` is opted in to `modelId` now.
    function _isMember(uint256 modelId, address operator) private view returns (bool) {
        uint256 indexPlusOne = _memberIndex[modelId][operator];
        return indexPlusOne != 0 && _members[modelId][indexPlusOne - 1].leftAt() == 0;
    }

    /// @dev Drops the memberships no attempt can draw on any more (left longer than the longest
    /// response window ago), keeping the others in order so that pending draws do not change.
    function _pruneMembers(uint256 modelId) private {
        PackedMember[] storage list = _members[modelId];
        uint256 horizon = _settings.maxResponseWindow;
        uint256 n = list.length;
        uint256 kept;
        for (uint256 i; i < n; ++i) {
            PackedMember m = list[i];
            address member = m.operator();
            uint256 leftAt = m.leftAt();
            if (leftAt == 0) {
                // An exiting operator weighs nothing in any draw still open: it leaves the model.
                OperatorRecord storage op = _operators[member];
                if (op.exiting && uint256(op.changedAt) + horizon <= block.timestamp) {
                    op.models -= 1;
                    leftAt = op.changedAt;
                }
            }
            if (leftAt != 0 && leftAt + horizon <= block.timestamp) {
                delete _memberIndex[modelId][member];
                continue;
            }
            if (kept != i) {
                list[kept] = m;
                _memberIndex[modelId][member] = kept + 1;
            }
            ++kept;
        }
        for (uint256 i = n; i > kept; --i) list.pop();
    }

    /// @dev The slot of a request open for answers in `attempt`, and its params hash; reverts otherwise.
    function _openSlot(
        uint256 requestId,
        RequestParams calldata params,
        Attempt calldata attempt
    ) private view returns (uint256 slot, bytes32 paramsHash) {
        slot = _requests[requestId];
        _expect(requestId, slot, RequestState.Requested);
        paramsHash = keccak256(abi.encode(params));
        if (!_matches(slot, _requestedCommitment(paramsHash, attempt))) revert OracleParamsMismatch(requestId);
    }

    /// @dev The slot of a request whose pending result is `resultId` as `posted`; reverts otherwise.
    function _pendingSlot(
        uint256 requestId,
        RequestParams calldata params,
        bytes32 resultId,
        Posted calldata posted
    ) private view returns (uint256 slot) {
        slot = _requests[requestId];
        _expect(requestId, slot, RequestState.Submitted);
        if (!_matches(slot, _postedCommitment(keccak256(abi.encode(params)), resultId, posted))) {
            revert OracleParamsMismatch(requestId);
        }
    }

    /// @dev Stake-weighted draw among the model's members at the attempt's opening time (joined
    /// before it, not left before it, not struck on this request), with their draw weights then,
    /// seeded by the hash of the block after the attempt's draw block; zero when that hash is not
    /// available (not mined yet, or older than 256 blocks) or nobody is eligible.
    function _draw(
        uint256 requestId,
        RequestParams calldata params,
        Attempt calldata attempt
    ) private view returns (address) {
        bytes32 seed = blockhash(uint256(attempt.drawBlock) + 1);
        if (seed == bytes32(0)) return address(0);
        uint256 openedAt = uint256(attempt.deadline) - params.timeout;
        PackedMember[] storage list = _members[params.modelId];
        uint256 n = list.length;
        uint256[] memory weights = new uint256[](n);
        uint256 total;
        for (uint256 i; i < n; ++i) {
            PackedMember m = list[i];
            if (!m.countsAt(openedAt)) continue;
            address candidate = m.operator();
            if (attempt.index != 0 && _struck[requestId][candidate]) continue;
            uint256 weight = _weightAt(candidate, openedAt);
            weights[i] = weight;
            total += weight;
        }
        if (total == 0) return address(0);
        uint256 r = uint256(keccak256(abi.encode(seed, requestId, attempt.index))) % total;
        for (uint256 i; i < n; ++i) {
            if (r < weights[i]) return list[i].operator();
            r -= weights[i];
        }
        return address(0);
    }

    function _resultId(
        uint256 requestId,
        address operator,
        bytes calldata output,
        bytes32 stateRoot,
        uint8 attempt
    ) private pure returns (bytes32) {
        return keccak256(abi.encode(requestId, operator, keccak256(output), stateRoot, attempt));
    }

    function _requestedCommitment(bytes32 paramsHash, Attempt memory attempt) private pure returns (bytes32) {
        return keccak256(abi.encode(paramsHash, attempt));
    }

    function _postedCommitment(
        bytes32 paramsHash,
        bytes32 resultId,
        Posted memory posted
    ) private pure returns (bytes32) {
        return keccak256(abi.encode(paramsHash, resultId, posted));
    }

    /// @dev A fresh slot: the commitment's top 240 bits, not disputed, `state`.
    function _slot(bytes32 commitment, RequestState state) private pure returns (uint256) {
        return (uint256(commitment) & COMMITMENT_MASK) | uint256(state);
    }

    function _matches(uint256 slot, bytes32 commitment) private pure returns (bool) {
        return (slot ^ uint256(commitment)) & COMMITMENT_MASK == 0;
    }

    function _isPending(uint256 slot, bytes32 commitment) private pure returns (bool) {
        return _state(slot) == RequestState.Submitted && _matches(slot, commitment);
    }

    function _state(uint256 slot) private pure returns (RequestState) {
        return RequestState(uint8(slot));
    }

    function _expect(uint256 requestId, uint256 slot, RequestState state) private pure {
        RequestState actual = _state(slot);
        if (actual != state) revert OracleWrongState(requestId, actual);
    }

    function _max(uint256 a, uint256 b) private pure returns (uint256) {
        return a > b ? a : b;
    }

    function _setConfig(Config memory c) private {
        if (
            c.minStake == 0 ||
            c.resultBond == 0 ||
            c.resultBond > c.minStake ||
            c.resultBond > type(uint80).max ||
            c.responseWindow == 0 ||
            c.responseWindow > c.timeout ||
            c.timeout > MAX_TIMEOUT ||
            c.challengeWindow < MIN_CHALLENGE_WINDOW ||
            c.challengeWindow > MAX_CHALLENGE_WINDOW ||
            c.unstakeDelay < c.challengeWindow ||
            c.unstakeDelay > MAX_UNSTAKE_DELAY ||
            c.treasury == address(0)
        ) revert OracleInvalidConfig();
        Terms storage t = _terms;
        t.resultBond = uint80(c.resultBond);
        t.responseWindow = c.responseWindow;
        t.challengeWindow = c.challengeWindow;
        t.timeout = c.timeout;
        t.minCallbackGasPrice = c.minCallbackGasPrice;
        _staking = Staking(c.minStake, c.treasury);
        Settings storage settings = _settings;
        settings.unstakeDelay = c.unstakeDelay;
        // Only ever grows: requests made under a longer window may still be drawing.
        if (c.responseWindow > settings.maxResponseWindow) settings.maxResponseWindow = c.responseWindow;
        emit ConfigChanged(c);
    }

    function _send(address to, uint256 amount) private {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = to.call{value: amount}("");
        if (!ok) revert OracleRefundFailed(to, amount);
    }
}
