import { Link } from 'react-router';
import { useProtocol } from '../../app/ProtocolContext';
import { aiOracleAbi, developerVestingAbi } from '../../contracts/generated';
import type { DeveloperPosition } from '../../data/chain/readPortfolio';
import { formatEth, formatTokens } from '@imo/oracle/format/formatAmount';
import { formatDuration, formatTimestamp } from '@imo/oracle/format/formatTime';
import { TransactionButton } from '../../tx/TransactionButton';
import type { WriteCall } from '../../tx/useTransaction';
import type { Address } from 'viem';

/** A developer's models: vesting (released, releasable, release), the locked tokens' revenue, and inference fees (collect). */
export function DeveloperPanel({
  positions,
  oracleCredit,
  account,
}: {
  positions: DeveloperPosition[];
  oracleCredit: bigint;
  account: Address;
}) {
  const { deployment } = useProtocol();
  const oracle = deployment.contracts.AIOracle;
  const owed = positions.filter((p) => p.feesOwed > 0n);
  const totalFees = owed.reduce((s, p) => s + p.feesOwed, 0n) + oracleCredit;
  return (
    <section className="card" aria-labelledby="developer-heading">
      <h2 id="developer-heading">Your models</h2>
      <div className="table-wrap">
        <table className="compact-table" data-testid="developer-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Released</th>
              <th scope="col">Releasable now</th>
              <th scope="col">Still locked</th>
              <th scope="col">Fees owed</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {positions.map(({ model, vesting, feesOwed }) => (
              <tr key={model.id}>
                <td data-label="Model">
                  <Link to={`/models/${model.id}`}>
                    #{model.id} {model.token.symbol}
                  </Link>
                  {vesting ? (
                    <div className="small muted">
                      {vesting.cliff > vesting.start ? `cliff ${formatTimestamp(vesting.cliff)}, ` : ''}
                      linear over {formatDuration(vesting.duration)} from {formatTimestamp(vesting.start)}
                    </div>
                  ) : null}
                </td>
                <td data-label="Released">{vesting ? formatTokens(vesting.released, model.token.symbol) : '—'}</td>
                <td data-label="Releasable" data-testid={`releasable-${model.id}`}>
                  {vesting ? formatTokens(vesting.releasable, model.token.symbol) : '—'}
                </td>
                <td data-label="Locked">
                  {vesting ? formatTokens(vesting.held - vesting.releasable, model.token.symbol) : '—'}
                </td>
                <td data-label="Fees owed">{formatEth(feesOwed)}</td>
                <td className="actions">
                  {vesting ? (
                    <TransactionButton
                      disabled={vesting.releasable === 0n}
                      calls={() => ({ address: vesting.address, abi: developerVestingAbi, functionName: 'release' })}
                      labels={{ action: `Release ${model.token.symbol}`, done: `${model.token.symbol} released` }}
                    >
                      Release
                    </TransactionButton>
                  ) : null}
                  {vesting && vesting.claimableRevenue > 0n ? (
                    <TransactionButton
                      variant="secondary"
                      calls={() => ({
                        address: vesting.address,
                        abi: developerVestingAbi,
                        functionName: 'claimRevenue',
                      })}
                      labels={{ action: 'Forward the locked tokens’ revenue', done: 'Revenue forwarded' }}
                    >
                      Forward {formatEth(vesting.claimableRevenue)} revenue
                    </TransactionButton>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="fees-row">
        <p>
          Inference fees: <strong data-testid="fees-total">{formatEth(totalFees)}</strong>
          <span className="small muted">
            {' '}
            ({formatEth(totalFees - oracleCredit)} accrued on your models, {formatEth(oracleCredit)} already credited)
          </span>
        </p>
        <TransactionButton
          disabled={totalFees === 0n}
          disabledReason="No fees yet: they accrue with every paid inference."
          calls={() => [
            ...owed.map((p): WriteCall => ({
              address: oracle,
              abi: aiOracleAbi,
              functionName: 'sweepModelFees',
              args: [BigInt(p.model.id)],
            })),
            { address: oracle, abi: aiOracleAbi, functionName: 'withdraw', args: [account] } as WriteCall,
          ]}
          labels={{ action: 'Collect inference fees', done: 'Fees collected' }}
        >
          Collect {formatEth(totalFees)}
        </TransactionButton>
      </div>
    </section>
  );
}
