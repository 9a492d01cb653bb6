import { clocksAt, type GameClocks, type Side } from '@imo/oracle/dispute/gameClocks';
import { formatDuration } from '@imo/oracle/format/formatTime';

/** Both chess clocks, the mover's running down from its last move in chain time. */
export function GameClocksView({
  clocks,
  mover,
  now,
}: {
  clocks: GameClocks;
  mover: Side | null;
  now: number | undefined;
}) {
  const left = clocksAt(clocks, mover, now ?? clocks.lastMoveAt);
  return (
    <div className="clocks">
      {(['proposer', 'challenger'] as const).map((side) => (
        <div key={side} className={`clock${mover === side ? ' clock-running' : ''}`} data-testid={`clock-${side}`}>
          <span className="small muted">{side === 'proposer' ? 'Proposer (operator)' : 'Challenger'}</span>
          <span className="big mono">{formatDuration(left[side])}</span>
          <span className="small">{mover === side ? 'to move — running' : 'waiting'}</span>
        </div>
      ))}
    </div>
  );
}
