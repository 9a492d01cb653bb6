import { lazy, Suspense, useState } from 'react';
import { SourceNote } from '../../components/SourceNote';
import { useRevenue } from '../../data/useModelActivity';
import type { ModelInfo, RevenueBucket } from '../../data/types';

const RevenueChart = lazy(() => import('./RevenueChart'));

/** The model's revenue over time, by hour or day. */
export function RevenuePanel({ model }: { model: ModelInfo }) {
  const [bucket, setBucket] = useState<RevenueBucket>('hour');
  const { data, isLoading, error } = useRevenue(model, bucket);
  return (
    <section className="card" aria-labelledby="revenue-heading">
      <div className="card-head">
        <h2 id="revenue-heading">Revenue</h2>
        <div className="segmented" role="group" aria-label="Group revenue by">
          {(['hour', 'day'] as const).map((b) => (
            <button key={b} type="button" aria-pressed={bucket === b} onClick={() => setBucket(b)}>
              per {b}
            </button>
          ))}
        </div>
      </div>
      {error ? (
        <p className="error" role="alert">
          Could not read the revenue: {error.message.split('\n')[0]}
        </p>
      ) : isLoading || !data ? (
        <p className="muted">Loading revenue…</p>
      ) : data.points.length === 0 ? (
        <p className="muted">No revenue yet: it arrives with the first paid inference.</p>
      ) : (
        <Suspense fallback={<p className="muted">Loading the chart…</p>}>
          <RevenueChart points={data.points} bucket={bucket} />
        </Suspense>
      )}
      <SourceNote source={data?.source} what="Revenue" />
    </section>
  );
}
