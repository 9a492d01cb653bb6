import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { parseEventLogs, type Hex } from 'viem';
import { hexToBytes } from '@imo/oracle/client/decodeOutput';
import type { RequestReading } from '@imo/oracle/client/readRequestRecord';
import type { PostingRecord } from '@imo/oracle/client/requestTimeline';
import { withGasMargin } from '@imo/oracle/dispute/moves';
import { formatEth } from '@imo/oracle/format/formatAmount';
import type { ModelPackage } from '@imo/runtime/package/loadPackage';
import { registryCommitment } from '@imo/runtime/package/registryCommitment';
import { useProtocol } from '../../app/ProtocolContext';
import { opmlDisputeGameAbi } from '../../contracts/generated';
import { TransactionButton } from '../../tx/TransactionButton';
import {
  describeBrowserBackend,
  rememberRun,
  rememberedRun,
  runInBrowser,
  type BrowserRun,
} from '../../verify/runInBrowser';

type Verification = { run: BrowserRun; outputMatches: boolean; stateRootMatches: boolean };

function compare(run: BrowserRun, posting: PostingRecord): Verification {
  return {
    run,
    outputMatches: run.output.toLowerCase() === posting.output.toLowerCase(),
    stateRootMatches: run.stateRoot.toLowerCase() === posting.stateRoot.toLowerCase(),
  };
}

function Row({ label, ours, theirs, match }: { label: string; ours: string; theirs: string; match: boolean }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td data-label="Posted by the operator">
        <code className="break small">{theirs}</code>
      </td>
      <td data-label="Computed here">
        <code className="break small">{ours}</code>
      </td>
      <td className={match ? 'success' : 'error'} data-testid={`${label === 'Output' ? 'output' : 'state-root'}-match`}>
        {match ? '✓ match' : '✕ mismatch'}
      </td>
    </tr>
  );
}

/**
 * Verify locally: re-runs the request in this tab with the oracle's runtime and compares the output
 * and S_n with what the operator posted; a mismatch on a pending result offers the challenge.
 */
export function VerifyPanel({
  reading,
  posting,
  pkg,
  pkgError,
}: {
  reading: RequestReading;
  posting: PostingRecord;
  pkg: ModelPackage | undefined;
  pkgError: Error | null;
}) {
  const { chainId, client, deployment } = useProtocol();
  const navigate = useNavigate();
  const id = reading.record.id;
  const [run, setRun] = useState<BrowserRun | undefined>(() => rememberedRun(chainId, id));
  const result = run ? compare(run, posting) : undefined;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const game = deployment.contracts.OpmlDisputeGame;
  const bond = useQuery({
    queryKey: ['challenge-bond', chainId, game],
    enabled: game !== undefined,
    staleTime: 60_000,
    queryFn: () => client.readContract({ address: game!, abi: opmlDisputeGameAbi, functionName: 'challengeBond' }),
  });

  const verify = async () => {
    if (!pkg) return;
    setBusy(true);
    setError(undefined);
    try {
      const fresh = await runInBrowser(pkg, hexToBytes(reading.input));
      rememberRun(chainId, id, fresh);
      setRun(fresh);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const matches = result && result.outputMatches && result.stateRootMatches;

  return (
    <section className="card span-2" aria-labelledby="verify-heading" data-testid="verify-panel">
      <div className="card-head">
        <h2 id="verify-heading">Verify locally</h2>
        <button type="button" className="button-primary" onClick={verify} disabled={!pkg || busy}>
          {busy ? 'Running…' : result ? 'Run again' : 'Verify in this browser'}
        </button>
      </div>
      <p className="small muted">
        Re-runs request #{id.toString()} here with the oracle’s own integer runtime (bit-identical on every backend) and
        compares its output and final state root S<sub>n</sub> with the operator’s. Nothing is trusted but the model’s
        package, checked against its on-chain modelHash.
      </p>
      {pkgError ? <p className="error small">The package could not be fetched: {pkgError.message}</p> : null}
      {error ? (
        <p className="error small" role="alert">
          The local run failed: {error}
        </p>
      ) : null}
      {result ? (
        <>
          <p className={matches ? 'success' : 'error'} role="status" data-testid="verify-verdict">
            <strong>{matches ? 'Match: the posted result is right.' : 'Mismatch: the posted result is wrong.'}</strong>{' '}
            Ran in {result.run.ms.toFixed(1)} ms on {describeBrowserBackend(result.run)}
            {result.run.backend.fallbackReason ? ` — not WebGPU: ${result.run.backend.fallbackReason}` : ''}.
          </p>
          <div className="table-wrap">
            <table className="compact-table">
              <thead>
                <tr>
                  <th scope="col" />
                  <th scope="col">Posted by the operator</th>
                  <th scope="col">Computed here</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                <Row label="Output" theirs={posting.output} ours={result.run.output} match={result.outputMatches} />
                <Row
                  label="State root"
                  theirs={posting.stateRoot}
                  ours={result.run.stateRoot}
                  match={result.stateRootMatches}
                />
              </tbody>
            </table>
          </div>
          {!matches && posting.outcome === 'pending' && game && pkg && reading.posted ? (
            <div className="stack">
              <p className="small">
                Challenge it: a bond of {bond.data !== undefined ? formatEth(bond.data) : '…'} opens a dispute game in
                which the bisection pins one element the contract recomputes. If the result is struck you get the bond
                back with what your moves cost; if it was right, the bond goes to the operator. Your moves are computed
                from this run on the game’s page.
              </p>
              <TransactionButton
                variant="primary"
                disabled={bond.data === undefined}
                calls={() => ({
                  address: game,
                  abi: opmlDisputeGameAbi,
                  functionName: 'challenge',
                  args: [
                    id,
                    reading.params as never,
                    reading.posted as never,
                    posting.output as Hex,
                    posting.stateRoot as Hex,
                    reading.input as Hex,
                    registryCommitment(pkg.manifest) as never,
                  ],
                  value: bond.data!,
                  gasMargin: withGasMargin,
                })}
                labels={{ action: `Challenge request #${id}`, done: 'Game opened' }}
                onConfirmed={(receipt) => {
                  const [opened] = parseEventLogs({
                    abi: opmlDisputeGameAbi,
                    eventName: 'GameOpened',
                    logs: receipt.logs,
                  });
                  if (opened) void navigate(`/disputes/${opened.args.gameId}`);
                }}
              >
                Challenge with a bond of {bond.data !== undefined ? formatEth(bond.data) : '…'}
              </TransactionButton>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
