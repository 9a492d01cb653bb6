import { Link } from 'react-router';
import type { Stage } from '@imo/oracle/client/requestTimeline';
import { formatTimestamp } from '@imo/oracle/format/formatTime';
import { Countdown } from '../../components/Countdown';

const MARK: Record<Stage['status'], string> = { done: '✓', current: '●', waiting: '○', failed: '✕' };

/** A request's stages in order, the current one with its countdown from chain time. */
export function RequestStages({ stages, now }: { stages: Stage[]; now: number | undefined }) {
  return (
    <ol className="stages" data-testid="stages">
      {stages.map((s) => (
        <li key={s.key} className={`stage stage-${s.status}`} data-stage={s.key} data-status={s.status}>
          <span className="stage-mark" aria-hidden="true">
            {MARK[s.status]}
          </span>
          <div className="stage-body">
            <p className="stage-title">
              <strong>{s.label}</strong>
              <span className="visually-hidden"> ({s.status})</span>
              {s.at !== undefined ? <span className="muted small"> {formatTimestamp(s.at)}</span> : null}
            </p>
            <p className="small break">{s.detail}</p>
            {s.until !== undefined && s.status === 'current' ? (
              <p className="small">
                <Countdown target={s.until} now={now} label={`${s.label} ends in`} /> left
              </p>
            ) : null}
            {s.games && s.games.length > 0 ? (
              <p className="small">
                {s.games.map((g) => (
                  <Link key={g.toString()} to={`/disputes/${g}`} className="game-link">
                    Game #{g.toString()}
                  </Link>
                ))}
              </p>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
