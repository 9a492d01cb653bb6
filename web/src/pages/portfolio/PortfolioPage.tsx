import { Link } from 'react-router';
import { useAccount } from 'wagmi';
import { useProtocol } from '../../app/ProtocolContext';
import { aiOracleAbi, modelTokenAbi } from '../../contracts/generated';
import { usePortfolio } from '../../data/usePortfolio';
import { formatEth, formatTokens } from '@imo/oracle/format/formatAmount';
import { TransactionButton } from '../../tx/TransactionButton';
import type { WriteCall } from '../../tx/useTransaction';
import { useWalletMenu } from '../../wallet/WalletMenuContext';
import { BurnRedeem } from './BurnRedeem';
import { DeveloperPanel } from './DeveloperPanel';

/** Everything the connected account holds: tokens and their revenue, open sale positions, and a developer's vesting and fees. */
export function PortfolioPage() {
  const { address } = useAccount();
  const menu = useWalletMenu();
  const { deployment } = useProtocol();
  const { data, isLoading, error } = usePortfolio(address);

  if (!address)
    return (
      <section className="page">
        <h1>Portfolio</h1>
        <p>
          Connect a wallet to see the model tokens you hold, the revenue you can claim and, for developers, vesting and
          fees.
        </p>
        <button type="button" className="button-primary" onClick={() => menu.setOpen(true)}>
          Connect a wallet
        </button>
      </section>
    );
  const claimable = data?.holdings.filter((h) => h.claimable > 0n) ?? [];
  const totalClaimable = claimable.reduce((s, h) => s + h.claimable, 0n);
  return (
    <section className="page">
      <div className="page-head">
        <h1>Portfolio</h1>
        {data ? (
          <TransactionButton
            disabled={claimable.length === 0}
            disabledReason="Nothing to claim yet."
            calls={() =>
              claimable.map((h): WriteCall => ({
                address: h.model.token.address,
                abi: modelTokenAbi,
                functionName: 'claim',
              }))
            }
            labels={{ action: 'Claim all revenue', done: 'Revenue claimed' }}
          >
            Claim all: {formatEth(totalClaimable)}
          </TransactionButton>
        ) : null}
      </div>
      {error ? (
        <p className="error" role="alert">
          Could not read your portfolio: {error.message.split('\n')[0]}
        </p>
      ) : isLoading || !data ? (
        <p className="muted" role="status">
          Loading your portfolio…
        </p>
      ) : (
        <div className="stack">
          <section className="card" aria-labelledby="holdings-heading">
            <h2 id="holdings-heading">Model tokens</h2>
            {data.holdings.length === 0 ? (
              <p className="muted">
                You hold no model token yet. <Link to="/">Find a model with an open sale</Link>.
              </p>
            ) : (
              <ul className="holdings" data-testid="holdings">
                {data.holdings.map((h) => (
                  <li key={h.model.id} className="holding" data-testid={`holding-${h.model.id}`}>
                    <div className="holding-head">
                      <Link to={`/models/${h.model.id}`}>
                        #{h.model.id} {h.model.token.name}
                      </Link>
                      <span className="big" data-testid={`balance-${h.model.id}`}>
                        {formatTokens(h.balance, h.model.token.symbol)}
                      </span>
                    </div>
                    <div className="holding-body">
                      <p>
                        Claimable revenue:{' '}
                        <strong data-testid={`claimable-${h.model.id}`}>{formatEth(h.claimable)}</strong>
                      </p>
                      <TransactionButton
                        disabled={h.claimable === 0n}
                        calls={() => ({ address: h.model.token.address, abi: modelTokenAbi, functionName: 'claim' })}
                        labels={{ action: `Claim ${h.model.token.symbol} revenue`, done: 'Revenue claimed' }}
                      >
                        Claim {formatEth(h.claimable)}
                      </TransactionButton>
                    </div>
                    {h.model.token.reserveBps > 0 && h.balance > 0n ? <BurnRedeem holding={h} /> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {data.openSales.length > 0 ? (
            <section className="card" aria-labelledby="sales-heading">
              <h2 id="sales-heading">Sale commitments</h2>
              <ul className="plain-list">
                {data.openSales.map(({ model, position }) => (
                  <li key={model.id}>
                    <Link to={`/models/${model.id}/sale`}>
                      #{model.id} {model.token.symbol}
                    </Link>
                    : {formatEth(position.committed)} committed
                    {position.claimableTokens > 0n
                      ? ` — ${formatTokens(position.claimableTokens, model.token.symbol)} to claim`
                      : position.refundable > 0n
                        ? ` — ${formatEth(position.refundable)} to get back`
                        : ` — expecting ${formatTokens(position.allotment.tokens, model.token.symbol)}`}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {data.developer.length > 0 ? (
            <DeveloperPanel positions={data.developer} oracleCredit={data.oracleCredit} account={address} />
          ) : data.oracleCredit > 0n ? (
            <section className="card fees-row" aria-label="Oracle credits">
              <p>
                Oracle credits (refunds of cancelled requests, unused callback escrow):{' '}
                <strong>{formatEth(data.oracleCredit)}</strong>
              </p>
              <TransactionButton
                calls={() => ({
                  address: deployment.contracts.AIOracle,
                  abi: aiOracleAbi,
                  functionName: 'withdraw',
                  args: [address],
                })}
                labels={{ action: 'Withdraw oracle credits', done: 'Credits withdrawn' }}
              >
                Withdraw {formatEth(data.oracleCredit)}
              </TransactionButton>
            </section>
          ) : null}
        </div>
      )}
    </section>
  );
}
