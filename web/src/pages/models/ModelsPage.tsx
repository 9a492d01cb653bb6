import { useState } from 'react';
import { Link } from 'react-router';
import { QueryState } from '../../components/QueryState';
import { useModels, useUsage } from '../../data/useModels';
import { formatEth } from '@imo/oracle/format/formatAmount';
import { sortModelRows, toModelRows, type SortDirection, type SortKey } from './modelRows';
import { SaleBadge } from './SaleBadge';

const COLUMNS: [SortKey, string][] = [
  ['name', 'Model'],
  ['fee', 'Fee / request'],
  ['sale', 'Sale'],
  ['price', 'Price / token'],
  ['requests', 'Requests'],
  ['revenue', 'Revenue to holders'],
];

/** Every registered model in a sortable table. */
export function ModelsPage() {
  const { data, isLoading, error } = useModels();
  const usage = useUsage(data);
  const [sort, setSort] = useState<{ key: SortKey; direction: SortDirection }>({ key: 'id', direction: 'ascending' });
  const rows = data ? sortModelRows(toModelRows(data, usage.data?.usage), sort.key, sort.direction) : [];
  const toggle = (key: SortKey) =>
    setSort((s) => ({
      key,
      direction:
        s.key === key && s.direction === 'descending' ? 'ascending' : key === 'name' ? 'ascending' : 'descending',
    }));

  return (
    <section className="page">
      <div className="page-head">
        <h1>Models</h1>
        <Link className="button-primary" to="/launch">
          Launch a model
        </Link>
      </div>
      <p className="lede">
        Open models with a revenue-share token: every paid inference splits its fee between token holders, the developer
        and the operator who answered.
      </p>
      <QueryState isLoading={isLoading} error={error} what="the models">
        {rows.length === 0 ? (
          <p>No model is registered yet. Be the first: launch one.</p>
        ) : (
          <div className="table-wrap">
            <label className="sort-select small">
              Sort by
              <select
                value={`${sort.key}:${sort.direction}`}
                onChange={(e) => {
                  const [key, direction] = e.target.value.split(':') as [SortKey, SortDirection];
                  setSort({ key, direction });
                }}
              >
                <option value="id:ascending">Newest last</option>
                {COLUMNS.map(([key, label]) => (
                  <option key={key} value={`${key}:${key === 'name' ? 'ascending' : 'descending'}`}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <table className="models-table" data-testid="models-table">
              <caption className="visually-hidden">Registered models, sortable by each column</caption>
              <thead>
                <tr>
                  {COLUMNS.map(([key, label]) => (
                    <th key={key} scope="col" aria-sort={sort.key === key ? sort.direction : 'none'}>
                      <button type="button" className="sort-button" onClick={() => toggle(key)}>
                        {label}
                        <span aria-hidden="true">
                          {sort.key === key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}
                        </span>
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-testid={`model-row-${r.id}`}>
                    <td data-label="Model">
                      <Link to={`/models/${r.id}`} className="model-link">
                        <span className="muted">#{r.id}</span> {r.name} <span className="symbol">{r.symbol}</span>
                      </Link>
                      {r.copyOf !== undefined ? (
                        <span className="badge badge-warning" title={`Same weights and graph as model #${r.copyOf}`}>
                          copy of #{r.copyOf}
                        </span>
                      ) : null}
                      {r.frozen ? <span className="badge badge-danger">frozen</span> : null}
                    </td>
                    <td data-label="Fee / request">{formatEth(r.fee)}</td>
                    <td data-label="Sale">
                      <SaleBadge state={r.saleState} progress={r.saleProgress} />
                    </td>
                    <td data-label="Price / token">{r.price !== undefined ? formatEth(r.price, 6) : '—'}</td>
                    <td data-label="Requests">{r.requests?.toLocaleString('en-US') ?? '…'}</td>
                    <td data-label="Revenue to holders">
                      {r.holderRevenue !== undefined ? formatEth(r.holderRevenue) : '…'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {usage.data ? (
          <p className="small muted">
            Request counts from {usage.data.source === 'node' ? 'the oracle node' : 'the oracle’s events on chain'};
            revenue to holders is every deposit into the token minus its redemption reserve share.
          </p>
        ) : null}
      </QueryState>
    </section>
  );
}
