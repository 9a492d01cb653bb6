import { formatBps, formatEth, formatTokens } from './formatAmount';
import { formatDuration, formatTimestamp } from './formatTime';
import { shortHex } from './shortHex';

/** A decoded custom error's arguments, by name (viem decodes them positionally; see `decodeRevert`). */
export type ErrorArgs = Record<string, unknown>;

const eth = (v: unknown) => formatEth(BigInt(v as bigint));
const tokens = (v: unknown) => formatTokens(BigInt(v as bigint), 'tokens');
const bps = (v: unknown) => formatBps(Number(v));
const at = (v: unknown) => formatTimestamp(Number(v));
const addr = (v: unknown) => shortHex(String(v));
const secs = (v: unknown) => formatDuration(Number(v));
const REQUEST_STATES = ['unknown', 'requested', 'result posted', 'final', 'cancelled'];
const GAME_PHASES = [
  'none',
  'output check',
  'bisection',
  'bisection response',
  'slot update',
  'descent reveal',
  'descent pick',
  'one step',
  'proposer won',
  'challenger won',
  'void',
];

/**
 * Our contracts' custom errors in plain words, with their values. The keys are the error names of
 * the generated ABIs; `errorMessages.test.ts` (web) checks that every error of the launch, sale, token,
 * registry, vesting, oracle and dispute game contracts has an entry. Shared by the web app and the CLI.
 */
export const ERROR_MESSAGES: Record<string, (a: ErrorArgs) => string> = {
  // launch factory
  LaunchZeroPrice: () => 'the sale price must be above zero',
  LaunchCapsOutOfOrder: (a) =>
    BigInt(a.softCap as bigint) === 0n
      ? 'the soft cap must be above zero'
      : BigInt(a.walletCap as bigint) === 0n
        ? 'the wallet cap must be above zero'
        : `the soft cap must not exceed the hard cap (soft cap ${eth(a.softCap)}, hard cap ${eth(a.hardCap)})`,
  LaunchScheduleInPast: (a) => `the sale must not start in the past (start ${at(a.start)}, chain time ${at(a.now_)})`,
  LaunchScheduleInvalid: (a) =>
    `the sale must end after it starts and last at most ${secs(a.maxDuration)} (start ${at(a.start)}, end ${at(a.end)})`,
  LaunchSaleSupplyTooSmall: (a) =>
    `the hard cap buys ${tokens(a.needed)} at the price, but the sale supply is only ${tokens(a.saleSupply)}: raise the sale supply or the price, or lower the hard cap`,
  LaunchAllocationOutOfBounds: (a) =>
    a.what === 'liquidity recipient'
      ? 'a liquidity allocation needs a liquidity recipient'
      : a.what === 'total supply'
        ? 'the total supply must be above zero and fit in 96 bits'
        : `the ${String(a.what)} allocation is ${bps(a.share)} of the supply; the bound is ${bps(a.maxShare)}`,
  LaunchInvalidLiquidityShare: (a) =>
    `the liquidity share of the proceeds (${bps(a.bps)}) must be at most ${bps(a.maxBps)} and needs a liquidity recipient`,
  LaunchInvalidVesting: (a) =>
    `the vesting is invalid (cliff ${secs(a.cliff)}, duration ${secs(a.duration)}): the duration must be above zero and at most 10 years, the cliff no longer than it, and vesting may not start before the sale ends`,
  LaunchInvalidProtocolFee: (a) => `the protocol fee ${bps(a.bps)} is above ${bps(a.maxBps)}`,
  LaunchTokenAddressMismatch: (a) => `the token was created at ${addr(a.actual)}, not at ${addr(a.predicted)}`,
  LaunchNothingOutsideSale: () =>
    'give the developer or the liquidity recipient some of the supply: with every token in the sale, a failed sale would burn them all',
  // registry
  ModelRegistryDuplicateModel: (a) => `this package is already registered as model #${String(a.modelId)}`,
  ModelRegistryUnknownModel: (a) => `there is no model #${String(a.modelId)}`,
  ModelRegistryNotDeveloper: (a) => `only the model's developer ${addr(a.developer)} may do this`,
  ModelRegistryNotLauncher: (a) => `${addr(a.caller)} is not an approved launcher`,
  ModelRegistryNotFreezer: () => 'only the dispute game may freeze a model',
  ModelRegistryFreezerAlreadySet: () => 'the freezer is already set',
  ModelRegistryZeroAddress: () => 'an address that must be set is zero',
  ModelRegistryInvalidFee: (a) =>
    `the inference fee must be above zero and at most ${eth(a.maxFee)} (it is ${eth(a.fee)})`,
  ModelRegistryInvalidSplitSum: (a) => `the revenue split must add up to 100 % (it adds up to ${bps(a.sum)})`,
  ModelRegistryOperatorShareTooLow: (a) =>
    `the operators' share must be at least ${bps(a.minOperatorBps)} (it is ${bps(a.operatorBps)})`,
  ModelRegistryProtocolShareTooHigh: (a) =>
    `the protocol's share must be at most ${bps(a.maxProtocolBps)} (it is ${bps(a.protocolBps)})`,
  ModelRegistryInvalidCommitment: (a) => `the package's commitment is malformed: ${String(a.reason)}`,
  ModelRegistryInvalidMetadata: (a) =>
    `the package URI, token name or symbol is empty or too long (${String(a.length)} bytes; at most ${String(a.max)})`,
  ModelRegistryMissingLicense: () => 'the license must be set',
  ModelRegistryInvalidReserveBps: (a) => `the redemption reserve share ${bps(a.reserveBps)} is above ${bps(a.max)}`,
  ModelRegistryInvalidProtocolParams: () => 'the protocol limits are out of their bounds',
  ModelRegistryModelFrozen: (a) => `model #${String(a.modelId)} is frozen`,
  // token
  ModelTokenInsufficientBalance: (a) => `the balance is ${tokens(a.balance)}, less than the ${tokens(a.needed)} needed`,
  ModelTokenInsufficientAllowance: (a) =>
    `the allowance is ${tokens(a.allowance)}, less than the ${tokens(a.needed)} needed`,
  ModelTokenInvalidReceiver: (a) =>
    BigInt(String(a.receiver)) === 0n
      ? 'tokens cannot be sent to the zero address'
      : `${addr(a.receiver)} is an escrow (a sale): it takes tokens only at creation`,
  ModelTokenEscrowRevenue: (a) =>
    `${addr(a.account)} is an escrow: its revenue goes to whoever receives its tokens, never to itself`,
  ModelTokenInvalidSpender: () => 'the zero address cannot be approved',
  ModelTokenPermitExpired: (a) => `the permit expired at ${at(a.deadline)}`,
  ModelTokenInvalidSigner: (a) => `the permit was signed by ${addr(a.signer)}, not by ${addr(a.owner)}`,
  ModelTokenAllocationLengthMismatch: () => 'the allocation lists differ in length',
  ModelTokenInvalidSupply: (a) => `the supply must be above zero and at most ${tokens(a.max)}`,
  ModelTokenZeroAddress: () => 'an allocation names the zero address',
  ModelTokenUnauthorizedInitializer: () => 'only the registry initialises a token, once',
  ModelTokenZeroDeposit: () => 'a revenue deposit must carry ETH',
  ModelTokenNothingToClaim: () => 'there is no revenue to claim yet',
  ModelTokenPayoutFailed: (a) => `sending ${eth(a.amount)} to ${addr(a.account)} failed`,
  ModelTokenBatchTooLarge: (a) => `a batch holds at most ${String(a.max)} accounts (this one ${String(a.length)})`,
  ModelTokenRevenueOverflow: () => 'the deposit would overflow the revenue accounting',
  // sale
  IMOSaleNotActive: (a) =>
    BigInt(a.now_ as bigint) < BigInt(a.start as bigint)
      ? `the sale has not started: it opens at ${at(a.start)}`
      : `the sale is over: it closed at ${at(a.end)}`,
  IMOSaleZeroCommitment: () => 'enter an amount above zero',
  IMOSaleWalletCapExceeded: (a) =>
    `that would make your commitment ${eth(a.total)}, above the wallet cap of ${eth(a.cap)}`,
  IMOSaleNotAllowlisted: () => 'this wallet is not on the sale’s allowlist (or the proof is wrong)',
  IMOSaleNotEnded: (a) => `the sale has not ended: it ends at ${at(a.end)}`,
  IMOSaleFailed: () => 'the sale missed its soft cap: take your refund instead',
  IMOSaleRefundAfterSuccess: () => 'the sale succeeded: claim your tokens (any excess comes with them)',
  IMOSaleAlreadyClaimed: () => 'you have already claimed from this sale',
  IMOSaleNothingCommitted: () => 'you committed nothing to this sale',
  IMOSaleNotDeveloper: (a) => `only the developer ${addr(a.developer)} may withdraw the proceeds`,
  IMOSaleAlreadyWithdrawn: () => 'this was already paid out',
  IMOSalePayoutFailed: (a) => `sending ${eth(a.amount)} to ${addr(a.to)} failed`,
  // vesting
  DeveloperVestingNothingToRelease: (a) =>
    BigInt(a.nextReleaseAt as bigint) >= 2n ** 255n
      ? 'everything has been released'
      : `nothing has vested since the last release; more vests from ${at(a.nextReleaseAt)}`,
  DeveloperVestingNothingToClaim: () => 'the vesting wallet has no revenue to forward yet',
  DeveloperVestingPayoutFailed: (a) => `forwarding ${eth(a.amount)} to ${addr(a.beneficiary)} failed`,
  // oracle
  OracleModelFrozen: (a) => `model #${String(a.modelId)} is frozen: it takes no requests`,
  OracleInputTooLong: (a) => `the input is ${String(a.length)} bytes; the model takes at most ${String(a.maxLength)}`,
  OracleInsufficientFee: (a) => `the payment ${eth(a.paid)} is below the fee ${eth(a.required)}`,
  OracleRefundFailed: (a) => `refunding ${eth(a.amount)} to ${addr(a.to)} failed`,
  OracleParamsMismatch: (a) => `the terms given for request #${String(a.requestId)} are not its own`,
  OracleWrongState: (a) =>
    `request #${String(a.requestId)} is ${REQUEST_STATES[Number(a.state)] ?? 'in another state'}`,
  OracleDeadlinePassed: (a) => `the deadline of request #${String(a.requestId)} passed at ${at(a.deadline)}`,
  OracleDeadlineNotReached: (a) => `request #${String(a.requestId)} can be acted on from ${at(a.deadline)}`,
  OracleOutputLength: (a) => `the output is ${String(a.length)} bytes; the model's is ${String(a.expected)}`,
  OracleNotOperator: (a) => `${addr(a.account)} is not a staked operator`,
  OracleNotOptedIn: (a) => `the operator is not opted in to model #${String(a.modelId)}`,
  OracleOperatorExcluded: (a) => `the operator was struck on request #${String(a.requestId)} and may not answer it`,
  OracleNotPrimary: (a) => `only the drawn operator ${addr(a.primary)} may answer before ${at(a.exclusiveUntil)}`,
  OracleDrawNotReady: (a) => `the operator draw is known once block ${String(a.readyAtBlock)} is mined: retry then`,
  OracleWeightChangePending: (a) =>
    `requests made before the operator's last stake change may still be drawing on it: retry at ${at(a.retryAt)}`,
  OracleMembershipChangePending: (a) =>
    `the operator left model #${String(a.modelId)} moments ago: it may opt in again at ${at(a.retryAt)}`,
  OracleCallbackDataTooLong: (a) => `the callback data is ${String(a.length)} bytes; at most ${String(a.max)}`,
  OracleInsufficientFreeStake: (a) => `the free stake ${eth(a.free)} is below the ${eth(a.needed)} needed`,
  OracleStakeTooLow: (a) => `the stake ${eth(a.stake)} is below the minimum ${eth(a.minStake)}`,
  OracleOperatorExiting: () => 'the operator is exiting',
  OracleStakeLocked: (a) => `${eth(a.locked)} of the stake is locked until ${at(a.unlocksAt)}`,
  OracleNotExiting: () => 'request an exit first',
  OracleStillOptedIn: (a) => `opt out of every model first (${String(a.models)} left)`,
  OracleCallbackGasTooHigh: (a) => `the callback gas limit ${String(a.gasLimit)} is above ${String(a.max)}`,
  OracleAlreadyOptedIn: (a) => `already opted in to model #${String(a.modelId)}`,
  OracleTooManyOperators: (a) => `model #${String(a.modelId)} already has ${String(a.max)} operators`,
  OracleResultDisputed: (a) =>
    `the result of request #${String(a.requestId)} is disputed: it finalizes once every game on it is settled in its favour`,
  OracleChallengeWindowClosed: (a) => `the challenge window closed at ${at(a.deadline)}`,
  OracleNotDisputeGame: () => 'only the dispute game may do this',
  OracleDisputeGameAlreadySet: () => 'the dispute game is already set',
  OracleNotCancellable: (a) =>
    BigInt(a.cancellableAt as bigint) >= 2n ** 255n
      ? `request #${String(a.requestId)} has a pending result: it can be cancelled only if its model is frozen`
      : `request #${String(a.requestId)} can be cancelled from ${at(a.cancellableAt)} if no result arrives`,
  OracleInsufficientCallbackGas: (a) =>
    `${String(a.available)} gas left for the callback; it needs ${String(a.needed)}`,
  OracleNothingToWithdraw: () => 'there is nothing to withdraw',
  OracleBatchSize: (a) => `a batch holds 1 to ${String(a.max)} items (this one ${String(a.size)})`,
  OracleInvalidConfig: () => 'the oracle parameters are out of their bounds',
  OracleModelNotFrozen: (a) => `model #${String(a.modelId)} is not frozen`,
  OracleNoModelFees: (a) => `model #${String(a.modelId)} has no fees to collect`,
  // dispute game
  GameWrongBond: (a) => `a challenge needs exactly the bond of ${eth(a.required)} (${eth(a.sent)} was sent)`,
  GameInputMismatch: () => 'the input given is not the request’s input',
  GameCommitmentMismatch: (a) => `the commitment given is not model #${String(a.modelId)}’s`,
  GameUnknown: (a) => `there is no game #${String(a.gameId)}`,
  GameWrongPhase: (a) =>
    `game #${String(a.gameId)} is in another phase (${GAME_PHASES[Number(a.phase)] ?? 'unknown'}): reload and move again`,
  GameNotYourTurn: (a) => `it is ${addr(a.mover)}’s move, not ${addr(a.caller)}’s`,
  GameStaleMove: (a) => `game #${String(a.gameId)} moved on since this move was computed: reload and move again`,
  GameClockExpired: (a) => `${addr(a.mover)}’s clock in game #${String(a.gameId)} ran out: anyone may call timeout`,
  GameClockRunning: (a) => `the mover’s clock in game #${String(a.gameId)} runs until ${at(a.expiresAt)}`,
  GameBadProof: (a) => `the proof does not check out: ${String(a.what)}`,
  GameNotSettleable: (a) => `game #${String(a.gameId)} is already settled, or the request terms given are not its own`,
  GameNothingToWithdraw: () => 'the dispute game owes this account nothing',
  GamePayoutFailed: (a) => `sending ${eth(a.amount)} to ${addr(a.to)} failed`,
  GameStillLive: (a) => `game #${String(a.gameId)} is still being played: settle it once it has ended`,
  GameResultStruck: (a) =>
    `the result of game #${String(a.gameId)} was already struck by another game: settle it for the bond and the gas compensation`,
  // invalid-op prover
  ProverCommitmentMismatch: (a) => `the commitment given is not model #${String(a.modelId)}’s`,
  ProverBadProof: (a) => `the proof does not check out: ${String(a.what)}`,
  ProverNoViolation: (a) => `op ${String(a.op)} breaks no rule: the model is valid there`,
  // example consumers
  RefundsNothingToSend: () => 'the consumer holds no refunds to send',
  RefundsPayoutFailed: (a) => `sending ${eth(a.amount)} to ${addr(a.to)} failed`,
  DigitGameInvalidDigit: (a) => `a digit is 0 to 9, not ${String(a.digit)}`,
  DigitGameInvalidDrawing: (a) => `a drawing is exactly 64 bytes, not ${String(a.length)}`,
  AIGCNFTUnknownToken: (a) => `there is no token #${String(a.tokenId)}`,
  // shared (OpenZeppelin)
  ReentrancyGuardReentrantCall: () => 'a reentrant call was refused',
  OwnableUnauthorizedAccount: (a) => `${addr(a.account)} is not the owner`,
};
