/**
 * What the job loop does when the oracle refuses a submission or finalization, by custom error:
 * - `wait`: the chain will allow it later (the draw is not ready, another operator holds the
 *   exclusive window, the result is disputed, the window has not closed, stake is locked in other bonds);
 * - `reconcile`: the request moved on (answered, struck, cancelled, reorged): the index will say how;
 * - `expire`: the attempt's deadline passed;
 * - `fail`: it will never work for this request (recorded on the job with the decoded error).
 * Errors not listed fail too, after the retries the loop allows for undecodable reverts.
 */
export type RevertAction = 'wait' | 'reconcile' | 'expire' | 'fail';

const ACTIONS: Record<string, RevertAction> = {
  OracleDrawNotReady: 'wait',
  OracleNotPrimary: 'wait',
  OracleResultDisputed: 'wait',
  OracleDeadlineNotReached: 'wait',
  OracleInsufficientFreeStake: 'wait',
  OracleInsufficientCallbackGas: 'wait',
  OracleWrongState: 'reconcile',
  OracleParamsMismatch: 'reconcile',
  OracleDeadlinePassed: 'expire',
  OracleNotOptedIn: 'fail',
  OracleOperatorExcluded: 'fail',
  OracleOperatorExiting: 'fail',
  OracleNotOperator: 'fail',
  OracleModelFrozen: 'fail',
  OracleOutputLength: 'fail',
  OracleChallengeWindowClosed: 'fail',
};

/**
 * The action for a decoded custom error name (undefined: not a known oracle error).
 *
 * @example
 * revertAction('OracleNotPrimary') // 'wait'
 */
export function revertAction(name: string | undefined): RevertAction | undefined {
  return name === undefined ? undefined : ACTIONS[name];
}
