// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IModelRegistry} from "./IModelRegistry.sol";
import {IOpmlOracle} from "./IOpmlOracle.sol";
import {OpDescriptors} from "../libraries/OpDescriptors.sol";

/// @title IOpmlDisputeGame
/// @notice The opML dispute game (`docs/dispute-protocol.md`): anyone challenges a posted
/// result with a bond; bisection over the trace's state roots, a slot update, a descent into the
/// disputed tensor and a one-step recomputation of one element decide who was right.
interface IOpmlDisputeGame {
    /// @notice Phases, with the side that moves in each.
    enum Phase {
        None,
        OutputCheck, // proposer: T_n in S_n equals the posted output's root
        Bisect, // proposer: reveal S_mid
        BisectResponse, // challenger: agree or disagree with S_mid
        SlotUpdate, // proposer: S_i = S_{i-1} with slot i set to T_i, and op i's descriptor
        DescentReveal, // proposer: the two children of the disputed node (or the chunk at a leaf)
        DescentPick, // challenger: the child it disputes
        OneStep, // challenger: one element recomputed on-chain
        ProposerWon,
        ChallengerWon,
        Void // the result was struck by another game: the challenger is refunded
    }

    /// @notice One row of a slot tensor read by the one step, with its proofs.
    /// @param slot The trace slot (an earlier op's output, or 0 = input).
    /// @param slotRoot T_slot.
    /// @param slotPath Path of T_slot in S_{i-1}.
    /// @param producer The descriptor of op `slot` (ignored for slot 0: the io spec gives its shape).
    /// @param producerPath Path of the producer's leaf in graphRoot.
    /// @param row The row's packed elements.
    /// @param rowIndex The row's index.
    /// @param rowPath Path of the row's root in T_slot.
    struct SlotRow {
        uint32 slot;
        bytes32 slotRoot;
        bytes32[] slotPath;
        OpDescriptors.OpDescriptor producer;
        bytes32[] producerPath;
        bytes row;
        uint256 rowIndex;
        bytes32[] rowPath;
    }

    /// @notice The games on one result, counted without bound. `owed` is what the challengers of its
    /// unsettled games spent (at the compensation price); once the result is struck, `costPool` is
    /// what is left of its slashed bond for those costs and `fund` what is left for their
    /// settlements (burned when the last game settles).
    struct ResultDisputes {
        uint32 openGames;
        uint96 owed;
        bool struck;
        uint96 costPool;
        uint96 fund;
    }

    /// @notice One row of a parameter tensor read by the one step, with its proofs.
    struct ParamRow {
        bytes32 paramRoot;
        bytes32[] paramPath;
        uint256 paramCount;
        bytes32 paramsTreeRoot;
        bytes row;
        uint256 rowIndex;
        bytes32[] rowPath;
    }

    /// @notice The challenger's one step: op i's descriptor with its path in graphRoot, which byte of
    /// the revealed chunk it disputes and the data that byte's element depends on (unused rows empty).
    struct OneStepProof {
        OpDescriptors.OpDescriptor op;
        bytes32[] opPath;
        uint256 byteOffset;
        SlotRow inputA;
        SlotRow inputB;
        ParamRow paramA;
        ParamRow paramB;
    }

    error GameWrongBond(uint256 sent, uint256 required);
    error GameInputMismatch();
    error GameCommitmentMismatch(uint256 modelId);
    error GameUnknown(uint256 gameId);
    error GameWrongPhase(uint256 gameId, Phase phase);
    error GameNotYourTurn(address caller, address mover);
    error GameStaleMove(uint256 gameId);
    error GameClockExpired(uint256 gameId, address mover);
    error GameClockRunning(uint256 gameId, uint256 expiresAt);
    error GameBadProof(string what);
    error GameNotSettleable(uint256 gameId);
    error GameNothingToWithdraw(address account);
    error GamePayoutFailed(address to, uint256 amount);
    error GameStillLive(uint256 gameId);
    /// @notice The result of game `gameId` was already struck by another game: nothing is left to
    /// play; settle it for the bond and the gas compensation.
    error GameResultStruck(uint256 gameId);

    event GameOpened(
        uint256 indexed gameId,
        uint256 indexed requestId,
        bytes32 indexed resultId,
        address proposer,
        address challenger,
        bytes32 initialState,
        bytes32 finalState,
        uint32 opCount
    );
    event OutputChecked(uint256 indexed gameId, bytes32 outputRoot);
    event Bisected(uint256 indexed gameId, uint32 lo, uint32 hi, bytes32 midState);
    event BisectionAnswered(uint256 indexed gameId, bool agreed, uint32 lo, uint32 hi);
    event SlotUpdated(uint256 indexed gameId, uint32 op, bytes32 tensorRoot, bytes32 descriptorLeaf);
    event ChildrenRevealed(uint256 indexed gameId, bytes32 node, bytes32 left, bytes32 right, uint8 height);
    event ChildPicked(uint256 indexed gameId, bool right, bytes32 node, uint8 height);
    event ChunkRevealed(uint256 indexed gameId, bytes32 chunk, uint256 leafIndex);
    event OneStepDecided(
        uint256 indexed gameId,
        uint256 row,
        uint256 col,
        int256 claimed,
        int256 computed,
        bool padding
    );
    event GameEnded(uint256 indexed gameId, Phase outcome);
    /// @notice Game `gameId` was settled: its challenger was credited `toChallenger` (its bond back
    /// and its share of a slashed bond), its proposer `toProposer`, and `burned` wei were burned.
    event GameSettled(uint256 indexed gameId, Phase outcome, uint256 toChallenger, uint256 toProposer, uint256 burned);
    /// @notice A result was struck: of its slashed `bond`, `forCosts` pays the costs of the challengers
    /// of every game on it (as each settles); the rest pays their settlements and is burned when the
    /// last game settles.
    event ResultStruckSettled(bytes32 indexed resultId, uint256 bond, uint256 forCosts);
    event Withdrawn(address indexed account, uint256 amount);

    /// @notice Challenges the current result of a request inside its challenge window. `posted` is
    /// who posted it and when, as in the oracle's `ResultSubmitted`.
    function challenge(
        uint256 requestId,
        IOpmlOracle.RequestParams calldata params,
        IOpmlOracle.Posted calldata posted,
        bytes calldata output,
        bytes32 stateRoot,
        bytes calldata input,
        IModelRegistry.Commitment calldata commitment
    ) external payable returns (uint256 gameId);

    /// @notice Proposer, phase 1: T_n with its path in S_n.
    function revealOutput(uint256 gameId, bytes32 finalState, bytes32 outputRoot, bytes32[] calldata path) external;

    /// @notice Proposer, phase 2: S_mid for the current (lo, hi).
    function bisect(uint256 gameId, uint32 lo, uint32 hi, bytes32 midState) external;

    /// @notice Challenger, phase 2: agree (lo = mid) or disagree (hi = mid) with S_mid.
    function answerBisection(uint256 gameId, uint32 lo, uint32 hi, bytes32 midState, bool agree) external;

    /// @notice Proposer, phase 3: S_i is S_{i-1} with slot i (empty before) set to T_i.
    function updateSlot(
        uint256 gameId,
        bytes32 prevState,
        bytes32 nextState,
        OpDescriptors.OpDescriptor calldata op,
        bytes32[] calldata graphPath,
        bytes32 tensorRoot,
        bytes32[] calldata slotPath
    ) external;

    /// @notice Proposer, phase 4: the children of the disputed node.
    function revealChildren(uint256 gameId, bytes32 node, bytes32 left, bytes32 right) external;

    /// @notice Challenger, phase 4: the child it disputes.
    function pickChild(uint256 gameId, bytes32 node, bool right) external;

    /// @notice Proposer, end of phase 4: the 32-byte chunk under the disputed leaf.
    function revealChunk(uint256 gameId, bytes32 leaf, bytes32 chunk) external;

    /// @notice Challenger, phase 5: one element recomputed on-chain.
    function oneStep(uint256 gameId, bytes32 chunk, OneStepProof calldata proof) external;

    /// @notice Ends a game whose mover's clock ran out (anyone).
    function timeout(uint256 gameId) external;

    /// @notice Settles an ended game through the oracle (anyone). A lost result is struck: every game
    /// on it, whoever won first, refunds its challenger's bond and pays it, from the slashed bond,
    /// what its calls cost it (each measured: execution, plus the transaction's base cost and calldata
    /// once per transaction, at the block's base fee capped at `compensationGasPrice`; its own settle
    /// and withdraw too), by its share of those costs if the bond falls short; the rest is burned. A
    /// lost challenge closes and its bond is split between the proposer and the burn. A game on a
    /// result that ended otherwise (cancelled) refunds its challenger.
    function settle(uint256 gameId, IOpmlOracle.RequestParams calldata params) external;

    /// @notice Pays the caller's credits.
    function withdraw() external returns (uint256 amount);

    /// @notice The games on a result and what its challengers are owed.
    /// @param resultId The result.
    /// @return The disputes record.
    function disputesOf(bytes32 resultId) external view returns (ResultDisputes memory);

    /// @notice What game `gameId`'s challenger's calls cost it so far, in wei at the compensation
    /// price (what a strike of its result pays it back).
    /// @param gameId The game.
    /// @return The wei.
    function challengerCostOf(uint256 gameId) external view returns (uint256);
}
