import { Link, useParams } from 'react-router';
import { isAddressEqual, zeroHash } from 'viem';
import { useAccount } from 'wagmi';
import { CopyableHex } from '../../components/CopyableHex';
import { Countdown } from '../../components/Countdown';
import { QueryState } from '../../components/QueryState';
import { SaleProgress } from '../../components/SaleProgress';
import { StatList } from '../../components/StatList';
import { imoSaleAbi } from '../../contracts/generated';
import { useModel } from '../../data/useModels';
import { useSale } from '../../data/useSale';
import { formatBps, formatEth, formatTokens } from '@imo/oracle/format/formatAmount';
import { formatTimestamp } from '@imo/oracle/format/formatTime';
import { useBlockTime } from '../../time/useBlockTime';
import { TransactionButton } from '../../tx/TransactionButton';
import { SaleBadge } from '../models/SaleBadge';
import { CommitForm } from './CommitForm';

/** A model's IMO sale: progress, countdown, your position, commit; after the end claim or refund; the developer's payouts. */
export function SalePage() {
  const params = useParams();
  const id = Number(params.id);
  const { model, isLoading, error } = useModel(id);
  const { address } = useAccount();
  const { sale: saleQuery, position, settlement } = useSale(model?.sale?.address, id, address);
  const now = useBlockTime();
  const sale = saleQuery.data ?? model?.sale;

  return (
    <section className="page">
      <QueryState isLoading={isLoading} error={error} what="the sale">
        {!model || !sale ? (
          <p>
            Model #{params.id} has no sale. <Link to="/">See every model</Link>.
          </p>
        ) : (
          (() => {
            const t = sale.terms;
            const symbol = model.token.symbol;
            const ended = sale.state === 'succeeded' || sale.state === 'failed';
            const pos = position.data;
            const isDeveloper = address !== undefined && isAddressEqual(address, t.developer);
            const fee =
              ((sale.totalCommitted < t.hardCap ? sale.totalCommitted : t.hardCap) * BigInt(t.protocolFeeBps)) /
              10_000n;
            return (
              <>
                <div className="page-head">
                  <h1>
                    Sale of <Link to={`/models/${model.id}`}>{model.token.name}</Link>{' '}
                    <span className="symbol">{symbol}</span>
                  </h1>
                  <SaleBadge state={sale.state} />
                </div>
                <div className="grid">
                  <section className="card span-2" aria-labelledby="progress-heading">
                    <h2 id="progress-heading">Progress</h2>
                    <SaleProgress committed={sale.totalCommitted} softCap={t.softCap} hardCap={t.hardCap} />
                    <p>
                      {sale.state === 'pending' ? (
                        <>
                          Opens in <Countdown target={t.start} now={now} label="Opens in" />
                        </>
                      ) : sale.state === 'active' ? (
                        <>
                          Closes in <Countdown target={t.end} now={now} label="Closes in" />
                        </>
                      ) : (
                        <>
                          Closed {formatTimestamp(t.end)}:{' '}
                          {sale.state === 'succeeded'
                            ? 'the soft cap was reached, buyers claim their tokens.'
                            : 'the soft cap was missed, every buyer gets a full refund.'}
                        </>
                      )}
                    </p>
                  </section>
                  <section className="card" aria-labelledby="terms-heading">
                    <h2 id="terms-heading">Terms</h2>
                    <StatList
                      items={[
                        ['Price', `${formatEth(t.price, 6)} per ${symbol}`],
                        ['Soft cap', formatEth(t.softCap)],
                        ['Hard cap', formatEth(t.hardCap)],
                        ['Wallet cap', formatEth(t.walletCap)],
                        ['For sale', formatTokens(t.saleSupply, symbol)],
                        ['Window', `${formatTimestamp(t.start)} → ${formatTimestamp(t.end)}`],
                        [
                          'Allowlist',
                          t.allowlistRoot === zeroHash ? (
                            'none (open to all)'
                          ) : (
                            <CopyableHex key="a" value={t.allowlistRoot} label="allowlist root" />
                          ),
                        ],
                        ['Protocol fee', formatBps(t.protocolFeeBps)],
                        ['Liquidity share', formatBps(t.liquidityShareBps)],
                        ['Sale contract', <CopyableHex key="s" value={sale.address} label="sale address" />],
                      ]}
                    />
                  </section>
                  <section className="card" aria-labelledby="position-heading">
                    <h2 id="position-heading">Your position</h2>
                    {!address ? (
                      <p className="muted">Connect a wallet to see your commitment.</p>
                    ) : !pos ? (
                      <p className="muted">Loading…</p>
                    ) : pos.committed === 0n && sale.state !== 'active' ? (
                      <p className="muted" data-testid="position-none">
                        You did not commit to this sale.
                      </p>
                    ) : (
                      <StatList
                        className="position"
                        items={[
                          [
                            'Committed',
                            <span key="c" data-testid="position-committed">
                              {formatEth(pos.committed)}
                            </span>,
                          ],
                          [
                            ended ? 'Allotment' : 'Expected allotment',
                            <span key="a" data-testid="position-allotment">
                              {formatTokens(pos.allotment.tokens, symbol)}
                            </span>,
                          ],
                          [
                            ended ? 'Excess refunded' : 'Expected refund',
                            <span key="r" data-testid="position-refund">
                              {formatEth(sale.state === 'failed' ? pos.committed : pos.allotment.refund)}
                            </span>,
                          ],
                          ['Claimed', pos.claimed ? 'yes' : 'no'],
                        ]}
                      />
                    )}
                    {pos && sale.state === 'succeeded' && !pos.claimed && pos.committed > 0n ? (
                      <TransactionButton
                        calls={() => ({ address: sale.address, abi: imoSaleAbi, functionName: 'claimTokens' })}
                        labels={{ action: 'Claim tokens', done: 'Tokens claimed' }}
                      >
                        Claim {formatTokens(pos.claimableTokens, symbol)}
                        {pos.refundable > 0n ? ` and ${formatEth(pos.refundable)}` : ''}
                      </TransactionButton>
                    ) : null}
                    {pos && sale.state === 'failed' && !pos.claimed && pos.committed > 0n ? (
                      <TransactionButton
                        calls={() => ({ address: sale.address, abi: imoSaleAbi, functionName: 'refund' })}
                        labels={{ action: 'Take the refund', done: 'Refunded' }}
                      >
                        Refund {formatEth(pos.refundable)}
                      </TransactionButton>
                    ) : null}
                  </section>
                  {sale.state === 'active' ? (
                    <section className="card span-2">
                      <CommitForm sale={sale} position={pos} symbol={symbol} now={now} />
                    </section>
                  ) : null}
                  {sale.state === 'succeeded' ? (
                    <section className="card span-2" aria-labelledby="dev-heading">
                      <h2 id="dev-heading">Proceeds</h2>
                      <StatList
                        items={[
                          ['Raised', formatEth(settlement.data?.proceeds ?? 0n)],
                          ['Protocol fee', formatEth(fee)],
                          ['Developer', <CopyableHex key="d" value={t.developer} />],
                          ['Developer paid', settlement.data?.proceedsWithdrawn ? 'yes' : 'not yet'],
                          ['Protocol fee paid', settlement.data?.feeReleased ? 'yes' : 'not yet'],
                          ['Liquidity share paid', settlement.data?.liquidityReleased ? 'yes' : 'not yet'],
                        ]}
                      />
                      <div className="actions">
                        {isDeveloper && settlement.data && !settlement.data.proceedsWithdrawn ? (
                          <TransactionButton
                            calls={() => ({ address: sale.address, abi: imoSaleAbi, functionName: 'withdrawProceeds' })}
                            labels={{ action: 'Withdraw the proceeds', done: 'Proceeds withdrawn' }}
                          >
                            Withdraw the proceeds
                          </TransactionButton>
                        ) : null}
                        {settlement.data && !settlement.data.feeReleased ? (
                          <TransactionButton
                            variant="secondary"
                            calls={() => ({ address: sale.address, abi: imoSaleAbi, functionName: 'releaseFee' })}
                            labels={{ action: 'Release the protocol fee', done: 'Fee released' }}
                          >
                            Release the protocol fee
                          </TransactionButton>
                        ) : null}
                        {settlement.data && !settlement.data.liquidityReleased ? (
                          <TransactionButton
                            variant="secondary"
                            calls={() => ({
                              address: sale.address,
                              abi: imoSaleAbi,
                              functionName: 'releaseLiquidityShare',
                            })}
                            labels={{ action: 'Release the liquidity share', done: 'Liquidity share released' }}
                          >
                            Release the liquidity share
                          </TransactionButton>
                        ) : null}
                      </div>
                    </section>
                  ) : null}
                </div>
              </>
            );
          })()
        )}
      </QueryState>
    </section>
  );
}
