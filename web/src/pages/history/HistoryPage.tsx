import { Link } from 'react-router';
import { useAccount } from 'wagmi';
import { formatEth } from '@imo/oracle/format/formatAmount';
import { formatTimestamp } from '@imo/oracle/format/formatTime';
import { QueryState } from '../../components/QueryState';
import { SourceNote } from '../../components/SourceNote';
import { useModels } from '../../data/useModels';
import { useMyRequests } from '../../data/useMyRequests';
import { usePackageManifest } from '../../data/usePackageManifest';
import type { ModelInfo } from '../../data/types';
import { OutputView } from '../request/ModelIo';

/** An output with the labels of its model's package, when the package's manifest can be fetched. */
function HistoryOutput({ output, model }: { output: string; model: ModelInfo | undefined }) {
  const manifest = usePackageManifest(model);
  return (
    <OutputView output={output} dtype={model?.io.outputDtype === 1 ? 'int32' : 'int8'} labels={manifest.data?.labels} />
  );
}

/** The connected account's requests, newest first, with their outputs and status. */
export function HistoryPage() {
  const { address } = useAccount();
  const history = useMyRequests(address);
  const models = useModels();
  return (
    <section className="page">
      <div className="page-head">
        <h1>My requests</h1>
        <Link className="button-primary" to="/playground">
          New request
        </Link>
      </div>
      {!address ? (
        <p>Connect a wallet to see the requests you paid for (directly or through the example consumer).</p>
      ) : (
        <QueryState isLoading={history.isLoading} error={history.error} what="your requests">
          {history.data?.items.length === 0 ? (
            <p>
              No requests from this account yet. <Link to="/playground">Try a model in the playground</Link>.
            </p>
          ) : (
            <div className="table-wrap">
              <table className="compact-table" data-testid="history-table">
                <thead>
                  <tr>
                    <th scope="col">Request</th>
                    <th scope="col">Model</th>
                    <th scope="col">Status</th>
                    <th scope="col">Output</th>
                    <th scope="col">Fee</th>
                    <th scope="col">Requested</th>
                  </tr>
                </thead>
                <tbody>
                  {history.data?.items.map((r) => {
                    const model = models.data?.find((m) => m.id === r.modelId);
                    return (
                      <tr key={r.id.toString()}>
                        <td data-label="Request">
                          <Link to={`/requests/${r.id}`}>#{r.id.toString()}</Link>
                          {r.via === 'consumer' ? <span className="small muted"> via consumer</span> : null}
                        </td>
                        <td data-label="Model">
                          #{r.modelId} {model?.token.name ?? ''}
                        </td>
                        <td data-label="Status">
                          <span className={`badge badge-request-${r.status}`}>
                            {r.disputed ? 'challenged' : r.status}
                          </span>
                        </td>
                        <td data-label="Output">
                          {r.output ? <HistoryOutput output={r.output} model={model} /> : '—'}
                        </td>
                        <td data-label="Fee">{formatEth(r.fee)}</td>
                        <td data-label="Requested" className="small">
                          {formatTimestamp(r.requestedAt)}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <SourceNote source={history.data?.source} what="Your requests" />
        </QueryState>
      )}
    </section>
  );
}
