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
import {PackedSplit} from "../libraries/PackedSplit.sol";

/// @title AIOracle
/// @notice The opML AI oracle: ORA-compatible requests, staked operators drawn per request, results
/// final after a challenge window unless the dispute game strikes them, and the fee split between
/// model token holders, developer, operator and protocol.
/// @dev Guarantees:
/// - Per request, storage is one slot: its state, open games and the top 240 bits of its commitment,
///   keccak256(abi.encode(paramsHash, attempt)) while requested and keccak256(abi.encode(paramsHash,
///   resultId, posted)) once a result is posted. Terms, attempt (draw block, deadline) and posting
///   (operator, challenge deadline) travel in events; every call that acts on a request re-supplies
///   them and they are checked against the slot. Terms (fee, split, windows, bond, escrow) are fixed
///   at request time: a parameter change never alters a pending request.
/// - `resultId = keccak256(abi.encode(requestId, operator, keccak256(output), stateRoot, attempt))`
///   binds a result to its operator and attempt, so a copied result earns nothing.
/// - Assignment: the primary operator is drawn, stake-weighted, among the model's opted-in operators
///   (not exiting, not struck on this request) from blockhash(drawBlock + 1), evaluated at submit; it
///   alone may answer during the response window, then any opted-in operator may.
/// - A result finalizes only after its challenge window with no game open. Every payout is a pull
///   credit (`withdraw`), so no recipient can block finalization; the callback runs with exactly the
///   escrowed gas limit (63/64 rule checked), its return data is never copied, and its failure is
///   recorded, never blocking. The finalizer is reimbursed for the callback gas (capped at the
///   escrow); the rest of the escrow goes back to the requester.
/// - The developer and protocol shares accrue per model (one slot, which also holds the oracle's copy
///   of the registry's frozen flag) and are swept into credits by anyone; holders' shares go straight
///   into the model token, the operator's into its credits.
/// - ETH held = Σ stakes + Σ credits + Σ model fees owed + Σ (fee + escrow) of unfinalized requests.
/// - Owner powers: bounded parameter setters for future requests, and setting the dispute game once.
contract AIOracle is IOpmlOracle, Ownable2Step, ReentrancyGuardTransient {
    using SafeCast for uint256;

    /// @notice Most results in one `submitBatch` / `finalizeBatch`.
    uint256 public constant MAX_BATCH = 32;
    /// @notice Most operators opted in to one model (bounds the draw).
    uint256 public constant MAX_OPERATORS_PER_MODEL = 32;
    /// @notice Most callback gas a request may ask for.
    uint256 public constant MAX_CALLBACK_GAS = 5_000_000;
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
    /// @dev A request's slot: state in bits 0–7, open games in bits 8–15, commitment in bits 16–255.
    uint256 private constant GAME = 1 << 8;
    uint256 private constant COMMITMENT_MASK = ~uint256(0xffff);

    IModelRegistry public immutable registry;

    /// @dev Everything a request reads from the config, and the request counter: one slot.
    struct Terms {
        uint80 resultBond;
        uint32 responseWindow;
        uint32 challengeWindow;
        uint32 timeout;
        uint32 unstakeDelay;
        uint48 requestCount;
    }

    /// @dev The rest of the config.
    struct Staking {
        uint96 minStake;
        address treasury;
    }

    Terms private _terms;
    Staking private _staking;
    address private _game;
    mapping(uint256 requestId => uint256 slot) private _requests;
    mapping(address operator => Operator) private _operators;
    mapping(uint256 modelId => address[]) private _modelOperators;
    mapping(uint256 modelId => mapping(address operator => uint256 indexPlusOne)) private _operatorIndex;
    mapping(uint256 requestId => mapping(address operator => bool)) private _struck;
    mapping(uint256 modelId => ModelLedger) private _ledgers;
    mapping(address account => uint256) private _credits;

    modifier onlyGame() {
        if (msg.sender != _game || msg.sender == address(0)) revert OracleNotDisputeGame(msg.sender);
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
        uint256 escrow = uint256(gasLimit) * tx.gasprice;
        uint256 required = t.fee + escrow;
        if (msg.value < required) revert OracleInsufficientFee(msg.value, required);

        Terms memory c = _terms;
        RequestParams memory params = RequestParams({
            requester: msg.sender,
            modelId: modelId.toUint64(),
            callbackContract: callbackContract,
            gasLimit: gasLimit,
            inputHash: keccak256(input),
            callbackDataHash: keccak256(callbackData),
            token: t.token,
            fee: t.fee,
            developer: t.developer,
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

        if (msg.value > required) _send(msg.sender, msg.value - required);
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
            revert OracleNotCancellable(requestId);
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
        if (!registry.isFrozen(params.modelId)) revert OracleNotCancellable(requestId);
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
        amount = _credits[msg.sender];
        if (amount == 0) revert OracleNothingToWithdraw(msg.sender);
        _credits[msg.sender] = 0;
        emit Withdrawn(msg.sender, to, amount);
        _send(to, amount);
    }

    // ------------------------------------------------------------------ operators

    /// @inheritdoc IOpmlOracle
    function stake() external payable {
        Operator storage op = _operators[msg.sender];
        if (op.exitAt != 0) revert OracleOperatorExiting(msg.sender);
        uint256 total = uint256(op.stake) + msg.value;
        uint256 minStake = _staking.minStake;
        if (total < minStake) revert OracleStakeTooLow(total, minStake);
        op.stake = total.toUint96();
        emit Staked(msg.sender, total);
    }

    /// @inheritdoc IOpmlOracle
    function optIn(uint256 modelId) external {
        Operator storage op = _operators[msg.sender];
        uint256 minStake = _staking.minStake;
        if (op.stake < minStake) revert OracleStakeTooLow(op.stake, minStake);
        if (op.exitAt != 0) revert OracleOperatorExiting(msg.sender);
        if (registry.isFrozen(modelId)) revert OracleModelFrozen(modelId);
        if (_operatorIndex[modelId][msg.sender] != 0) revert OracleAlreadyOptedIn(msg.sender, modelId);
        address[] storage list = _modelOperators[modelId];
        if (list.length >= MAX_OPERATORS_PER_MODEL) revert OracleTooManyOperators(modelId, MAX_OPERATORS_PER_MODEL);
        list.push(msg.sender);
        _operatorIndex[modelId][msg.sender] = list.length;
        op.models += 1;
        emit OptedIn(msg.sender, modelId, true);
    }

    /// @inheritdoc IOpmlOracle
    function optOut(uint256 modelId) external {
        uint256 indexPlusOne = _operatorIndex[modelId][msg.sender];
        if (indexPlusOne == 0) revert OracleNotOptedIn(msg.sender, modelId);
        address[] storage list = _modelOperators[modelId];
        address last = list[list.length - 1];
        list[indexPlusOne - 1] = last;
        _operatorIndex[modelId][last] = indexPlusOne;
        list.pop();
        delete _operatorIndex[modelId][msg.sender];
        _operators[msg.sender].models -= 1;
        emit OptedIn(msg.sender, modelId, false);
    }

    /// @inheritdoc IOpmlOracle
    function requestExit() external {
        Operator storage op = _operators[msg.sender];
        if (op.stake == 0) revert OracleNotOperator(msg.sender);
        if (op.exitAt != 0) revert OracleOperatorExiting(msg.sender);
        uint40 exitAt = uint40(block.timestamp + _terms.unstakeDelay);
        op.exitAt = exitAt;
        emit ExitRequested(msg.sender, exitAt);
    }

    /// @inheritdoc IOpmlOracle
    function withdrawStake() external nonReentrant {
        Operator memory op = _operators[msg.sender];
        if (op.exitAt == 0) revert OracleNotExiting(msg.sender);
        if (op.locked != 0 || block.timestamp < op.exitAt) revert OracleStakeLocked(msg.sender, op.locked, op.exitAt);
        if (op.models != 0) revert OracleStillOptedIn(msg.sender, op.models);
        delete _operators[msg.sender];
        emit StakeWithdrawn(msg.sender, op.stake);
        _send(msg.sender, op.stake);
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
        uint8 open = _openGames(slot);
        if (open == type(uint8).max) revert OracleTooManyGames(requestId);
        _requests[requestId] = slot + GAME;
        emit ChallengeOpened(requestId, resultId, open + 1);
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
        uint8 open = _openGames(slot);
        if (open == 0) return false;
        _requests[requestId] = slot - GAME;
        emit ChallengeClosed(requestId, resultId, open - 1);
        return true;
    }

    /// @inheritdoc IOpmlOracle
    function strike(
        uint256 requestId,
        RequestParams calldata params,
        bytes32 resultId,
        Posted calldata posted
    ) external onlyGame nonReentrant returns (uint256 bond) {
        _pendingSlot(requestId, params, resultId, posted);
        if (posted.attempt == type(uint8).max) revert OracleTooManyAttempts(requestId);
        bond = params.resultBond;
        Operator storage op = _operators[posted.operator];
        op.stake -= uint96(bond);
        op.locked -= uint96(bond);
        _struck[requestId][posted.operator] = true;
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
        _send(msg.sender, bond);
    }

    // ------------------------------------------------------------------ owner

    /// @inheritdoc IOpmlOracle
    function setConfig(Config calldata config_) external onlyOwner {
        _setConfig(config_);
    }

    /// @inheritdoc IOpmlOracle
    function setDisputeGame(address game) external onlyOwner {
        if (_game != address(0)) revert OracleDisputeGameAlreadySet(_game);
        if (game == address(0)) revert OracleInvalidConfig();
        _game = game;
        emit DisputeGameSet(game);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IAIOracle
    function estimateFee(uint256 modelId, uint256 gasLimit) external view returns (uint256) {
        return registry.requestTerms(modelId).fee + gasLimit * tx.gasprice;
    }

    /// @inheritdoc IAIOracle
    function isFinalized(uint256 requestId) external view returns (bool) {
        return _state(_requests[requestId]) == RequestState.Finalized;
    }

    /// @inheritdoc IOpmlOracle
    function statusOf(uint256 requestId) external view returns (Status memory) {
        uint256 slot = _requests[requestId];
        return Status(_state(slot), _openGames(slot), bytes32(slot & COMMITMENT_MASK));
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
        return _draw(requestId, params.modelId, attempt);
    }

    /// @inheritdoc IOpmlOracle
    function modelLedgerOf(uint256 modelId) external view returns (ModelLedger memory) {
        return _ledgers[modelId];
    }

    /// @inheritdoc IOpmlOracle
    function operatorOf(address operator) external view returns (Operator memory) {
        return _operators[operator];
    }

    /// @inheritdoc IOpmlOracle
    function operatorsOf(uint256 modelId) external view returns (address[] memory) {
        return _modelOperators[modelId];
    }

    /// @inheritdoc IOpmlOracle
    function creditOf(address account) external view returns (uint256) {
        return _credits[account];
    }

    /// @inheritdoc IOpmlOracle
    function config() external view returns (Config memory) {
        Terms memory t = _terms;
        Staking memory s = _staking;
        return
            Config({
                minStake: s.minStake,
                resultBond: t.resultBond,
                responseWindow: t.responseWindow,
                challengeWindow: t.challengeWindow,
                timeout: t.timeout,
                unstakeDelay: t.unstakeDelay,
                treasury: s.treasury
            });
    }

    /// @inheritdoc IOpmlOracle
    function requestCount() external view returns (uint256) {
        return _terms.requestCount;
    }

    /// @notice The dispute game (zero until set).
    /// @return The game.
    function disputeGame() external view returns (address) {
        return _game;
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
        Operator memory op = _operators[msg.sender];
        if (op.stake == 0) revert OracleNotOperator(msg.sender);
        if (op.exitAt != 0) revert OracleOperatorExiting(msg.sender);
        uint256 free = op.stake - op.locked;
        if (free < params.resultBond) revert OracleInsufficientFreeStake(msg.sender, free, params.resultBond);

        // The drawn primary is opted in and not struck by construction; anyone else is checked, and
        // during the response window may not answer at all.
        uint256 exclusiveUntil = uint256(attempt.deadline) - params.timeout + params.responseWindow;
        bool inWindow = block.timestamp < exclusiveUntil;
        bool drawReady = block.number > uint256(attempt.drawBlock) + 1;
        address primary = inWindow && drawReady ? _draw(requestId, params.modelId, attempt) : address(0);
        if (primary != msg.sender) {
            if (_operatorIndex[params.modelId][msg.sender] == 0) revert OracleNotOptedIn(msg.sender, params.modelId);
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
        uint8 open = _openGames(slot);
        if (open != 0) revert OracleGamesOpen(requestId, open);

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
        uint256 reimbursed = (used + CALLBACK_OVERHEAD_GAS) * tx.gasprice;
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
        // 63/64 rule: make sure the callee really gets gasLimit and we keep enough to finish.
        uint256 needed = (gasLimit * 64) / 63 + CALLBACK_RESERVE_GAS;
        if (gasleft() < needed) revert OracleInsufficientCallbackGas(gasleft(), needed);
        bytes memory data = abi.encodeCall(
            IAIOracleCallbackReceiver.aiOracleCallback,
            (requestId, output, callbackData)
        );
        address target = params.callbackContract;
        uint256 before = gasleft();
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

    /// @dev Stake-weighted draw among the model's operators that are not exiting and not struck on
    /// this request, seeded by the hash of the block after the attempt's draw block; zero when that
    /// hash is not available (not mined yet, or older than 256 blocks) or nobody is eligible.
    function _draw(uint256 requestId, uint256 modelId, Attempt calldata attempt) private view returns (address) {
        bytes32 seed = blockhash(uint256(attempt.drawBlock) + 1);
        if (seed == bytes32(0)) return address(0);
        address[] storage list = _modelOperators[modelId];
        uint256 n = list.length;
        uint256[] memory weights = new uint256[](n);
        uint256 total;
        for (uint256 i; i < n; ++i) {
            address candidate = list[i];
            Operator memory op = _operators[candidate];
            if (op.exitAt != 0 || (attempt.index != 0 && _struck[requestId][candidate])) continue;
            weights[i] = op.stake;
            total += op.stake;
        }
        if (total == 0) return address(0);
        uint256 r = uint256(keccak256(abi.encode(seed, requestId, attempt.index))) % total;
        for (uint256 i; i < n; ++i) {
            if (r < weights[i]) return list[i];
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

    /// @dev A fresh slot: the commitment's top 240 bits, no open games, `state`.
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

    function _openGames(uint256 slot) private pure returns (uint8) {
        return uint8(slot >> 8);
    }

    function _expect(uint256 requestId, uint256 slot, RequestState state) private pure {
        RequestState actual = _state(slot);
        if (actual != state) revert OracleWrongState(requestId, actual);
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
        t.unstakeDelay = c.unstakeDelay;
        _staking = Staking(c.minStake, c.treasury);
        emit ConfigChanged(c);
    }

    function _send(address to, uint256 amount) private {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = to.call{value: amount}("");
        if (!ok) revert OracleRefundFailed(to, amount);
    }
}
