/**
 * The bisection's current range drawn over the ops: the whole bar is ops 0…n, the highlighted part
 * is where the two sides still disagree (they agree on the state after `lo`, not after `hi`).
 */
export function RangeBar({ lo, hi, opCount, ended }: { lo: number; hi: number; opCount: number; ended: boolean }) {
  const pct = (v: number) => `${(100 * v) / Math.max(1, opCount)}%`;
  const label = ended
    ? `The game has ended (last range: ops ${lo}…${hi} of ${opCount}).`
    : hi - lo === 1
      ? `Pinned to op ${hi}: the states after op ${lo} agree, after op ${hi} they differ.`
      : `The sides agree on the state after op ${lo} and disagree after op ${hi} (of ${opCount}).`;
  return (
    <figure className="range-bar" data-testid="range-bar">
      <div className="range-track" role="img" aria-label={label}>
        <div className="range-fill" style={{ left: pct(lo), width: `max(4px, ${pct(hi - lo)})` }} />
        {Array.from({ length: opCount + 1 }, (_, k) => (
          <span key={k} className="range-tick" style={{ left: pct(k) }} />
        ))}
      </div>
      <div className="range-scale small muted" aria-hidden="true">
        <span>op 0 (input)</span>
        <span>op {opCount} (output)</span>
      </div>
      <figcaption className="small">{label}</figcaption>
    </figure>
  );
}
