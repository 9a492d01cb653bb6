import { AddressText } from '../../components/AddressText';
import { SourceNote } from '../../components/SourceNote';
import { useRecentRequests } from '../../data/useModelActivity';
import { formatEth } from '@imo/oracle/format/formatAmount';
import { formatTimestamp } from '@imo/oracle/format/formatTime';

/** The model's latest oracle requests with their status. */
export function RecentRequests({ modelId }: { modelId: number }) {
  const { data, isLoading, error } = useRecentRequests(modelId);
  return (
    <section className="card" aria-labelledby="requests-heading">
      <h2 id="requests-heading">Recent requests</h2>
      {error ? (
        <p className="error" role="alert">
          Could not read the requests: {error.message.split('\n')[0]}
        </p>
      ) : isLoading || !data ? (
        <p className="muted">Loading requests…</p>
      ) : data.requests.length === 0 ? (
        <p className="muted">No request yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="compact-table" data-testid="requests-table">
            <thead>
              <tr>
                <th scope="col">Request</th>
                <th scope="col">When</th>
                <th scope="col">Requester</th>
                <th scope="col">Fee</th>
                <th scope="col">Status</th>
                <th scope="col">Operator</th>
              </tr>
            </thead>
            <tbody>
              {data.requests.map((r) => (
                <tr key={r.id.toString()}>
                  <td data-label="Request">#{r.id.toString()}</td>
                  <td data-label="When">{formatTimestamp(r.requestedAt)}</td>
                  <td data-label="Requester">
                    <AddressText address={r.requester} />
                  </td>
                  <td data-label="Fee">{formatEth(r.fee)}</td>
                  <td data-label="Status">
                    <span className={`badge badge-request-${r.status}`}>{r.status}</span>
                  </td>
                  <td data-label="Operator">{r.operator ? <AddressText address={r.operator} /> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <SourceNote source={data?.source} what="Requests" />
    </section>
  );
}
