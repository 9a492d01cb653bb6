// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IAIOracle} from "./IAIOracle.sol";

/// @title IOpmlOracle
/// @notice The AI oracle beyond the ORA interface: staked operators, assignment, results with a
/// challenge window, the dispute game's entry points, finalization with the fee split, refunds and
/// pull payments.
interface IOpmlOracle is IAIOracle {
    /// @notice The terms of one request, fixed when it is made. They travel in `Requested` and are
    /// re-supplied (and checked against the stored commitment) by `submit`, `finalize` and `cancel`.
    /// (The model's developer and token never change, so the developer is not repeated here; its share
    /// accrues on the model's ledger.)
    struct RequestParams {
        address requester;
        uint64 modelId;
        address callbackContract;
        uint64 gasLimit;
        bytes32 inputHash;
        bytes32 callbackDataHash;
        address token;
        uint96 fee;
        uint96 escrow;
        uint64 split;
        uint32 outputLength;
        uint96 resultBond;
        uint32 responseWindow;
        uint32 challengeWindow;
        uint32 timeout;
    }

    /// @notice The terms of a request's current attempt, fixed when it opens (at the request, and again
    /// when a struck result reopens it). They travel in `Requested` / `ResultStruck` and are re-supplied
    /// with the params by `submit` and `cancel`.
    struct Attempt {
        uint8 index;
        uint32 drawBlock;
        uint40 deadline;
    }

    /// @notice Who posted the current result, in which attempt, and when its challenge window closes.
    /// It travels in `ResultSubmitted` and is re-supplied by `finalize` and the dispute game.
    struct Posted {
        address operator;
        uint8 attempt;
        uint40 challengeDeadline;
    }

    /// @notice What `submitBatch` takes per result.
    struct Submission {
        uint256 requestId;
        RequestParams params;
        Attempt attempt;
        bytes output;
        bytes32 stateRoot;
    }

    /// @notice What `finalizeBatch` takes per result.
    struct Finalization {
        uint256 requestId;
        RequestParams params;
        Posted posted;
        bytes output;
        bytes32 stateRoot;
        bytes callbackData;
    }

    /// @notice Oracle parameters set by the owner within hard bounds; a request keeps the ones in
    /// force when it was made. `resultBond` is at most `minStake` and below 2^80 wei (it is stored
    /// beside the request counter). `minCallbackGasPrice` (wei per gas) is the least price a request
    /// may escrow its callback gas at; off-chain fee estimates (gas price 0) use it.
    struct Config {
        uint96 minStake;
        uint96 resultBond;
        uint32 responseWindow;
        uint32 challengeWindow;
        uint32 timeout;
        uint32 unstakeDelay;
        uint32 minCallbackGasPrice;
        address treasury;
    }

    /// @notice Where a request stands.
    enum RequestState {
        None,
        Requested,
        Submitted,
        Finalized,
        Cancelled
    }

    /// @notice A request's stored status. The whole request is one storage slot: the state, whether
    /// any game is open on its pending result (the dispute game counts them, without bound) and the top
    /// 240 bits of its commitment (`keccak256(abi.encode(paramsHash, attempt))` while requested,
    /// `keccak256(abi.encode(paramsHash, resultId, posted))` once a result is posted, kept when final
    /// or cancelled).
    struct Status {
        RequestState state;
        bool disputed;
        bytes32 commitment;
    }

    /// @notice A model's fees owed to its developer and the treasury (pulled by `sweepModelFees`), and
    /// the oracle's copy of the registry's frozen flag (`noteFrozen`).
    struct ModelLedger {
        uint120 developerOwed;
        uint120 protocolOwed;
        bool frozen;
    }

    /// @notice An operator's stake record: its stake and the part locked by pending results (slashed
    /// bonds already taken out), when it may withdraw once exiting (0 while not exiting), and how many
    /// models it is opted in to.
    struct Operator {
        uint96 stake;
        uint96 locked;
        uint40 exitAt;
        uint16 models;
    }

    /// @notice One operator's membership of a model's draw: it counts for attempts opened after
    /// `joinedAt` and up to `leftAt` (0 while still opted in).
    struct Member {
        address operator;
        uint40 joinedAt;
        uint40 leftAt;
    }

    error OracleModelFrozen(uint256 modelId);
    error OracleInputTooLong(uint256 length, uint256 maxLength);
    error OracleInsufficientFee(uint256 paid, uint256 required);
    error OracleRefundFailed(address to, uint256 amount);
    error OracleParamsMismatch(uint256 requestId);
    error OracleWrongState(uint256 requestId, RequestState state);
    error OracleDeadlinePassed(uint256 requestId, uint256 deadline);
    error OracleDeadlineNotReached(uint256 requestId, uint256 deadline);
    error OracleOutputLength(uint256 length, uint256 expected);
    error OracleNotOperator(address account);
    error OracleNotOptedIn(address operator, uint256 modelId);
    error OracleOperatorExcluded(address operator, uint256 requestId);
    error OracleNotPrimary(address operator, address primary, uint256 exclusiveUntil);
    /// @notice The primary is drawn from the hash of the block after the request: retry once block
    /// `readyAtBlock` is mined (the response window is the drawn primary's alone until then too).
    error OracleDrawNotReady(uint256 requestId, uint256 readyAtBlock);
    /// @notice `operator` changed its draw weight (stake, exit) less than the longest response window
    /// ago, and requests made before that change may still be drawing on it: retry at `retryAt`.
    error OracleWeightChangePending(address operator, uint256 retryAt);
    /// @notice `operator` left `modelId` less than the longest response window ago: it may opt in
    /// again at `retryAt`.
    error OracleMembershipChangePending(address operator, uint256 modelId, uint256 retryAt);
    error OracleInsufficientFreeStake(address operator, uint256 free, uint256 needed);
    error OracleStakeTooLow(uint256 stake, uint256 minStake);
    error OracleOperatorExiting(address operator);
    /// @notice The stake is not withdrawable yet: `locked` wei back pending results, or the exit
    /// delay runs until `unlocksAt` (retry then, with nothing locked).
    error OracleStakeLocked(address operator, uint256 locked, uint256 unlocksAt);
    error OracleNotExiting(address operator);
    error OracleStillOptedIn(address operator, uint256 models);
    error OracleCallbackGasTooHigh(uint256 gasLimit, uint256 max);
    error OracleCallbackDataTooLong(uint256 length, uint256 max);
    error OracleAlreadyOptedIn(address operator, uint256 modelId);
    error OracleTooManyOperators(uint256 modelId, uint256 max);
    /// @notice A game is open on the pending result: it finalizes only once every game on it ended in
    /// the proposer's favour (watch `ChallengeClosed`).
    error OracleResultDisputed(uint256 requestId);
    error OracleChallengeWindowClosed(uint256 requestId, uint256 deadline);
    error OracleNotDisputeGame(address caller);
    error OracleDisputeGameAlreadySet(address game);
    /// @notice The request is still open for answers: it can be cancelled from `cancellableAt` (its
    /// attempt's deadline) if no result arrives, or at once if its model is frozen.
    error OracleNotCancellable(uint256 requestId, uint256 cancellableAt);
    error OracleInsufficientCallbackGas(uint256 available, uint256 needed);
    error OracleNothingToWithdraw(address account);
    error OracleBatchSize(uint256 size, uint256 max);
    error OracleInvalidConfig();
    error OracleModelNotFrozen(uint256 modelId);
    error OracleNoModelFees(uint256 modelId);

    /// @notice A request: everything an operator needs to run it and later re-supply its terms.
    event Requested(uint256 indexed requestId, RequestParams params, bytes input, bytes callbackData, Attempt attempt);
    /// @notice A result was posted; it is final at `challengeDeadline` unless a game strikes it.
    event ResultSubmitted(
        uint256 indexed requestId,
        bytes32 indexed resultId,
        address indexed operator,
        uint8 attempt,
        bytes output,
        bytes32 stateRoot,
        uint256 challengeDeadline
    );
    /// @notice A game opened on `resultId` (one event per game); the result cannot finalize until
    /// `ChallengeClosed`.
    event ChallengeOpened(uint256 indexed requestId, bytes32 indexed resultId);
    /// @notice Every game on `resultId` ended in the proposer's favour: it may finalize.
    event ChallengeClosed(uint256 indexed requestId, bytes32 indexed resultId);
    /// @notice `resultId` was proven wrong: its bond went to the game and the request reopened with
    /// the attempt `reopened` (all zero when it was the last possible attempt: the request was then
    /// cancelled and refunded, see `Cancelled`).
    event ResultStruck(
        uint256 indexed requestId,
        bytes32 indexed resultId,
        address indexed operator,
        uint256 bond,
        Attempt reopened
    );
    /// @notice The request is final: fees split, bond released, callback run (`callbackSucceeded`).
    event Finalized(
        uint256 indexed requestId,
        bytes32 indexed resultId,
        bool callbackSucceeded,
        uint256 callbackGasUsed,
        uint256 finalizerReimbursed
    );
    /// @notice The request was cancelled and `refund` wei credited to its requester.
    event Cancelled(uint256 indexed requestId, uint256 refund);
    /// @notice `account` withdrew `amount` wei of credits to `to` (itself when paid by `withdrawFor`).
    event Withdrawn(address indexed account, address to, uint256 amount);
    /// @notice `withdrawForMany` could not pay `account` (it refused the ETH); its credit is kept.
    event WithdrawFailed(address indexed account, uint256 amount);
    /// @notice `operator` now has `stake` wei staked (it counts in draws for requests made after now).
    event Staked(address indexed operator, uint256 stake);
    /// @notice `operator` started exiting; it can withdraw at `exitAt` once nothing is locked.
    event ExitRequested(address indexed operator, uint256 exitAt);
    /// @notice `operator` withdrew its `stake`.
    event StakeWithdrawn(address indexed operator, uint256 stake);
    /// @notice `operator` opted in to (`optedIn`) or out of `modelId`.
    event OptedIn(address indexed operator, uint256 indexed modelId, bool optedIn);
    /// @notice New oracle parameters (for requests made from now on).
    event ConfigChanged(Config config);
    /// @notice The dispute game was set.
    event DisputeGameSet(address game);
    /// @notice A model's accrued developer and protocol fees were credited for withdrawal.
    event ModelFeesSwept(
        uint256 indexed modelId,
        address developer,
        uint256 developerAmount,
        address treasury,
        uint256 protocolAmount
    );
    /// @notice The oracle copied the registry's frozen flag of `modelId`: its results no longer finalize.
    event ModelFrozenNoted(uint256 indexed modelId);

    // ------------------------------------------------------------------ operators

    /// @notice Adds `msg.value` to the caller's stake (the first stake must reach `minStake`). Like
    /// every change of a draw weight, it counts only for requests made after it, and reverts with
    /// `OracleWeightChangePending` within the longest response window of the previous change.
    function stake() external payable;

    /// @notice Opts the caller in to answering `modelId`: it is drawn for requests made after now.
    /// @param modelId The model.
    function optIn(uint256 modelId) external;

    /// @notice Opts the caller out of `modelId`: requests made up to now still count it in their draw.
    /// @param modelId The model.
    function optOut(uint256 modelId) external;

    /// @notice Starts the caller's exit: no new results, and no draws for requests made after now;
    /// the stake is withdrawable after the unstake delay once every locked bond has resolved.
    function requestExit() external;

    /// @notice Withdraws the whole stake (less slashed bonds) of an exited operator.
    function withdrawStake() external;

    // ------------------------------------------------------------------ results

    /// @notice Posts the output and state root `S_n` of a request (its assigned operator during the
    /// exclusive window, then any opted-in operator); locks the result bond.
    /// @param requestId The request.
    /// @param params The request's terms (as in `Requested`).
    /// @param attempt The current attempt's terms (as in `Requested`, or `ResultStruck` after a strike).
    /// @param output The output bytes (exactly the model's output size).
    /// @param stateRoot The committed final state root.
    /// @return resultId keccak256(requestId, operator, keccak256(output), stateRoot, attempt).
    function submit(
        uint256 requestId,
        RequestParams calldata params,
        Attempt calldata attempt,
        bytes calldata output,
        bytes32 stateRoot
    ) external returns (bytes32 resultId);

    /// @notice `submit` for up to `MAX_BATCH` results.
    /// @param submissions The results.
    function submitBatch(Submission[] calldata submissions) external;

    /// @notice Finalizes a result after its challenge window when no game is open (anyone).
    /// @param requestId The request.
    /// @param params The request's terms.
    /// @param posted Who posted the result and when (as in `ResultSubmitted`).
    /// @param output The posted output.
    /// @param stateRoot The posted state root.
    /// @param callbackData The callback data given at request time.
    function finalize(
        uint256 requestId,
        RequestParams calldata params,
        Posted calldata posted,
        bytes calldata output,
        bytes32 stateRoot,
        bytes calldata callbackData
    ) external;

    /// @notice `finalize` for up to `MAX_BATCH` results.
    /// @param finalizations The results.
    function finalizeBatch(Finalization[] calldata finalizations) external;

    /// @notice Cancels a request with no result by its attempt's deadline, or of a frozen model,
    /// crediting the requester the fee and the escrow (anyone may call; the requester is refunded).
    /// @param requestId The request.
    /// @param params The request's terms.
    /// @param attempt The current attempt's terms.
    function cancel(uint256 requestId, RequestParams calldata params, Attempt calldata attempt) external;

    /// @notice Cancels a request whose model was frozen while its result was pending: the bond is
    /// released (not the operator's fault) and the requester credited the fee and the escrow.
    /// @param requestId The request.
    /// @param params The request's terms.
    /// @param resultId The pending result.
    /// @param posted Who posted it and when.
    function cancelPosted(
        uint256 requestId,
        RequestParams calldata params,
        bytes32 resultId,
        Posted calldata posted
    ) external;

    /// @notice Credits a model's accrued developer share to its developer and protocol share to the
    /// treasury (anyone may call); they withdraw with `withdraw`.
    /// @param modelId The model.
    function sweepModelFees(uint256 modelId) external;

    /// @notice Copies the registry's frozen flag for `modelId` (anyone; the dispute game does it when
    /// it freezes a model). From then on the model's results cannot finalize.
    /// @param modelId A model the registry has frozen.
    function noteFrozen(uint256 modelId) external;

    /// @notice Pays the caller's credits (fees, refunds, reimbursements) to `to`.
    /// @param to Where to send them.
    /// @return amount The wei sent.
    function withdraw(address to) external returns (uint256 amount);

    /// @notice Pays `account` its own credits (anyone may call; the ETH goes to `account` only). This
    /// is how a consumer written for ORA, which never calls `withdraw`, gets its refunds: its
    /// `receive()` takes them.
    /// @param account The account to pay.
    /// @return amount The wei sent.
    function withdrawFor(address account) external returns (uint256 amount);

    /// @notice `withdrawFor` for up to `MAX_WITHDRAW_BATCH` accounts: accounts with no credit are
    /// skipped, and one that refuses the ETH (or spends more than `WITHDRAW_GAS`) keeps its credit
    /// (`WithdrawFailed`) without failing the others.
    /// @param accounts The accounts to pay.
    /// @return total The wei sent.
    function withdrawForMany(address[] calldata accounts) external returns (uint256 total);

    // ------------------------------------------------------------------ dispute game entry points

    /// @notice Opens a game on the current result of `requestId` inside its challenge window
    /// (dispute game only; any number of games). While a game is open the result cannot finalize.
    /// @param requestId The request.
    /// @param params The request's terms.
    /// @param resultId The result disputed (must be the current one).
    /// @param posted Who posted it and when.
    function openChallenge(
        uint256 requestId,
        RequestParams calldata params,
        bytes32 resultId,
        Posted calldata posted
    ) external;

    /// @notice Marks the pending result undisputed again once the last game on it ended in the
    /// proposer's favour (dispute game only; a no-op returning false when `resultId` is no longer the
    /// current result).
    /// @param requestId The request.
    /// @param params The request's terms.
    /// @param resultId The result.
    /// @param posted Who posted it and when.
    /// @return closed Whether a game on the current result was closed.
    function closeChallenge(
        uint256 requestId,
        RequestParams calldata params,
        bytes32 resultId,
        Posted calldata posted
    ) external returns (bool closed);

    /// @notice Strikes a result proven wrong (dispute game only): its bond is sent to the game,
    /// every other game on it is void, and the request reopens with a fresh draw that excludes
    /// the operator, or, after the last possible attempt (255), is cancelled and refunded.
    /// @param requestId The request.
    /// @param params The request's terms.
    /// @param resultId The result (must be the current one).
    /// @param posted Who posted it and when.
    /// @return bond The slashed bond sent to the game.
    function strike(
        uint256 requestId,
        RequestParams calldata params,
        bytes32 resultId,
        Posted calldata posted
    ) external returns (uint256 bond);

    // ------------------------------------------------------------------ owner

    /// @notice Sets the parameters for requests made from now on (owner only, within bounds).
    /// @param config The parameters.
    function setConfig(Config calldata config) external;

    /// @notice Sets the dispute game, once (owner only).
    /// @param game The game contract.
    function setDisputeGame(address game) external;

    // ------------------------------------------------------------------ views

    /// @notice A request's stored status: state, open games and the stored commitment bits (the
    /// deadlines, attempt and operator travel in events and are re-supplied; see `Status`).
    /// @param requestId The request.
    /// @return The status.
    function statusOf(uint256 requestId) external view returns (Status memory);

    /// @notice Whether `output` and `stateRoot`, posted as `posted`, are the request's current result
    /// (pending or final).
    /// @param requestId The request.
    /// @param params The request's terms.
    /// @param posted Who posted it and when (as in `ResultSubmitted`).
    /// @param output The output.
    /// @param stateRoot The state root.
    /// @return True when they are.
    function isCurrentResult(
        uint256 requestId,
        RequestParams calldata params,
        Posted calldata posted,
        bytes calldata output,
        bytes32 stateRoot
    ) external view returns (bool);

    /// @notice Whether `resultId` (posted as `posted`) is the request's pending result: submitted and
    /// neither final, struck nor cancelled yet.
    /// @param requestId The request.
    /// @param params The request's terms.
    /// @param resultId The result.
    /// @param posted Who posted it and when.
    /// @return True when it is.
    function isPendingResult(
        uint256 requestId,
        RequestParams calldata params,
        bytes32 resultId,
        Posted calldata posted
    ) external view returns (bool);

    /// @notice The operator drawn as primary for the request's current attempt, who alone may answer
    /// during its response window (zero if the draw's block hash is not available yet, nobody is
    /// eligible, or the window is over: then any member may answer). The draw reads the operators'
    /// draw weights and memberships as they were when the attempt opened, so nothing done since
    /// changes it within the window. Reverts with `OracleWrongState` unless the request awaits a
    /// result, and `OracleParamsMismatch` unless `params` and `attempt` are its own.
    /// @param requestId The request.
    /// @param params The request's terms.
    /// @param attempt The current attempt's terms.
    /// @return The primary operator.
    function primaryOf(
        uint256 requestId,
        RequestParams calldata params,
        Attempt calldata attempt
    ) external view returns (address);

    /// @notice A model's accrued fees and the oracle's copy of its frozen flag.
    /// @param modelId The model.
    /// @return The ledger.
    function modelLedgerOf(uint256 modelId) external view returns (ModelLedger memory);

    /// @notice An operator's stake record.
    /// @param operator The operator.
    /// @return The record.
    function operatorOf(address operator) external view returns (Operator memory);

    /// @notice A model's draw memberships, in draw order: the operators opted in now (`leftAt` 0),
    /// and those that left, until no request can still draw on them.
    /// @param modelId The model.
    /// @return The memberships.
    function membersOf(uint256 modelId) external view returns (Member[] memory);

    /// @notice `operator`'s draw weight for an attempt opened at `timestamp` (its stake then, 0 once
    /// exiting), as far back as the longest response window.
    /// @param operator The operator.
    /// @param timestamp The attempt's opening time.
    /// @return The weight.
    function drawWeightAt(address operator, uint256 timestamp) external view returns (uint256);

    /// @notice Credits `account` can withdraw.
    /// @param account The account.
    /// @return The wei owed.
    function creditOf(address account) external view returns (uint256);

    /// @notice The current parameters.
    /// @return The config.
    function config() external view returns (Config memory);

    /// @notice The number of requests made.
    /// @return The count.
    function requestCount() external view returns (uint256);
}
