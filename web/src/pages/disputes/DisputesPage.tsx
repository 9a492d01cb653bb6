import { Link } from 'react-router';
import { formatTimestamp } from '@imo/oracle/format/formatTime';
import { AddressText } from '../../components/AddressText';
import { QueryState } from '../../components/QueryState';
import { SourceNote } from '../../components/SourceNote';
import { useGames } from '../../data/useGames';
import type { GameSummary } from '../../data/types';
import { phaseInWords } from './phaseInWords';

function GameRows({ games }: { games: GameSummary[] }) {
  return (
    <div className="table-wrap">
      <table className="compact-table" data-testid="games-table">
        <thead>
          <tr>
            <th scope="col">Game</th>
            <th scope="col">Request</th>
            <th scope="col">Phase</th>
            <th scope="col">Range</th>
            <th scope="col">Proposer</th>
            <th scope="col">Challenger</th>
            <th scope="col">Opened</th>
          </tr>
        </thead>
        <tbody>
          {games.map((g) => (
            <tr key={g.id.toString()}>
              <td data-label="Game">
                <Link to={`/disputes/${g.id}`}>#{g.id.toString()}</Link>
              </td>
              <td data-label="Request">
                <Link to={`/requests/${g.requestId}`}>#{g.requestId.toString()}</Link>
              </td>
              <td data-label="Phase">{phaseInWords(g.phase, g.settled)}</td>
              <td data-label="Range" className="mono small">
                {g.mover ? `ops ${g.lo}…${g.hi} of ${g.opCount}` : '—'}
              </td>
              <td data-label="Proposer">
                <AddressText address={g.proposer} />
              </td>
              <td data-label="Challenger">
                <AddressText address={g.challenger} />
              </td>
              <td data-label="Opened" className="small">
                {formatTimestamp(g.openedAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every dispute game: those still played first, then the ended ones. */
export function DisputesPage() {
  const query = useGames();
  const games = query.data?.games ?? [];
  const open = games.filter((g) => g.mover !== null);
  const past = games.filter((g) => g.mover === null);
  return (
    <section className="page">
      <div className="page-head">
        <h1>Disputes</h1>
      </div>
      <p className="lede">
        Anyone who re-runs a request and gets other bytes may challenge its result. The bisection narrows the
        disagreement to one op, then one element, which the contract recomputes.
      </p>
      <QueryState isLoading={query.isLoading} error={query.error} what="the dispute games">
        <section className="card" aria-labelledby="open-heading">
          <h2 id="open-heading">Being played ({open.length})</h2>
          {open.length === 0 ? <p className="muted">No game is being played.</p> : <GameRows games={open} />}
        </section>
        <section className="card" aria-labelledby="past-heading">
          <h2 id="past-heading">Ended ({past.length})</h2>
          {past.length === 0 ? <p className="muted">No game has ended yet.</p> : <GameRows games={past} />}
        </section>
        <SourceNote source={query.data?.source} what="The games" />
      </QueryState>
    </section>
  );
}
