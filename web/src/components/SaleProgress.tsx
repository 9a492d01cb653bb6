import { formatEth } from '@imo/oracle/format/formatAmount';

/**
 * Committed ETH against the soft and hard caps: the bar fills to the hard cap (beyond it, the sale is
 * oversubscribed and allotted pro rata), with a mark at the soft cap.
 */
export function SaleProgress({ committed, softCap, hardCap }: { committed: bigint; softCap: bigint; hardCap: bigint }) {
  const percent = hardCap === 0n ? 0 : Number((committed * 10_000n) / hardCap) / 100;
  const softMark = hardCap === 0n ? 0 : Number((softCap * 10_000n) / hardCap) / 100;
  return (
    <div className="sale-progress">
      <div
        className="bar"
        role="progressbar"
        aria-label="Committed toward the hard cap"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(100, Math.round(percent))}
        aria-valuetext={`${formatEth(committed)} of ${formatEth(hardCap)} (${percent.toFixed(1)} %)`}
      >
        <div className={`bar-fill ${percent > 100 ? 'over' : ''}`} style={{ width: `${Math.min(100, percent)}%` }} />
        <div className="bar-mark" style={{ left: `${Math.min(100, softMark)}%` }} title="soft cap" />
      </div>
      <div className="bar-legend small">
        <span>
          <strong>{formatEth(committed)}</strong> committed ({percent.toFixed(1)} % of the hard cap)
        </span>
        <span className="muted">
          soft cap {formatEth(softCap)} · hard cap {formatEth(hardCap)}
        </span>
      </div>
      {percent > 100 ? (
        <p className="small note">
          Oversubscribed: everyone gets the same share of their commitment in tokens, the rest back.
        </p>
      ) : null}
    </div>
  );
}
