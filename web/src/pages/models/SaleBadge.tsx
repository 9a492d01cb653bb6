import type { SaleState } from '../../data/types';

const LABELS: Record<SaleState, string> = {
  pending: 'upcoming',
  active: 'open',
  succeeded: 'finished',
  failed: 'failed',
};

/** A sale's state as a badge, with its progress while it runs. */
export function SaleBadge({ state, progress }: { state: SaleState | undefined; progress?: number }) {
  if (!state) return <span className="muted">no sale</span>;
  return (
    <span className={`badge badge-sale-${state}`}>
      {LABELS[state]}
      {state === 'active' && progress !== undefined ? ` · ${progress.toFixed(0)} %` : ''}
    </span>
  );
}
