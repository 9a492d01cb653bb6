import { useState } from 'react';
import { isAddressEqual } from 'viem';
import { useAccount } from 'wagmi';
import { hexToBytes } from '@imo/oracle/client/decodeOutput';
import { challengerMove, withGasMargin, type GameMove, type PhaseName } from '@imo/oracle/dispute/moves';
import { useProtocol } from '../../app/ProtocolContext';
import { opmlDisputeGameAbi } from '../../contracts/generated';
import type { GameDetail } from '../../data/types';
import { useModelPackage } from '../../data/useModelPackage';
import { useModel } from '../../data/useModels';
import { useRequest } from '../../data/useRequest';
import { TransactionButton } from '../../tx/TransactionButton';
import { rememberRun, rememberedRun, runInBrowser } from '../../verify/runInBrowser';

/**
 * What can be done on a game from this page: the challenger's next move, computed from its own
 * run of the request in this tab (the moves a node would play); a timeout once the mover's clock
 * has run out (anyone); the settlement once it ended (anyone; a challenger should settle its own).
 */
export function NextMove({ game, now }: { game: GameDetail; now: number | undefined }) {
  const { address } = useAccount();
  const { chainId, deployment } = useProtocol();
  const request = useRequest(game.requestId);
  const reading = request.data?.reading;
  const { model } = useModel(reading?.record.modelId ?? 0);
  const pkg = useModelPackage(reading ? model : undefined);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string>();
  const [, setTick] = useState(0);
  const address_ = deployment.contracts.OpmlDisputeGame!;
  const isChallenger = address !== undefined && isAddressEqual(address, game.challenger);
  const run = rememberedRun(chainId, game.requestId);

  const prepare = async () => {
    if (!pkg.data || !reading) return;
    setRunning(true);
    setError(undefined);
    try {
      rememberRun(chainId, game.requestId, await runInBrowser(pkg.data, hexToBytes(reading.input)));
      setTick((t) => t + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setRunning(false);
    }
  };

  if (game.mover === null) {
    if (game.settled) return null;
    return (
      <div className="stack">
        <p className="small">The game has ended; settling it pays out the bond and the compensation.</p>
        <TransactionButton
          disabled={!reading}
          calls={() => ({
            address: address_,
            abi: opmlDisputeGameAbi,
            functionName: 'settle',
            args: [game.id, reading!.params as never],
            gasMargin: withGasMargin,
          })}
          labels={{ action: `Settle game #${game.id}`, done: 'Settled' }}
        >
          Settle the game
        </TransactionButton>
      </div>
    );
  }
  const timedOut = now !== undefined && now > game.moverDeadline;
  if (timedOut) {
    return (
      <div className="stack">
        <p className="small">
          The {game.mover}’s clock has run out: anyone may end the game in the other side’s favour.
        </p>
        <TransactionButton
          calls={() => ({
            address: address_,
            abi: opmlDisputeGameAbi,
            functionName: 'timeout',
            args: [game.id],
            gasMargin: withGasMargin,
          })}
          labels={{ action: `Time out the ${game.mover}`, done: 'Timed out' }}
        >
          Time out the {game.mover}
        </TransactionButton>
      </div>
    );
  }
  if (game.mover === 'proposer') {
    return (
      <p className="small muted">
        Waiting for the proposer: its moves reveal its own trace, which only the operator’s node holds.
      </p>
    );
  }
  if (!isChallenger) {
    return (
      <p className="small muted">
        Waiting for the challenger. Connect the challenger’s account to make its move by hand (a node playing for it
        moves on its own).
      </p>
    );
  }
  let move: GameMove | undefined;
  let moveError: string | undefined;
  if (run) {
    try {
      move = challengerMove(
        run.trace,
        game.id,
        {
          phase: game.phase as PhaseName,
          lo: game.lo,
          hi: game.hi,
          node: game.node,
          height: game.height,
          leafIndex: game.leafIndex,
        },
        game.revealed,
      );
    } catch (e) {
      moveError = e instanceof Error ? e.message : String(e);
    }
  }
  return (
    <div className="stack" data-testid="next-move">
      {!run ? (
        <>
          <p className="small">
            Your moves come from your own run of request #{game.requestId.toString()} in this browser.
          </p>
          <button type="button" className="button-secondary" onClick={prepare} disabled={running || !pkg.data}>
            {running ? 'Running…' : 'Re-run the request here'}
          </button>
        </>
      ) : move ? (
        <>
          <p className="small">
            Your move: <code>{move.functionName}</code>
            {move.functionName === 'answerBisection'
              ? move.args[4]
                ? ' — you agree with the proposer’s middle state'
                : ' — you disagree with the proposer’s middle state'
              : move.functionName === 'pickChild'
                ? ` — dispute the ${move.args[2] ? 'right' : 'left'} child`
                : ' — the contract recomputes the disputed element'}
            .
          </p>
          <TransactionButton
            calls={() => ({
              address: address_,
              abi: opmlDisputeGameAbi,
              functionName: move.functionName,
              args: move.args as never,
              gasMargin: withGasMargin,
            })}
            labels={{ action: `Play ${move.functionName}`, done: 'Move played' }}
          >
            Play {move.functionName}
          </TransactionButton>
        </>
      ) : (
        <p className="small muted">{moveError ?? 'Waiting for the proposer’s reveal.'}</p>
      )}
      {error ? <p className="error small">{error}</p> : null}
      {pkg.error ? <p className="error small">The package could not be fetched: {pkg.error.message}</p> : null}
    </div>
  );
}
