import { Link, useParams } from 'react-router';
import { CopyableHex } from '../../components/CopyableHex';
import { QueryState } from '../../components/QueryState';
import { SaleProgress } from '../../components/SaleProgress';
import { SplitBar } from '../../components/SplitBar';
import { StatList } from '../../components/StatList';
import { useHolderCount } from '../../data/useModelActivity';
import { useModel } from '../../data/useModels';
import { usePackageManifest } from '../../data/usePackageManifest';
import { formatBps, formatEth, formatTokens } from '@imo/oracle/format/formatAmount';
import { formatIo } from '../../format/formatIo';
import { formatTimestamp } from '@imo/oracle/format/formatTime';
import { SaleBadge } from '../models/SaleBadge';
import { RecentRequests } from './RecentRequests';
import { RevenuePanel } from './RevenuePanel';

/** One model: its card from the package, fee and split, token, sale, revenue and requests. */
export function ModelPage() {
  const params = useParams();
  const id = Number(params.id);
  const { model, usage, isLoading, error } = useModel(id);
  const manifest = usePackageManifest(model);
  const holders = useHolderCount(model);

  if (!Number.isInteger(id) || id <= 0) return <p className="page error">“{params.id}” is not a model id.</p>;
  return (
    <section className="page">
      <QueryState isLoading={isLoading} error={error} what="the model">
        {!model ? (
          <p>
            There is no model #{id}. <Link to="/">See every model</Link>.
          </p>
        ) : (
          <>
            <div className="page-head">
              <h1>
                <span className="muted">#{model.id}</span> {manifest.data?.name || model.token.name}{' '}
                <span className="symbol">{model.token.symbol}</span>
              </h1>
              {model.sale ? (
                <Link className="button-primary" to={`/models/${model.id}/sale`}>
                  {model.sale.state === 'active' ? 'Join the sale' : 'Sale details'}
                </Link>
              ) : null}
            </div>
            {model.copyOf !== undefined ? (
              <p className="banner banner-warning">
                This model uses the same weights and graph as{' '}
                <Link to={`/models/${model.copyOf}`}>model #{model.copyOf}</Link>, registered earlier by another
                developer.
              </p>
            ) : null}
            {model.frozen ? (
              <p className="banner banner-danger">
                This model was frozen by the dispute game: it takes no new requests.
              </p>
            ) : null}
            <div className="grid">
              <section className="card span-2" aria-labelledby="package-heading">
                <h2 id="package-heading">Package</h2>
                {manifest.data ? (
                  <>
                    <p>{manifest.data.description || 'No description in the manifest.'}</p>
                    {manifest.data.preprocessing ? (
                      <p className="small muted">Input: {manifest.data.preprocessing}</p>
                    ) : null}
                    {!manifest.data.matchesChain ? (
                      <p className="error small" role="alert">
                        The manifest served at {manifest.data.from} declares another modelHash than the chain: do not
                        trust it.
                      </p>
                    ) : null}
                  </>
                ) : manifest.isLoading ? (
                  <p className="muted">Fetching the manifest…</p>
                ) : (
                  <p className="muted">
                    The manifest could not be fetched from its package URI{' '}
                    {model.packageURI ? <code>{model.packageURI}</code> : null} (an oracle node serves every package it
                    runs by modelHash).
                  </p>
                )}
                <StatList
                  items={[
                    ['License', model.license || '—'],
                    [
                      'Package URI',
                      <code key="uri" className="break">
                        {model.packageURI}
                      </code>,
                    ],
                    ['modelHash', <CopyableHex key="h" value={model.modelHash} label="modelHash" />],
                    ['graphRoot', <CopyableHex key="g" value={model.graphRoot} label="graphRoot" />],
                    ['paramsRoot', <CopyableHex key="p" value={model.paramsRoot} label="paramsRoot" />],
                    ['Input → output', formatIo(model.io)],
                    ['Ops', `${model.opCount} (state depth ${model.stateDepth})`],
                    ['Developer', <CopyableHex key="d" value={model.developer} />],
                  ]}
                />
              </section>
              <section className="card" aria-labelledby="fee-heading">
                <h2 id="fee-heading">Fee and split</h2>
                <p className="big">
                  {formatEth(model.fee)} <span className="muted small">per inference</span>
                </p>
                <SplitBar split={model.split} />
                {model.pendingSplit ? (
                  <p className="small note">
                    From {formatTimestamp(model.pendingSplit.at)} holders get{' '}
                    {formatBps(model.pendingSplit.split.holdersBps)}.
                  </p>
                ) : null}
              </section>
              <section className="card" aria-labelledby="token-heading">
                <h2 id="token-heading">Token</h2>
                <StatList
                  items={[
                    ['Supply', formatTokens(model.token.totalSupply, model.token.symbol)],
                    ['Holders', holders.data !== undefined ? holders.data.toLocaleString('en-US') : '…'],
                    [
                      'Redemption reserve',
                      `${formatEth(model.token.redemptionReserve)} (${formatBps(model.token.reserveBps)} of revenue)`,
                    ],
                    ['Requests', usage ? usage.requests.toLocaleString('en-US') : '…'],
                    ['Revenue to holders', usage ? formatEth(usage.holderRevenue) : '…'],
                    ['Address', <CopyableHex key="t" value={model.token.address} label="token address" />],
                  ]}
                />
              </section>
              {model.sale ? (
                <section className="card span-2" aria-labelledby="sale-heading">
                  <div className="card-head">
                    <h2 id="sale-heading">Sale</h2>
                    <SaleBadge state={model.sale.state} />
                  </div>
                  <SaleProgress
                    committed={model.sale.totalCommitted}
                    softCap={model.sale.terms.softCap}
                    hardCap={model.sale.terms.hardCap}
                  />
                  <StatList
                    items={[
                      ['Price', `${formatEth(model.sale.terms.price, 6)} per ${model.token.symbol}`],
                      ['Opens', formatTimestamp(model.sale.terms.start)],
                      ['Closes', formatTimestamp(model.sale.terms.end)],
                      ['For sale', formatTokens(model.sale.terms.saleSupply, model.token.symbol)],
                    ]}
                  />
                  <Link to={`/models/${model.id}/sale`}>Go to the sale →</Link>
                </section>
              ) : null}
              <div className="span-2">
                <RevenuePanel model={model} />
              </div>
              <div className="span-2">
                <RecentRequests modelId={model.id} />
              </div>
            </div>
          </>
        )}
      </QueryState>
    </section>
  );
}
