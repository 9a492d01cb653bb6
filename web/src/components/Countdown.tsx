import { formatDuration, formatTimestamp } from '@imo/oracle/format/formatTime';

/** Time left until `target` (chain seconds) from chain time `now`, with the absolute moment beside it. */
export function Countdown({ target, now, label }: { target: number; now: number | undefined; label: string }) {
  const left = now === undefined ? undefined : Math.max(0, target - now);
  return (
    <span className="countdown">
      <span
        className="countdown-value"
        data-testid="countdown"
        aria-label={`${label}: ${left === undefined ? 'loading' : formatDuration(left)}`}
      >
        {left === undefined ? '…' : formatDuration(left)}
      </span>{' '}
      <span className="muted small">({formatTimestamp(target)})</span>
    </span>
  );
}
