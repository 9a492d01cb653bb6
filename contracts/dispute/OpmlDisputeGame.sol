// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IOpmlDisputeGame} from "../interfaces/IOpmlDisputeGame.sol";
import {IOpmlOracle} from "../interfaces/IOpmlOracle.sol";
import {CommitmentTrees} from "../libraries/CommitmentTrees.sol";
import {OpDescriptors} from "../libraries/OpDescriptors.sol";
import {TensorBytes} from "../libraries/TensorBytes.sol";
import {ArgmaxVerifier} from "./verifiers/ArgmaxVerifier.sol";
import {ElementwiseVerifier} from "./verifiers/ElementwiseVerifier.sol";
import {LayoutVerifier} from "./verifiers/LayoutVerifier.sol";
import {MatmulVerifier} from "./verifiers/MatmulVerifier.sol";

/// @title OpmlDisputeGame
/// @notice The opML dispute game of `docs/dispute-protocol.md` over the commitments of
/// `docs/runtime-spec.md`.
/// @dev Guarantees:
/// - Each challenge is its own game against the result's proposer; any number may run on one result
///   (counted here without bound; the oracle only keeps whether any is open), so no number of games
///   and no behaviour of other challengers can stop anyone from challenging inside the window.
/// - Every move names what it answers (lo, hi and the states or node it disputes), so a stale or
///   reorged move reverts instead of landing on something else.
/// - Chess clocks: each side spends its own budget; a side whose turn starts with less than the
///   inclusion delay left is topped up to it. `timeout` ends a game whose mover ran out.
/// - Outcomes are settled through the oracle. A lost result is struck and its bond pays every
///   challenger of it, whichever game ended first, its bond back and the gas it burned: every call it
///   made on its game, measured, at the block's base fee capped at `compensationGasPrice` (the part
///   of a gas price nobody gets back, so compensation is never a profit, whoever builds the blocks).
///   What the challengers are not owed is burned, so the operator always loses its whole bond and an
///   operator's friend recovers at most its own costs. Only when the challengers' costs exceed the
///   bond are they paid by their share of them. A lost challenge closes and its bond is split half to
///   the proposer, half burned. Games on a result cancelled otherwise refund their challenger.
///   Payouts are pull credits.
/// - ETH held = open challengers' bonds + what struck results still hold for their challengers +
///   credits.
contract OpmlDisputeGame is IOpmlDisputeGame, ReentrancyGuardTransient {
    /// @notice Where burned bonds go.
    address public constant BURN_ADDRESS = 0x000000000000000000000000000000000000dEaD;

    /// @notice Gas counted for a transaction's base cost (once per transaction).
    uint256 public constant TX_BASE_GAS = 21_000;
    /// @notice Gas counted per calldata byte (once per transaction, up to the call's ABI size).
    uint256 public constant CALLDATA_BYTE_GAS = 16;
    /// @notice Gas counted for recording a challenger's costs (after the measurement ends).
    uint256 public constant BOOKKEEPING_GAS = 11_000;
    /// @notice Gas counted for what `settle` spends after its measurement ends (the credits, the
    /// records, the burn) and for the challenger's `withdraw` of its payout.
    uint256 public constant SETTLE_TAIL_GAS = 72_000;
    /// @notice ABI size of `challenge`'s arguments other than the input and output bytes.
    uint256 private constant CHALLENGE_FIXED_BYTES = 1_200;
    /// @notice Words of `oneStep`'s arguments other than its paths and rows.
    uint256 private constant ONE_STEP_FIXED_WORDS = 96;

    /// @notice Bond to challenge a result.
    uint256 public immutable challengeBond;
    /// @notice Most wei per gas challengers of a struck result are compensated at (they get the
    /// block's base fee up to this).
    uint256 public immutable compensationGasPrice;
    /// @notice Seconds each side may spend over the whole game.
    uint32 public immutable clockBudget;
    /// @notice Least time a side is given for each move (the chain's worst inclusion delay).
    uint32 public immutable inclusionDelay;
    IOpmlOracle public immutable oracle;
    IModelRegistry public immutable registry;

    struct Game {
        uint256 requestId;
        bytes32 paramsHash;
        bytes32 resultId;
        address proposer;
        uint96 bond;
        address challenger;
        uint32 lo;
        uint32 hi;
        uint32 n;
        bytes32 graphRoot;
        bytes32 paramsRoot;
        bytes32 lowState;
        bytes32 highState;
        bytes32 midState;
        bytes32 outputRoot;
        bytes32 node;
        bytes32 left;
        bytes32 right;
        uint64 leafIndex;
        uint8 height;
        uint8 depth;
        Phase phase;
        bool settled;
        uint40 lastMove;
        uint32 proposerClock;
        uint32 challengerClock;
        uint8 attempt;
        uint40 challengeDeadline;
        uint32 inputRows;
        uint32 inputCols;
        uint8 inputDtype;
        uint32 opRows;
        uint32 opCols;
        uint8 opDtype;
        uint96 challengerCost;
    }

    uint256 private _gameCount;
    mapping(uint256 gameId => Game) private _games;
    mapping(bytes32 resultId => ResultDisputes) private _disputes;
    /// @dev Whether this transaction's base cost and calldata were counted already (batched calls
    /// count them once).
    bool private transient _txCounted;
    mapping(address account => uint256) private _credits;

    /// @param oracle_ The oracle whose results are disputed.
    /// @param registry_ The model registry (commitments).
    /// @param challengeBond_ The challenge bond (≥ the gas of a full defence at a stressed price).
    /// @param compensationGasPrice_ Most wei per gas challengers of a struck result are compensated at.
    /// @param clockBudget_ Seconds per side.
    /// @param inclusionDelay_ Least seconds per move.
    constructor(
        IOpmlOracle oracle_,
        IModelRegistry registry_,
        uint256 challengeBond_,
        uint256 compensationGasPrice_,
        uint32 clockBudget_,
        uint32 inclusionDelay_
    ) {
        oracle = oracle_;
        registry = registry_;
        challengeBond = challengeBond_;
        compensationGasPrice = compensationGasPrice_;
        clockBudget = clockBudget_;
        inclusionDelay = inclusionDelay_;
    }

    /// @notice Receives slashed result bonds from the oracle.
    receive() external payable {
        if (msg.sender != address(oracle)) revert GamePayoutFailed(msg.sender, msg.value);
    }

    // ------------------------------------------------------------------ opening

    /// @inheritdoc IOpmlDisputeGame
    function challenge(
        uint256 requestId,
        IOpmlOracle.RequestParams calldata params,
        IOpmlOracle.Posted calldata posted,
        bytes calldata output,
        bytes32 stateRoot,
        bytes calldata input,
        IModelRegistry.Commitment calldata commitment
    ) external payable returns (uint256 gameId) {
        uint256 startGas = gasleft();
        if (msg.value != challengeBond) revert GameWrongBond(msg.value, challengeBond);
        if (keccak256(input) != params.inputHash) revert GameInputMismatch();
        if (!registry.commitmentMatches(params.modelId, commitment)) revert GameCommitmentMismatch(params.modelId);
        bytes32 resultId = keccak256(
            abi.encode(requestId, posted.operator, keccak256(output), stateRoot, posted.attempt)
        );
        oracle.openChallenge(requestId, params, resultId, posted);

        gameId = ++_gameCount;
        Game storage g = _games[gameId];
        g.requestId = requestId;
        g.paramsHash = keccak256(abi.encode(params));
        g.resultId = resultId;
        g.proposer = posted.operator;
        g.attempt = posted.attempt;
        g.challengeDeadline = posted.challengeDeadline;
        g.bond = uint96(msg.value);
        g.challenger = msg.sender;
        g.hi = commitment.opCount;
        g.n = commitment.opCount;
        g.depth = commitment.stateDepth;
        g.graphRoot = commitment.graphRoot;
        g.paramsRoot = commitment.paramsRoot;
        IModelRegistry.IoSpec calldata io = commitment.io;
        (g.inputRows, g.inputCols, g.inputDtype) = (io.inputRows, io.inputCols, io.inputDtype);
        g.lowState = CommitmentTrees.initialStateRoot(
            CommitmentTrees.tensorRoot(input, io.inputRows, io.inputCols, io.inputDtype),
            commitment.stateDepth
        );
        g.highState = stateRoot;
        g.outputRoot = CommitmentTrees.tensorRoot(output, io.outputRows, io.outputCols, io.outputDtype);
        g.phase = Phase.OutputCheck;
        g.lastMove = uint40(block.timestamp);
        g.proposerClock = clockBudget;
        g.challengerClock = clockBudget;
        _disputes[resultId].openGames += 1;
        emit GameOpened(gameId, requestId, resultId, g.proposer, msg.sender, g.lowState, stateRoot, g.n);
        _chargeChallenger(gameId, g, startGas, CHALLENGE_FIXED_BYTES + _padded(input.length) + _padded(output.length));
    }

    // ------------------------------------------------------------------ moves

    /// @inheritdoc IOpmlDisputeGame
    function revealOutput(uint256 gameId, bytes32 finalState, bytes32 outputRoot, bytes32[] calldata path) external {
        Game storage g = _move(gameId, Phase.OutputCheck);
        if (finalState != g.highState) revert GameStaleMove(gameId);
        if (outputRoot != g.outputRoot || !CommitmentTrees.verify(finalState, outputRoot, g.n, path, g.depth)) {
            revert GameBadProof("output root");
        }
        emit OutputChecked(gameId, outputRoot);
        _next(g, g.hi - g.lo == 1 ? Phase.SlotUpdate : Phase.Bisect);
    }

    /// @inheritdoc IOpmlDisputeGame
    function bisect(uint256 gameId, uint32 lo, uint32 hi, bytes32 midState) external {
        Game storage g = _move(gameId, Phase.Bisect);
        if (lo != g.lo || hi != g.hi) revert GameStaleMove(gameId);
        g.midState = midState;
        emit Bisected(gameId, lo, hi, midState);
        _next(g, Phase.BisectResponse);
    }

    /// @inheritdoc IOpmlDisputeGame
    function answerBisection(uint256 gameId, uint32 lo, uint32 hi, bytes32 midState, bool agree) external {
        uint256 startGas = gasleft();
        Game storage g = _move(gameId, Phase.BisectResponse);
        if (lo != g.lo || hi != g.hi || midState != g.midState) revert GameStaleMove(gameId);
        uint32 mid = lo + (hi - lo) / 2;
        if (agree) (g.lo, g.lowState) = (mid, midState);
        else (g.hi, g.highState) = (mid, midState);
        emit BisectionAnswered(gameId, agree, g.lo, g.hi);
        _next(g, g.hi - g.lo == 1 ? Phase.SlotUpdate : Phase.Bisect);
        _chargeChallenger(gameId, g, startGas, 164);
    }

    /// @inheritdoc IOpmlDisputeGame
    function updateSlot(
        uint256 gameId,
        bytes32 prevState,
        bytes32 nextState,
        OpDescriptors.OpDescriptor calldata op,
        bytes32[] calldata graphPath,
        bytes32 tensorRoot,
        bytes32[] calldata slotPath
    ) external {
        Game storage g = _move(gameId, Phase.SlotUpdate);
        if (prevState != g.lowState || nextState != g.highState) revert GameStaleMove(gameId);
        uint256 i = g.hi;
        bytes32 leaf = OpDescriptors.leaf(op);
        if (!CommitmentTrees.verify(g.graphRoot, leaf, i - 1, graphPath, TensorBytes.log2(TensorBytes.nextPow2(g.n)))) {
            revert GameBadProof("descriptor");
        }
        // One path proves both: slot i is empty in S_{i-1} and holds T_i in S_i, all else equal.
        if (
            slotPath.length != g.depth ||
            CommitmentTrees.rootFromPath(bytes32(0), i, slotPath) != prevState ||
            CommitmentTrees.rootFromPath(tensorRoot, i, slotPath) != nextState
        ) revert GameBadProof("slot update");
        (g.opRows, g.opCols, g.opDtype) = (op.rows, op.cols, op.dtype);
        g.node = tensorRoot;
        g.height = uint8(
            TensorBytes.log2(TensorBytes.nextPow2(op.rows)) +
                TensorBytes.log2(TensorBytes.chunksPerRow(op.cols, op.dtype))
        );
        emit SlotUpdated(gameId, uint32(i), tensorRoot, leaf);
        _next(g, Phase.DescentReveal);
    }

    /// @inheritdoc IOpmlDisputeGame
    function revealChildren(uint256 gameId, bytes32 node, bytes32 left, bytes32 right) external {
        Game storage g = _move(gameId, Phase.DescentReveal);
        if (node != g.node || g.height == 0) revert GameStaleMove(gameId);
        if (keccak256(abi.encode(left, right)) != node) revert GameBadProof("children");
        (g.left, g.right) = (left, right);
        emit ChildrenRevealed(gameId, node, left, right, g.height);
        _next(g, Phase.DescentPick);
    }

    /// @inheritdoc IOpmlDisputeGame
    function pickChild(uint256 gameId, bytes32 node, bool right) external {
        uint256 startGas = gasleft();
        Game storage g = _move(gameId, Phase.DescentPick);
        if (node != g.node) revert GameStaleMove(gameId);
        g.node = right ? g.right : g.left;
        g.leafIndex = g.leafIndex * 2 + (right ? 1 : 0);
        g.height -= 1;
        emit ChildPicked(gameId, right, g.node, g.height);
        _next(g, Phase.DescentReveal);
        _chargeChallenger(gameId, g, startGas, 100);
    }

    /// @inheritdoc IOpmlDisputeGame
    function revealChunk(uint256 gameId, bytes32 leaf, bytes32 chunk) external {
        Game storage g = _move(gameId, Phase.DescentReveal);
        if (leaf != g.node || g.height != 0) revert GameStaleMove(gameId);
        if (keccak256(abi.encode(chunk)) != leaf) revert GameBadProof("chunk");
        emit ChunkRevealed(gameId, chunk, g.leafIndex);
        _next(g, Phase.OneStep);
    }

    /// @inheritdoc IOpmlDisputeGame
    function oneStep(uint256 gameId, bytes32 chunk, OneStepProof calldata proof) external {
        uint256 startGas = gasleft();
        Game storage g = _move(gameId, Phase.OneStep);
        if (keccak256(abi.encode(chunk)) != g.node) revert GameStaleMove(gameId);
        // The op is op i of the graph (the slot update proved the same leaf).
        uint256 graphDepth = TensorBytes.log2(TensorBytes.nextPow2(g.n));
        if (!CommitmentTrees.verify(g.graphRoot, OpDescriptors.leaf(proof.op), g.hi - 1, proof.opPath, graphDepth)) {
            revert GameBadProof("descriptor");
        }
        if (proof.byteOffset >= 32) revert GameBadProof("byte offset");
        uint256 size = TensorBytes.size(g.opDtype);
        uint256 chunks = TensorBytes.chunksPerRow(g.opCols, g.opDtype);
        uint256 r = g.leafIndex / chunks;
        uint256 bytePos = (g.leafIndex % chunks) * 32 + proof.byteOffset;
        bool proposerWrong;
        if (r >= g.opRows || bytePos >= uint256(g.opCols) * size) {
            // Padding must be zero.
            proposerWrong = chunk[proof.byteOffset] != 0;
            emit OneStepDecided(gameId, r, bytePos, int256(uint256(uint8(chunk[proof.byteOffset]))), 0, true);
        } else {
            if (bytePos % size != 0) revert GameBadProof("element alignment");
            bytes memory raw = abi.encodePacked(chunk);
            int256 claimed = TensorBytes.element(raw, proof.byteOffset / size, g.opDtype);
            int256 computed = _compute(g, proof, r, bytePos / size);
            proposerWrong = claimed != computed;
            emit OneStepDecided(gameId, r, bytePos / size, claimed, computed, false);
        }
        _end(gameId, g, proposerWrong ? Phase.ChallengerWon : Phase.ProposerWon);
        _chargeChallenger(gameId, g, startGas, _oneStepBytes(proof));
    }

    /// @inheritdoc IOpmlDisputeGame
    function timeout(uint256 gameId) external {
        uint256 startGas = gasleft();
        Game storage g = _game(gameId);
        if (!_isLive(g.phase)) revert GameWrongPhase(gameId, g.phase);
        bool proposerMoves = _proposerMoves(g.phase);
        uint256 expiresAt = uint256(g.lastMove) + (proposerMoves ? g.proposerClock : g.challengerClock);
        if (block.timestamp <= expiresAt) revert GameClockRunning(gameId, expiresAt);
        _end(gameId, g, proposerMoves ? Phase.ChallengerWon : Phase.ProposerWon);
        if (msg.sender == g.challenger && !_disputes[g.resultId].struck) _chargeChallenger(gameId, g, startGas, 36);
    }

    // ------------------------------------------------------------------ settlement

    /// @inheritdoc IOpmlDisputeGame
    function settle(uint256 gameId, IOpmlOracle.RequestParams calldata params) external nonReentrant {
        uint256 startGas = gasleft();
        Game storage g = _game(gameId);
        if (g.settled || keccak256(abi.encode(params)) != g.paramsHash) revert GameNotSettleable(gameId);
        IOpmlOracle.Posted memory posted = IOpmlOracle.Posted(g.proposer, g.attempt, g.challengeDeadline);
        Phase ended = g.phase;
        bool current = oracle.isPendingResult(g.requestId, params, g.resultId, posted);
        if (current && _isLive(ended)) revert GameStillLive(gameId);
        Phase outcome = current ? ended : Phase.Void;
        g.settled = true;
        g.phase = outcome;

        ResultDisputes memory d = _disputes[g.resultId];
        d.openGames -= 1;
        uint256 toChallenger = g.bond;
        uint256 toProposer;
        uint256 burned;
        if (outcome == Phase.ChallengerWon) {
            uint256 bond = oracle.strike(g.requestId, params, g.resultId, posted);
            // The challengers' costs first (by their share of them if the bond falls short); the rest
            // pays the challengers' settlements and is burned when the last game settles.
            uint256 forCosts = d.owed < bond ? d.owed : bond;
            (d.struck, d.costPool, d.fund) = (true, uint96(forCosts), uint96(bond - forCosts));
            emit ResultStruckSettled(g.resultId, bond, forCosts);
        } else if (outcome == Phase.ProposerWon) {
            if (d.openGames == 0) oracle.closeChallenge(g.requestId, params, g.resultId, posted);
            toChallenger = 0;
            burned = g.bond - g.bond / 2;
            toProposer = g.bond / 2;
        }
        if (d.struck) toChallenger += _costsRepaid(d, g, ended != Phase.ProposerWon, startGas);
        else d.owed -= g.challengerCost;
        if (d.openGames == 0 && uint256(d.costPool) + d.fund != 0) {
            // Nobody is left to claim it: burned.
            burned += uint256(d.costPool) + d.fund;
            (d.costPool, d.fund) = (0, 0);
        }
        _disputes[g.resultId] = d;
        if (toChallenger != 0) _credits[g.challenger] += toChallenger;
        if (toProposer != 0) _credits[g.proposer] += toProposer;
        emit GameSettled(gameId, outcome, toChallenger, toProposer, burned);
        if (burned != 0) _pay(BURN_ADDRESS, burned);
    }

    /// @inheritdoc IOpmlDisputeGame
    function withdraw() external nonReentrant returns (uint256 amount) {
        amount = _credits[msg.sender];
        if (amount == 0) revert GameNothingToWithdraw(msg.sender);
        _credits[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
        _pay(msg.sender, amount);
    }

    // ------------------------------------------------------------------ views

    /// @notice Where a game stands.
    /// @param gameId The game.
    /// @return phase The phase (who moves follows from it).
    /// @return lo The agreed state index.
    /// @return hi The disputed state index.
    /// @return node The disputed node during the descent.
    /// @return height The node's height.
    /// @return leafIndex The path taken so far in the descent (bits from the root).
    /// @return moverDeadline When the mover's clock runs out.
    function gameState(
        uint256 gameId
    )
        external
        view
        returns (Phase phase, uint32 lo, uint32 hi, bytes32 node, uint8 height, uint64 leafIndex, uint256 moverDeadline)
    {
        Game storage g = _game(gameId);
        uint256 clock = _proposerMoves(g.phase) ? g.proposerClock : g.challengerClock;
        return (g.phase, g.lo, g.hi, g.node, g.height, g.leafIndex, uint256(g.lastMove) + clock);
    }

    /// @notice Credits `account` can withdraw.
    /// @param account The account.
    /// @return The wei owed.
    function creditOf(address account) external view returns (uint256) {
        return _credits[account];
    }

    /// @inheritdoc IOpmlDisputeGame
    function disputesOf(bytes32 resultId) external view returns (ResultDisputes memory) {
        return _disputes[resultId];
    }

    /// @inheritdoc IOpmlDisputeGame
    function challengerCostOf(uint256 gameId) external view returns (uint256) {
        return _game(gameId).challengerCost;
    }

    /// @notice The number of games opened.
    /// @return The count.
    function gameCount() external view returns (uint256) {
        return _gameCount;
    }

    // ------------------------------------------------------------------ internal

    function _game(uint256 gameId) private view returns (Game storage g) {
        g = _games[gameId];
        if (g.phase == Phase.None) revert GameUnknown(gameId);
    }

    /// @dev Checks phase, mover and clock of a move; charges the mover's clock.
    function _move(uint256 gameId, Phase phase) private returns (Game storage g) {
        g = _game(gameId);
        if (g.phase != phase) revert GameWrongPhase(gameId, g.phase);
        bool proposerMoves = _proposerMoves(phase);
        address mover = proposerMoves ? g.proposer : g.challenger;
        if (msg.sender != mover) revert GameNotYourTurn(msg.sender, mover);
        uint256 elapsed = block.timestamp - g.lastMove;
        uint256 clock = proposerMoves ? g.proposerClock : g.challengerClock;
        if (elapsed > clock) revert GameClockExpired(gameId, mover);
        if (proposerMoves) g.proposerClock = uint32(clock - elapsed);
        else g.challengerClock = uint32(clock - elapsed);
        g.lastMove = uint40(block.timestamp);
    }

    /// @dev What a game on a struck result repays its challenger from the slashed bond: its costs (if
    /// it did not lose its game; never more, short of them only when the bond fell short) and, when it
    /// settles the game itself, this settlement and the withdraw to come.
    function _costsRepaid(
        ResultDisputes memory d,
        Game storage g,
        bool owed,
        uint256 startGas
    ) private returns (uint256 repaid) {
        uint256 cost = g.challengerCost;
        if (owed && d.owed != 0) {
            repaid = (uint256(d.costPool) * cost) / d.owed;
            if (repaid > cost) repaid = cost;
            d.costPool -= uint96(repaid);
        }
        d.owed -= uint96(cost);
        if (msg.sender == g.challenger) {
            uint256 settling = (startGas - gasleft() + _transactionGas(516) + SETTLE_TAIL_GAS) * _price();
            if (settling > d.fund) settling = d.fund;
            d.fund -= uint96(settling);
            repaid += settling;
        }
    }

    /// @dev Adds what the challenger's call cost it (execution since `startGas`, this bookkeeping,
    /// and, once per transaction, the base cost and up to `calldataBound` bytes of calldata) at the
    /// compensation price to its game and its result; reverts once the result is struck.
    function _chargeChallenger(uint256 gameId, Game storage g, uint256 startGas, uint256 calldataBound) private {
        ResultDisputes storage d = _disputes[g.resultId];
        if (d.struck) revert GameResultStruck(gameId);
        uint256 cost = (startGas - gasleft() + _transactionGas(calldataBound) + BOOKKEEPING_GAS) * _price();
        // Cannot overflow: a game's costs are bounded by its moves' gas, far below 2^96 wei.
        g.challengerCost += uint96(cost);
        d.owed += uint96(cost);
    }

    /// @dev The base cost and calldata of this transaction (up to `calldataBound` bytes, the call's
    /// ABI size, so padding counts for nothing), the first time it is counted; 0 afterwards.
    function _transactionGas(uint256 calldataBound) private returns (uint256) {
        if (_txCounted) return 0;
        _txCounted = true;
        uint256 size = msg.data.length < calldataBound ? msg.data.length : calldataBound;
        return TX_BASE_GAS + size * CALLDATA_BYTE_GAS;
    }

    /// @dev Wei per gas of compensation: the base fee (burned, so nobody profits from it), capped,
    /// and at least 1 wei. Branch-free, so that a call runs the same code, writes the same slots and
    /// needs the same gas at any base fee: gas estimates run at base fee 0.
    function _price() private view returns (uint256 price) {
        uint256 cap = compensationGasPrice;
        assembly ("memory-safe") {
            let fee := basefee()
            price := xor(cap, mul(xor(fee, cap), lt(fee, cap))) // min(fee, cap)
            price := add(price, iszero(price))
        }
    }

    /// @dev The ABI size of `oneStep`'s arguments for `proof`.
    function _oneStepBytes(OneStepProof calldata p) private pure returns (uint256) {
        uint256 words = ONE_STEP_FIXED_WORDS + p.opPath.length;
        words += _rowWords(p.inputA) + _rowWords(p.inputB);
        words += p.paramA.paramPath.length + p.paramA.rowPath.length + _padded(p.paramA.row.length) / 32;
        words += p.paramB.paramPath.length + p.paramB.rowPath.length + _padded(p.paramB.row.length) / 32;
        return 4 + words * 32;
    }

    function _rowWords(SlotRow calldata s) private pure returns (uint256) {
        return s.slotPath.length + s.producerPath.length + s.rowPath.length + _padded(s.row.length) / 32;
    }

    function _padded(uint256 length) private pure returns (uint256) {
        return (length + 31) & ~uint256(31);
    }

    /// @dev Hands the turn over, topping the next mover's clock up to the inclusion delay.
    function _next(Game storage g, Phase phase) private {
        g.phase = phase;
        if (_proposerMoves(phase)) {
            if (g.proposerClock < inclusionDelay) g.proposerClock = inclusionDelay;
        } else if (g.challengerClock < inclusionDelay) {
            g.challengerClock = inclusionDelay;
        }
    }

    function _end(uint256 gameId, Game storage g, Phase outcome) private {
        g.phase = outcome;
        emit GameEnded(gameId, outcome);
    }

    function _isLive(Phase phase) private pure returns (bool) {
        return phase != Phase.None && phase < Phase.ProposerWon;
    }

    function _proposerMoves(Phase phase) private pure returns (bool) {
        return
            phase == Phase.OutputCheck ||
            phase == Phase.Bisect ||
            phase == Phase.SlotUpdate ||
            phase == Phase.DescentReveal;
    }

    /// @dev The true value of element (r, c) of op i's output, from the rows it depends on.
    function _compute(Game storage g, OneStepProof calldata p, uint256 r, uint256 c) private view returns (int256) {
        OpDescriptors.OpDescriptor calldata op = p.op;
        uint8 code = op.opcode;
        if (code == OpDescriptors.MATMUL) {
            (bytes memory x, ) = _slotRow(g, p.inputA, op.inputA, r);
            bytes memory w = _paramRow(g, p.paramA, op.paramA, c, op.cols, x.length, TensorBytes.INT8);
            bytes memory bias = _paramRow(g, p.paramB, op.paramB, 0, 1, op.cols, TensorBytes.INT32);
            return MatmulVerifier.element(op, x, w, TensorBytes.element(bias, c, TensorBytes.INT32));
        }
        if (code == OpDescriptors.ADD) {
            (bytes memory a, ) = _slotRow(g, p.inputA, op.inputA, r);
            (bytes memory b, ) = _slotRow(g, p.inputB, op.inputB, r);
            return ElementwiseVerifier.add(op, TensorBytes.element(a, c, 0), TensorBytes.element(b, c, 0));
        }
        if (code == OpDescriptors.LUT) {
            (bytes memory a, ) = _slotRow(g, p.inputA, op.inputA, r);
            bytes memory table = _paramRow(g, p.paramA, op.paramA, 0, 1, 256, TensorBytes.INT8);
            return ElementwiseVerifier.lut(table, TensorBytes.element(a, c, 0));
        }
        if (code == OpDescriptors.GATHER) {
            (bytes memory idx, uint256[3] memory idxShape) = _slotRow(g, p.inputA, op.inputA, 0);
            uint256 row = LayoutVerifier.gatherRow(TensorBytes.element(idx, r, uint8(idxShape[2])), op.attrB);
            bytes memory t = _paramRow(g, p.paramA, op.paramA, row, op.attrB, op.cols, op.dtype);
            return TensorBytes.element(t, c, op.dtype);
        }
        if (code == OpDescriptors.CONCAT) {
            uint256[3] memory aShape = _shapeOf(g, p.inputA, op.inputA);
            (bool fromB, uint256 rr, uint256 cc) = LayoutVerifier.concatSource(op, aShape[0], aShape[1], r, c);
            (bytes memory src, ) = fromB ? _slotRow(g, p.inputB, op.inputB, rr) : _slotRow(g, p.inputA, op.inputA, rr);
            return TensorBytes.element(src, cc, op.dtype);
        }
        if (code == OpDescriptors.SLICE) {
            (uint256 rr, uint256 cc) = LayoutVerifier.sliceSource(op, r, c);
            (bytes memory src, ) = _slotRow(g, p.inputA, op.inputA, rr);
            return TensorBytes.element(src, cc, op.dtype);
        }
        if (code == OpDescriptors.RESHAPE) {
            uint256[3] memory aShape = _shapeOf(g, p.inputA, op.inputA);
            (uint256 rr, uint256 cc) = LayoutVerifier.reshapeSource(op, aShape[1], r, c);
            (bytes memory src, ) = _slotRow(g, p.inputA, op.inputA, rr);
            return TensorBytes.element(src, cc, op.dtype);
        }
        if (code == OpDescriptors.ARGMAX) {
            (bytes memory a, uint256[3] memory aShape) = _slotRow(g, p.inputA, op.inputA, r);
            return ArgmaxVerifier.argmax(a, aShape[1], uint8(aShape[2]));
        }
        revert GameBadProof("opcode");
    }

    /// @dev The shape (rows, cols, dtype) of slot `slot`: the io spec for 0, else its producer's
    /// descriptor, proven in graphRoot.
    function _shapeOf(Game storage g, SlotRow calldata s, uint256 slot) private view returns (uint256[3] memory shape) {
        if (s.slot != slot) revert GameBadProof("slot");
        if (slot == 0) return [uint256(g.inputRows), g.inputCols, g.inputDtype];
        OpDescriptors.OpDescriptor calldata d = s.producer;
        uint256 graphDepth = TensorBytes.log2(TensorBytes.nextPow2(g.n));
        if (!CommitmentTrees.verify(g.graphRoot, OpDescriptors.leaf(d), slot - 1, s.producerPath, graphDepth)) {
            revert GameBadProof("producer");
        }
        return [uint256(d.rows), d.cols, d.dtype];
    }

    /// @dev Row `rowIndex` of slot `slot`, proven: T_slot in S_{i-1}, the row in T_slot.
    function _slotRow(
        Game storage g,
        SlotRow calldata s,
        uint256 slot,
        uint256 rowIndex
    ) private view returns (bytes memory row, uint256[3] memory shape) {
        shape = _shapeOf(g, s, slot);
        if (!CommitmentTrees.verify(g.lowState, s.slotRoot, slot, s.slotPath, g.depth))
            revert GameBadProof("slot root");
        row = s.row;
        _checkRow(s.slotRoot, row, s.rowIndex, s.rowPath, rowIndex, shape[0], shape[1], uint8(shape[2]));
    }

    /// @dev Row `rowIndex` of parameter `param` (shape rows × cols of dtype), proven in paramsRoot.
    function _paramRow(
        Game storage g,
        ParamRow calldata p,
        uint256 param,
        uint256 rowIndex,
        uint256 rows,
        uint256 cols,
        uint8 dtype
    ) private view returns (bytes memory row) {
        if (
            param >= p.paramCount ||
            CommitmentTrees.paramsRoot(p.paramCount, p.paramsTreeRoot) != g.paramsRoot ||
            !CommitmentTrees.verify(
                p.paramsTreeRoot,
                p.paramRoot,
                param,
                p.paramPath,
                TensorBytes.log2(TensorBytes.nextPow2(p.paramCount))
            )
        ) revert GameBadProof("param root");
        row = p.row;
        _checkRow(p.paramRoot, row, p.rowIndex, p.rowPath, rowIndex, rows, cols, dtype);
    }

    function _checkRow(
        bytes32 tensorRoot,
        bytes memory row,
        uint256 givenIndex,
        bytes32[] calldata rowPath,
        uint256 rowIndex,
        uint256 rows,
        uint256 cols,
        uint8 dtype
    ) private pure {
        if (givenIndex != rowIndex || rowIndex >= rows || row.length != cols * TensorBytes.size(dtype)) {
            revert GameBadProof("row");
        }
        bytes32 rowRoot = CommitmentTrees.rowRoot(row, TensorBytes.chunksPerRow(cols, dtype));
        if (
            !CommitmentTrees.verify(
                tensorRoot,
                rowRoot,
                rowIndex,
                rowPath,
                TensorBytes.log2(TensorBytes.nextPow2(rows))
            )
        ) {
            revert GameBadProof("row path");
        }
    }

    function _pay(address to, uint256 amount) private {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = to.call{value: amount}("");
        if (!ok) revert GamePayoutFailed(to, amount);
    }
}
