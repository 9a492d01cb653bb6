import type Database from 'better-sqlite3';
import type { JsonValue } from './contractEvents';
import { prepared } from '../jobs/openDatabase';

/**
 * The request fields the oracle's calls re-supply, named as in `IOpmlOracle` (the one place the
 * node spells the contract's structs; they travel as opaque JSON from the events).
 */
export type RequestParamsJson = Record<string, JsonValue>;
export interface AttemptJson {
  index: number;
  drawBlock: number;
  deadline: number;
}
export interface PostedJson {
  operator: string;
  attempt: number;
  challengeDeadline: number;
}

/** A posted result as its `ResultSubmitted` event gives it. */
export interface PostingTerms {
  resultId: string;
  posted: PostedJson;
  output: string;
  stateRoot: string;
}

/** Everything the node re-supplies to act on a request, read from its indexed events. */
export interface RequestTerms {
  requestId: number;
  params: RequestParamsJson;
  input: string;
  callbackData: string;
  /** The current attempt: the `Requested` one, or the last `ResultStruck`'s reopened one. */
  attempt: AttemptJson;
  /** The last posting, if any (pending, final or struck: see the request's status). */
  posting?: PostingTerms;
}

/**
 * A request's terms from the indexed `Requested`, `ResultStruck` and `ResultSubmitted` events, or
 * `undefined` when the request is not indexed.
 *
 * @example
 * const terms = readRequestTerms(db, 7);
 * oracle.interface.encodeFunctionData('submit', [7, terms.params, terms.attempt, output, stateRoot]);
 */
export function readRequestTerms(db: Database.Database, requestId: number): RequestTerms | undefined {
  const rows = prepared(
    db,
    `SELECT name, args FROM events WHERE request_id = ? AND contract = 'oracle'
         AND name IN ('Requested', 'ResultStruck', 'ResultSubmitted')
       ORDER BY block_number, log_index`,
  ).all(requestId) as { name: string; args: string }[];
  let terms: RequestTerms | undefined;
  for (const row of rows) {
    const a = JSON.parse(row.args) as Record<string, JsonValue>;
    if (row.name === 'Requested') {
      terms = {
        requestId,
        params: a.params as RequestParamsJson,
        input: String(a.input),
        callbackData: String(a.callbackData),
        attempt: a.attempt as unknown as AttemptJson,
      };
    } else if (!terms) {
      continue;
    } else if (row.name === 'ResultStruck') {
      terms.attempt = a.reopened as unknown as AttemptJson;
    } else {
      terms.posting = {
        resultId: String(a.resultId),
        posted: {
          operator: String(a.operator),
          attempt: Number(a.attempt),
          challengeDeadline: Number(a.challengeDeadline),
        },
        output: String(a.output),
        stateRoot: String(a.stateRoot),
      };
    }
  }
  return terms;
}
