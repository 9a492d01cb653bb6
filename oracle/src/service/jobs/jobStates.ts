import { OracleNodeError } from '../OracleNodeError';

/**
 * Where the node's job for a request stands. The chain decides most of it (the node reconciles
 * each job with the indexed request after every range and every reorg); the node's own actions
 * move it only along `LOCAL_TRANSITIONS`.
 *
 * - `queued`: the request is open for the node; no output yet (waiting for the package or a worker).
 * - `computed`: output and state root computed from the verified package, not sent yet (waiting for
 *   the draw, the exclusive window, free stake, or a transaction slot).
 * - `submitting`: a signed submission is recorded (hash and nonce) and in flight.
 * - `submitted`: the node's result is on chain, in its challenge window.
 * - `finalizing`: a finalization is in flight.
 * - `finalized`: the node's result is final (its callback ran, fees paid).
 * - `answered_by_other`: another operator's result was posted (reopens if it is struck).
 * - `struck`: the node's result was proven wrong; the request reopened without it.
 * - `expired`: the attempt's deadline passed without the node's result.
 * - `cancelled`: the request was cancelled and refunded.
 * - `failed`: a fatal error (recorded on the job with the decoded custom error).
 * - `rolled_back`: the request left the chain in a reorg (handled once if it comes back).
 */
export const JOB_STATES = [
  'queued',
  'computed',
  'submitting',
  'submitted',
  'finalizing',
  'finalized',
  'answered_by_other',
  'struck',
  'expired',
  'cancelled',
  'failed',
  'rolled_back',
] as const;
export type JobState = (typeof JOB_STATES)[number];

/** What the node itself may do to a job (the chain may move it anywhere: see `JobStore.reconcile`). */
export const LOCAL_TRANSITIONS: Readonly<Record<JobState, readonly JobState[]>> = {
  queued: ['computed', 'failed', 'expired'],
  computed: ['submitting', 'failed', 'expired'],
  submitting: ['computed', 'failed', 'expired'],
  submitted: ['finalizing'],
  finalizing: ['submitted'],
  finalized: [],
  answered_by_other: [],
  struck: [],
  expired: [],
  cancelled: [],
  failed: [],
  rolled_back: [],
};

/** States in which the node still has something to do for the request. */
export const ACTIVE_STATES: readonly JobState[] = ['queued', 'computed', 'submitting', 'submitted', 'finalizing'];

/**
 * Whether the node may move a job from `from` to `to` by its own action.
 *
 * @example
 * canTransition('computed', 'submitting') // true
 */
export function canTransition(from: JobState, to: JobState): boolean {
  return LOCAL_TRANSITIONS[from].includes(to);
}

/**
 * Throws `INVALID_TRANSITION` unless the node may move a job from `from` to `to`.
 *
 * @example
 * assertTransition('computed', 'submitting');
 */
export function assertTransition(from: JobState, to: JobState): void {
  if (!canTransition(from, to)) {
    throw new OracleNodeError('INVALID_TRANSITION', `a job cannot go from ${from} to ${to} by the node's own action`);
  }
}
