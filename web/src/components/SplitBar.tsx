import type { Split } from '../data/types';
import { formatBps } from '@imo/oracle/format/formatAmount';

const PARTS: [keyof Split, string][] = [
  ['holdersBps', 'Token holders'],
  ['developerBps', 'Developer'],
  ['operatorBps', 'Operator'],
  ['protocolBps', 'Protocol'],
];

/** How each inference fee is split, as a bar with a legend. */
export function SplitBar({ split }: { split: Split }) {
  return (
    <div className="split">
      <div className="split-bar" aria-hidden="true">
        {PARTS.map(([key]) => (
          <span key={key} className={`split-${key}`} style={{ width: `${split[key] / 100}%` }} />
        ))}
      </div>
      <ul className="split-legend small">
        {PARTS.map(([key, label]) => (
          <li key={key}>
            <span className={`swatch split-${key}`} aria-hidden="true" /> {label} {formatBps(split[key])}
          </li>
        ))}
      </ul>
    </div>
  );
}
