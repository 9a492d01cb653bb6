import { StatList } from '../../components/StatList';
import { SplitBar } from '../../components/SplitBar';
import { formatBps, formatEth, formatTokens } from '@imo/oracle/format/formatAmount';
import { formatDuration, formatTimestamp } from '@imo/oracle/format/formatTime';
import type { LaunchParams } from '@imo/oracle/launch/launchRules';

/** What the launch will create, in words, before the one transaction. */
export function LaunchSummary({ params, protocolFeeBps }: { params: LaunchParams; protocolFeeBps: number }) {
  const supply = params.saleSupply + params.developerSupply + params.liquiditySupply;
  const share = (x: bigint) => formatBps(Number((x * 10_000n) / supply));
  const s = params.sale;
  const maxTokensSold = (s.hardCap * 10n ** 18n) / s.price;
  return (
    <section className="card summary" aria-labelledby="summary-heading" data-testid="launch-summary">
      <h2 id="summary-heading">Summary</h2>
      <StatList
        items={[
          ['Token', `${params.name} (${params.symbol}), ${formatTokens(supply, params.symbol)}`],
          [
            'Split',
            `${share(params.saleSupply)} sale · ${share(params.developerSupply)} developer · ${share(params.liquiditySupply)} liquidity`,
          ],
          ['Sale', `${formatEth(s.price, 6)} per token, ${formatTimestamp(s.start)} → ${formatTimestamp(s.end)}`],
          [
            'Raise',
            `${formatEth(s.softCap)} to ${formatEth(s.hardCap)} (${formatTokens(maxTokensSold, params.symbol)} at most sold; the rest burned)`,
          ],
          [
            'Proceeds',
            `protocol fee ${formatBps(protocolFeeBps)}, liquidity ${formatBps(s.liquidityShareBps)}, the rest to you`,
          ],
          [
            'Vesting',
            params.developerSupply > 0n
              ? `${formatTokens(params.developerSupply, params.symbol)} over ${formatDuration(params.vesting.duration)} from the sale’s end, ${params.vesting.cliff > 0n ? `cliff ${formatDuration(params.vesting.cliff)}` : 'no cliff'}`
              : 'no developer allocation',
          ],
          ['Fee', `${formatEth(params.fee)} per inference`],
          ['Reserve', `${formatBps(params.reserveBps)} of revenue`],
        ]}
      />
      <SplitBar split={params.split} />
    </section>
  );
}
