/**
 * A request's life as the oracle's events tell it, in stages: requested → primary drawn → result
 * posted → challenge window → final (or challenged, struck and reopened, cancelled) → callback.
 * Library-free and browser-safe: the web app fills a `RequestRecord` from viem logs (or the oracle
 * node's index), the CLI from ethers; both show the same stages.
 */

/** One attempt of a request: the first, and one more after each struck result. */
export interface AttemptRecord {
  index: number;
  drawBlock: number;
  deadline: number;
  /** Until when only the drawn primary may answer (`deadline − timeout + responseWindow`). */
  exclusiveUntil: number;
  cause: 'requested' | 'struck';
  at: number;
  /**
   * The drawn primary: an address (the zero address when no member could be drawn), `null` while
   * the draw's seed block is not mined, undefined if unknown.
   */
  primary?: string | null;
}

/** A posted result. */
export interface PostingRecord {
  resultId: string;
  operator: string;
  attempt: number;
  output: string;
  stateRoot: string;
  challengeDeadline: number;
  at: number;
  block: number;
  txHash: string;
  outcome: 'pending' | 'finalized' | 'struck' | 'cancelled';
}

/** A dispute game opened on one of the request's results. */
export interface RequestGameRecord {
  id: bigint;
  resultId: string;
  challenger: string;
}

/** Everything the stages are made from. */
export interface RequestRecord {
  id: bigint;
  modelId: number;
  requester: string;
  callbackContract: string;
  fee: bigint;
  state: 'requested' | 'submitted' | 'finalized' | 'cancelled';
  /** Whether a game is open on the pending result (`statusOf(id).disputed`). */
  disputed: boolean;
  requested: { at: number; block: number; txHash: string };
  attempts: AttemptRecord[];
  postings: PostingRecord[];
  games: RequestGameRecord[];
  finalized?: { resultId: string; callbackSucceeded: boolean; callbackGasUsed: bigint; at: number; txHash: string };
  cancelled?: { refund: bigint; at: number; txHash: string };
}

export type StageKey = 'requested' | 'drawn' | 'posted' | 'window' | 'final' | 'callback';

/** One stage as shown: done, happening now, still to come, or failed (struck, cancelled). */
export interface Stage {
  key: StageKey;
  label: string;
  status: 'done' | 'current' | 'waiting' | 'failed';
  /** Chain time it happened. */
  at?: number;
  /** Chain time the current stage ends (a countdown target). */
  until?: number;
  detail: string;
  /** The game(s) to link to (the window stage of a challenged result). */
  games?: bigint[];
}

const ZERO_ADDRESS = /^0x0{40}$/i;

/**
 * The stages of a request at chain time `now` (seconds).
 *
 * @example
 * for (const s of requestStages(record, now)) console.log(s.label, s.status, s.detail);
 */
export function requestStages(r: RequestRecord, now: number): Stage[] {
  const attempt = r.attempts.at(-1)!;
  const posting = r.postings.find((p) => p.attempt === attempt.index && p.outcome !== 'struck');
  const struck = r.postings.filter((p) => p.outcome === 'struck');
  const stages: Stage[] = [];
  const reopened =
    struck.length > 0 ? ` Reopened after ${struck.length} struck result${struck.length > 1 ? 's' : ''}.` : '';

  stages.push({
    key: 'requested',
    label: 'Requested',
    status: 'done',
    at: r.requested.at,
    detail: `Request #${r.id} for model #${r.modelId}.`,
  });

  const primary = attempt.primary ?? (posting && posting.at < attempt.exclusiveUntil ? posting.operator : undefined);
  if (primary && !ZERO_ADDRESS.test(primary)) {
    stages.push({
      key: 'drawn',
      label: 'Primary drawn',
      status: 'done',
      at: attempt.at,
      detail: `Operator ${primary} answers alone until the response window closes; then any member may.${reopened}`,
    });
  } else if (r.state === 'requested' && primary && ZERO_ADDRESS.test(primary)) {
    stages.push({
      key: 'drawn',
      label: 'Primary drawn',
      status: 'failed',
      detail: `No operator could be drawn (no member of the model's draw was eligible): after the response window any member may answer; after the deadline anyone may cancel it for a refund.${reopened}`,
    });
  } else if (r.state === 'requested' && attempt.primary === null) {
    stages.push({
      key: 'drawn',
      label: 'Primary drawn',
      status: 'current',
      detail: `Waiting for block ${attempt.drawBlock + 1}, whose hash draws the operator.${reopened}`,
    });
  } else if (r.state === 'requested' && now >= attempt.exclusiveUntil) {
    stages.push({
      key: 'drawn',
      label: 'Primary drawn',
      status: 'done',
      detail: `The response window has closed: any opted-in operator may answer.${reopened}`,
    });
  } else if (r.state === 'requested') {
    stages.push({
      key: 'drawn',
      label: 'Primary drawn',
      status: 'current',
      detail: `Drawing the operator…${reopened}`,
    });
  } else {
    stages.push({
      key: 'drawn',
      label: 'Primary drawn',
      status: 'done',
      detail: `The draw is no longer readable from the chain's current state.${reopened}`,
    });
  }

  if (posting) {
    stages.push({
      key: 'posted',
      label: 'Result posted',
      status: 'done',
      at: posting.at,
      detail: `${posting.operator} posted output ${posting.output} with state root ${posting.stateRoot}.`,
    });
  } else if (r.state === 'cancelled') {
    stages.push({
      key: 'posted',
      label: 'Result posted',
      status: 'failed',
      detail: 'No result arrived before the deadline.',
    });
  } else {
    stages.push({
      key: 'posted',
      label: 'Result posted',
      status: r.state === 'requested' ? 'current' : 'waiting',
      until: attempt.deadline,
      detail: 'Waiting for the operator to run the model and post its output and state root.',
    });
  }

  const openGames = posting ? r.games.filter((g) => g.resultId === posting.resultId).map((g) => g.id) : [];
  if (!posting) {
    stages.push({
      key: 'window',
      label: 'Challenge window',
      status: r.state === 'cancelled' ? 'failed' : 'waiting',
      detail: 'Opens when a result is posted.',
    });
  } else if (r.state === 'finalized') {
    stages.push({
      key: 'window',
      label: 'Challenge window',
      status: 'done',
      at: posting.challengeDeadline,
      detail: openGames.length > 0 ? 'Every challenge failed.' : 'Nobody challenged the result.',
      games: openGames,
    });
  } else if (r.disputed) {
    stages.push({
      key: 'window',
      label: 'Challenged',
      status: 'current',
      detail: 'A dispute game is open on the result: it cannot finalize until every game is settled in its favour.',
      games: openGames,
    });
  } else if (now < posting.challengeDeadline) {
    stages.push({
      key: 'window',
      label: 'Challenge window',
      status: 'current',
      until: posting.challengeDeadline,
      detail: 'Anyone who re-runs the request and gets other bytes may challenge the result until the window closes.',
      games: openGames,
    });
  } else {
    stages.push({
      key: 'window',
      label: 'Challenge window',
      status: 'done',
      at: posting.challengeDeadline,
      detail: 'Closed unchallenged: anyone may finalize the result now.',
      games: openGames,
    });
  }

  if (r.finalized) {
    stages.push({
      key: 'final',
      label: 'Final',
      status: 'done',
      at: r.finalized.at,
      detail: 'The result is final: the fee was split and the operator’s bond released.',
    });
  } else if (r.cancelled) {
    stages.push({
      key: 'final',
      label: 'Cancelled',
      status: 'failed',
      at: r.cancelled.at,
      detail: `Cancelled; ${r.cancelled.refund} wei refunded to the requester.`,
    });
  } else {
    stages.push({
      key: 'final',
      label: 'Final',
      status: 'waiting',
      detail: 'Final once the window has closed with no game open and someone finalizes it.',
    });
  }

  if (!ZERO_ADDRESS.test(r.callbackContract)) {
    if (r.finalized) {
      stages.push({
        key: 'callback',
        label: 'Callback',
        status: r.finalized.callbackSucceeded ? 'done' : 'failed',
        at: r.finalized.at,
        detail: `${r.callbackContract} ${r.finalized.callbackSucceeded ? 'received the output' : 'reverted on the output (recorded; it never blocks the request)'} using ${r.finalized.callbackGasUsed} gas.`,
      });
    } else {
      stages.push({
        key: 'callback',
        label: 'Callback',
        status: r.cancelled ? 'failed' : 'waiting',
        detail: `${r.callbackContract} receives the output when the result is final.`,
      });
    }
  }
  return stages;
}
