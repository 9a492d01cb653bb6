import { Link, useParams } from 'react-router';
import { formatEth } from '@imo/oracle/format/formatAmount';
import { formatTimestamp } from '@imo/oracle/format/formatTime';
import { AddressText } from '../../components/AddressText';
import { CopyableHex } from '../../components/CopyableHex';
import { QueryState } from '../../components/QueryState';
import { StatList } from '../../components/StatList';
import { useGame } from '../../data/useGames';
import type { GameDetail } from '../../data/types';
import { useBlockTime } from '../../time/useBlockTime';
import { GameClocksView } from './GameClocksView';
import { NextMove } from './NextMove';
import { phaseInWords } from './phaseInWords';
import { RangeBar } from './RangeBar';

const OUTCOME_WORDS = {
  challengerWon: 'The challenger won: the result was struck and the request reopened for another operator.',
  proposerWon: 'The proposer won: the result stands.',
  void: 'Void: the result was struck by another game first; bonds go back as the rules say.',
} as const;

function Outcome({ game }: { game: GameDetail }) {
  if (!game.outcome) return null;
  const s = game.settlement;
  return (
    <section className="card" aria-labelledby="outcome-heading" data-testid="outcome">
      <h2 id="outcome-heading">Outcome</h2>
      <p>
        <strong>{OUTCOME_WORDS[game.outcome]}</strong>
      </p>
      {s ? (
        <StatList
          items={[
            ['To the challenger', formatEth(s.toChallenger)],
            ['To the proposer', formatEth(s.toProposer)],
            ['Burned', formatEth(s.burned)],
            ['Bond', formatEth(game.rules.challengeBond)],
            ['Challenger’s measured cost', formatEth(game.challengerCost)],
            ['Settled', formatTimestamp(s.at)],
          ]}
        />
      ) : (
        <p className="small muted">Not settled yet.</p>
      )}
      {game.struck ? (
        <p className="small">
          The proposer’s result bond of {formatEth(game.struck.bond)} was slashed; {formatEth(game.struck.forCosts)} of
          it repays challengers’ costs.
        </p>
      ) : null}
    </section>
  );
}

/** One dispute game: the range bar, both clocks, every move in order, the outcome, and the next move by hand. */
export function GamePage() {
  const params = useParams();
  const id = params.id && /^\d{1,30}$/.test(params.id) ? BigInt(params.id) : undefined;
  const query = useGame(id);
  const now = useBlockTime();
  if (id === undefined) return <p className="page error">“{params.id}” is not a game id.</p>;
  const game = query.data;
  return (
    <section className="page">
      <QueryState isLoading={query.isLoading} error={query.error} what="the game">
        {!game ? (
          <p>
            There is no game #{id.toString()}. <Link to="/disputes">See every game</Link>.
          </p>
        ) : (
          <>
            <div className="page-head">
              <h1>
                Game <span className="muted">#{game.id.toString()}</span>
              </h1>
              <span className="badge" data-testid="game-phase">
                {phaseInWords(game.phase, game.settled)}
              </span>
            </div>
            <p className="lede">
              On the result of <Link to={`/requests/${game.requestId}`}>request #{game.requestId.toString()}</Link> (
              {game.opCount} ops).
            </p>
            <div className="grid">
              <section className="card span-2" aria-labelledby="state-heading">
                <h2 id="state-heading">Where it stands</h2>
                <RangeBar lo={game.lo} hi={game.hi} opCount={game.opCount} ended={game.mover === null} />
                <GameClocksView clocks={game.clocks} mover={game.mover} now={now} />
                <NextMove game={game} now={now} />
              </section>
              <section className={game.outcome ? 'card' : 'card span-2'} aria-labelledby="sides-heading">
                <h2 id="sides-heading">Sides</h2>
                <StatList
                  items={[
                    ['Proposer', <CopyableHex key="p" value={game.proposer} />],
                    ['Challenger', <CopyableHex key="c" value={game.challenger} />],
                    ['Bond', formatEth(game.rules.challengeBond)],
                    ['Clock per side', `${game.rules.clockBudget} s (topped up to ${game.rules.inclusionDelay} s)`],
                    ['Result', <CopyableHex key="r" value={game.resultId} label="result id" />],
                  ]}
                />
              </section>
              <Outcome game={game} />
              <section className="card span-2" aria-labelledby="moves-heading">
                <h2 id="moves-heading">Moves ({game.moves.length})</h2>
                <div className="table-wrap">
                  <table className="compact-table moves-table" data-testid="moves-table">
                    <thead>
                      <tr>
                        <th scope="col">#</th>
                        <th scope="col">Phase</th>
                        <th scope="col">Mover</th>
                        <th scope="col">What it revealed or decided</th>
                        <th scope="col">Gas</th>
                        <th scope="col">Block</th>
                      </tr>
                    </thead>
                    <tbody>
                      {game.moves.map((m, i) => (
                        <tr key={`${m.txHash}-${m.name}-${i}`}>
                          <td data-label="#">{i + 1}</td>
                          <td data-label="Phase">{m.phase}</td>
                          <td data-label="Mover">
                            {m.by} <AddressText address={m.from} />
                          </td>
                          <td data-label="Detail" className="break small">
                            {m.detail}
                          </td>
                          <td data-label="Gas" className="mono">
                            {i > 0 && game.moves[i - 1]!.txHash === m.txHash ? (
                              <span className="small muted">same tx</span>
                            ) : (
                              m.gasUsed.toLocaleString('en-US')
                            )}
                          </td>
                          <td data-label="Block" className="small">
                            {m.block} · {formatTimestamp(m.at)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            </div>
          </>
        )}
      </QueryState>
    </section>
  );
}
