/**
 * The two chess clocks of a dispute game, replayed from its moves (the contract exposes only the
 * mover's deadline, `gameState(id).moverDeadline`). The rule (`OpmlDisputeGame._move`, `_next`):
 * each side starts with `clockBudget` seconds at the opening; a move charges its mover the time
 * since the previous move (or the opening); when the turn passes to a side whose clock is below
 * `inclusionDelay`, it is topped up to `inclusionDelay`. Browser-safe.
 */

export type Side = 'proposer' | 'challenger';

/** The clocks as of the last move: seconds left per side and when the last move (or the opening) was. */
export interface GameClocks {
  proposer: number;
  challenger: number;
  lastMoveAt: number;
}

/**
 * Replays the clocks over the moves in order (`{ by, at }`, chain time), given who moves next after
 * the last one (`next`, or null once the game ended).
 *
 * @example
 * replayClocks({ openedAt: 100, clockBudget: 300, inclusionDelay: 15 }, [{ by: 'proposer', at: 130 }], 'proposer');
 * // { proposer: 270, challenger: 300, lastMoveAt: 130 }
 */
export function replayClocks(
  rules: { openedAt: number; clockBudget: number; inclusionDelay: number },
  moves: readonly { by: Side; at: number }[],
  next: Side | null,
): GameClocks {
  const clocks: GameClocks = { proposer: rules.clockBudget, challenger: rules.clockBudget, lastMoveAt: rules.openedAt };
  moves.forEach((move, i) => {
    clocks[move.by] = Math.max(0, clocks[move.by] - (move.at - clocks.lastMoveAt));
    clocks.lastMoveAt = move.at;
    const following = i + 1 < moves.length ? moves[i + 1]!.by : next;
    if (following && clocks[following] < rules.inclusionDelay) clocks[following] = rules.inclusionDelay;
  });
  return clocks;
}

/**
 * Seconds left on each side's clock at chain time `now`: the mover's runs down from the last move;
 * the other's stands still. A `now` before the last move (a client's estimate of chain time lagging
 * a new block) counts as the last move's time.
 */
export function clocksAt(clocks: GameClocks, mover: Side | null, now: number): Record<Side, number> {
  const elapsed = Math.max(0, now - clocks.lastMoveAt);
  const running = (side: Side) => (mover === side ? Math.max(0, clocks[side] - elapsed) : clocks[side]);
  return { proposer: running('proposer'), challenger: running('challenger') };
}
