import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { formatEther, type Provider } from 'ethers';
import { OpmlDisputeGame__factory, type OpmlDisputeGame } from '../../../../typechain-types';
import {
  PHASES,
  challengerMove,
  proposerMove,
  type GameMove,
  type GameState,
  type Revealed,
} from '../../dispute/moves';
import { registryCommitment } from '../../runtime';
import { readRequestTerms, type RequestTerms } from '../chain/requestTerms';
import type { ChainWatcher } from '../chain/ChainWatcher';
import { isLive, proposerMoves as proposerMovesIn, type GameRow, type ModelRow } from '../chain/projections';
import {
  SimulationRevertedError,
  type TransactionSender,
  type TxOutcome,
  type TxPurpose,
} from '../chain/TransactionSender';
import { classifyRpcError } from '../chain/classifyRpcError';
import { CONTRACT_INTERFACES } from '../chain/contractEvents';
import { OracleNodeError } from '../OracleNodeError';
import type { DisputeMetrics } from './DisputeMetrics';
import type { TraceStore } from './TraceStore';
import type { VerificationRow } from './Verifier';

/** What the game player needs. */
export interface GamePlayerParameters {
  db: Database.Database;
  provider: Provider;
  gameAddress: string;
  me: string;
  watcher: ChainWatcher;
  sender: TransactionSender;
  traces: TraceStore;
  metrics: DisputeMetrics;
  /** Alarm (log and metric) when the node must move with less than this many seconds on its clock. */
  clockAlarmSec: number;
  log: Logger;
  now?: () => number;
}

/** The game's ABI (calls are encoded here and sent by the crash-safe sender). */
const GAME = CONTRACT_INTERFACES.game;
/** How often the game's credits are looked at (and withdrawn). */
const HOUSEKEEPING_MS = 5_000;
/** Most games looked at per tick (the rest next tick; the oldest first). */
const MAX_GAMES_PER_TICK = 64;
/** What the node can pay for games with, as last read (for `/ready`). */
export interface GameFunds {
  /** The signer's balance. */
  balance: bigint;
  /** The bond each new challenge locks. */
  challengeBond: bigint;
}

/** Phases in which a game has ended (it waits for `settle`). */
const ENDED: GameState['phase'][] = ['proposerWon', 'challengerWon', 'void'];

/**
 * Plays every game the node is in, from the chain's state, never from memory alone: each tick it
 * opens a game on every mismatch the verifier found (with the challenge bond), then for each of its
 * unsettled games reads `gameState` from the chain and, when it is the node's turn, makes the move
 * its trace gives (as proposer from its own posted result's trace, as challenger from the true
 * trace, what the proposer revealed read from the indexed events); when the opponent's clock ran
 * out it calls `timeout`; once a game ended it settles it; and it withdraws the game's credits.
 * Every transaction goes through the crash-safe sender with a record of its game, so after a
 * restart a move in flight is found again rather than sent twice.
 */
export class GamePlayer {
  private readonly game: OpmlDisputeGame;
  private readonly now: () => number;
  private readonly me: string;
  private lastHousekeeping = 0;
  private readonly alarmed = new Map<number, number>();
  private challengeBond: bigint | undefined;
  /** The signer's balance and the challenge bond, read with the housekeeping (undefined until then). */
  funds: GameFunds | undefined;
  private readonly s;

  constructor(private readonly p: GamePlayerParameters) {
    this.game = OpmlDisputeGame__factory.connect(p.gameAddress, p.provider);
    this.now = p.now ?? Date.now;
    this.me = p.me.toLowerCase();
    const db = p.db;
    this.s = {
      mismatches: db.prepare(
        `SELECT v.* FROM verifications v JOIN requests r ON r.result_id = v.result_id
         WHERE v.state = 'mismatch' AND r.status = 'submitted' AND r.challenge_deadline > ? ORDER BY v.challenge_deadline`,
      ),
      myGameOn: db.prepare('SELECT id FROM games WHERE result_id = ? AND lower(challenger) = ?'),
      games: db.prepare(
        `SELECT * FROM games WHERE settled = 0 AND (lower(proposer) = @me OR lower(challenger) = @me)
         ORDER BY id LIMIT ${MAX_GAMES_PER_TICK}`,
      ),
      live: db.prepare(
        `SELECT SUM(lower(proposer) = @me) AS proposer, SUM(lower(challenger) = @me) AS challenger FROM games
         WHERE settled = 0 AND phase IN ('OutputCheck', 'Bisect', 'BisectResponse', 'SlotUpdate', 'DescentReveal', 'DescentPick', 'OneStep')
           AND (lower(proposer) = @me OR lower(challenger) = @me)`,
      ),
      model: db.prepare('SELECT * FROM models WHERE id = (SELECT model_id FROM requests WHERE id = ?)'),
      pendingTx: db.prepare(
        `SELECT t.id FROM game_txs g JOIN transactions t ON t.id = g.tx_id WHERE g.game_id = ? AND t.state = 'pending' LIMIT 1`,
      ),
      recordTx: db.prepare('INSERT OR REPLACE INTO game_txs (tx_id, game_id, kind) VALUES (?, ?, ?)'),
      txGame: db.prepare('SELECT game_id, kind FROM game_txs WHERE tx_id = ?'),
      pendingChallenge: db.prepare('SELECT state FROM transactions WHERE id = ?'),
      setChallengeTx: db.prepare('UPDATE verifications SET challenge_tx_id = ? WHERE result_id = ?'),
      challengeEnded: db.prepare(
        'UPDATE verifications SET state = ?, challenge_tx_id = NULL, error_message = ? WHERE challenge_tx_id = ?',
      ),
      markChallenged: db.prepare(
        "UPDATE verifications SET state = 'challenged', challenge_tx_id = NULL WHERE result_id = ?",
      ),
      challengeRefused: db.prepare(
        "UPDATE verifications SET state = 'challenge_failed', error_message = ? WHERE result_id = ?",
      ),
      lastReveal: db.prepare(
        `SELECT name, args FROM events WHERE game_id = ? AND name IN ('Bisected', 'ChildrenRevealed', 'ChunkRevealed')
         ORDER BY block_number DESC, log_index DESC LIMIT 1`,
      ),
    };
  }

  /** Live games by the node's role (for /metrics). */
  liveGames(): { proposer: number; challenger: number } {
    const r = this.s.live.get({ me: this.me }) as { proposer: number | null; challenger: number | null };
    return { proposer: r.proposer ?? 0, challenger: r.challenger ?? 0 };
  }

  /** Challenges, moves, timeouts, settlements and withdrawals due now; moves go before any new work. */
  async tick(): Promise<void> {
    const head = this.p.watcher.head;
    if (!head) return;
    try {
      await this.challenge(head.timestamp);
    } catch (error) {
      this.noteError(error, 'challenges not sent'); // the games are still played; next tick retries
    }
    let least = Infinity;
    for (const g of this.s.games.all({ me: this.me }) as GameRow[]) {
      try {
        least = Math.min(least, await this.play(g, head.timestamp));
      } catch (error) {
        this.noteError(error, `game ${g.id}: step failed`);
      }
    }
    this.p.metrics.clockLeft.set(least === Infinity ? -1 : least);
    if (this.now() - this.lastHousekeeping >= HOUSEKEEPING_MS) {
      this.lastHousekeeping = this.now();
      await this.readFunds();
      await this.withdraw();
    }
  }

  // ------------------------------------------------------------------ challenges

  private async challenge(chainTime: number): Promise<void> {
    for (const v of this.s.mismatches.all(chainTime) as VerificationRow[]) {
      if (this.s.myGameOn.get(v.result_id.toLowerCase(), this.me)) {
        this.s.markChallenged.run(v.result_id);
        continue;
      }
      if (v.challenge_tx_id !== null) {
        const tx = this.s.pendingChallenge.get(v.challenge_tx_id) as { state: string } | undefined;
        if (tx?.state === 'pending' || tx?.state === 'mined') continue; // in flight, or mined and not indexed yet
      }
      const terms = readRequestTerms(this.p.db, v.request_id);
      const model = this.s.model.get(v.request_id) as ModelRow | undefined;
      if (!terms?.posting || !model || terms.posting.resultId.toLowerCase() !== v.result_id.toLowerCase()) continue;
      const commitment = registryCommitment(this.p.traces.pkg(model.model_hash).manifest);
      this.challengeBond ??= await this.game.challengeBond();
      const data = GAME.encodeFunctionData('challenge', [
        v.request_id,
        terms.params,
        terms.posting.posted,
        terms.posting.output,
        terms.posting.stateRoot,
        terms.input,
        commitment,
      ]);
      try {
        await this.p.sender.send({
          purpose: 'challenge',
          to: this.p.gameAddress,
          data,
          value: this.challengeBond,
          requestIds: [v.request_id],
          onRecorded: (txId) => this.s.setChallengeTx.run(txId, v.result_id),
        });
        this.p.metrics.moves.inc({ role: 'challenger', kind: 'challenge' });
        this.p.log.info(
          { requestId: v.request_id, resultId: v.result_id, bond: formatEther(this.challengeBond) },
          'challenge sent',
        );
      } catch (error) {
        if (error instanceof SimulationRevertedError) {
          this.s.challengeRefused.run(error.classified.message.slice(0, 1000), v.result_id);
          this.p.log.warn({ requestId: v.request_id, reason: error.classified.message }, 'challenge refused');
        } else this.noteError(error, 'challenge not sent');
      }
    }
  }

  // ------------------------------------------------------------------ games

  /** One game: settle, time out, or move. Returns the seconds left on the node's clock when it must move. */
  private async play(g: GameRow, chainTime: number): Promise<number> {
    if (this.s.pendingTx.get(g.id)) return Infinity; // one transaction per game at a time
    const role: 'proposer' | 'challenger' = g.challenger.toLowerCase() === this.me ? 'challenger' : 'proposer';
    // The index says when nothing can be due (the opponent to move, its clock running; or a game the
    // challenger settles): then the chain is not asked. Anything else is decided on the chain's state.
    if (role === 'proposer' && g.phase === 'ChallengerWon') return Infinity;
    if (isLive(g.phase) && proposerMovesIn(g.phase) !== (role === 'proposer')) {
      const clock = proposerMovesIn(g.phase) ? g.proposer_clock : g.challenger_clock;
      if (chainTime <= g.last_move + clock) return Infinity;
    }
    const raw = await this.game.gameState(g.id);
    const s: GameState = {
      phase: PHASES[Number(raw.phase)]!,
      lo: Number(raw.lo),
      hi: Number(raw.hi),
      node: raw.node,
      height: Number(raw.height),
      leafIndex: raw.leafIndex,
    };
    const deadline = Number(raw.moverDeadline);
    const terms = readRequestTerms(this.p.db, g.request_id);
    if (!terms) return Infinity;
    if (ENDED.includes(s.phase)) {
      // The challenger settles its own games (its settlement is repaid only when it calls); the
      // proposer settles a game it won.
      if (role === 'challenger' || s.phase === 'proposerWon')
        await this.send(g, role, 'settle', this.settleData(g, terms));
      return Infinity;
    }
    const proposerMoves = ['outputCheck', 'bisect', 'slotUpdate', 'descentReveal'].includes(s.phase);
    const myTurn = proposerMoves === (role === 'proposer');
    if (!myTurn) {
      if (chainTime > deadline) await this.send(g, role, 'timeout', GAME.encodeFunctionData('timeout', [g.id]));
      return Infinity;
    }
    const left = deadline - chainTime;
    if (left < this.p.clockAlarmSec && (this.alarmed.get(g.id) ?? 0) + 10_000 < this.now()) {
      this.alarmed.set(g.id, this.now());
      this.p.metrics.clockLow.inc({ role });
      this.p.log.error(
        { gameId: g.id, role, secondsLeft: left, phase: s.phase },
        'a game clock of this node is running low',
      );
    }
    const call = await this.moveFor(g, s, role, terms);
    if (!call) return left;
    await this.send(g, role, 'move', GAME.encodeFunctionData(call.functionName, call.args));
    return left;
  }

  /** The node's move in `s`, or undefined when the index has not caught up with what it answers. */
  private async moveFor(
    g: GameRow,
    s: GameState,
    role: 'proposer' | 'challenger',
    terms: RequestTerms,
  ): Promise<GameMove | undefined> {
    const posting = terms.posting;
    const model = this.s.model.get(g.request_id) as ModelRow | undefined;
    if (!model) return undefined;
    // the game's result is the request's last posting unless the result was struck and reposted
    const attempt =
      posting && posting.resultId.toLowerCase() === g.result_id.toLowerCase()
        ? posting.posted.attempt
        : terms.attempt.index;
    const trace = await this.p.traces.trace(model.model_hash, terms.input, { requestId: g.request_id, attempt, role });
    if (role === 'proposer') return proposerMove(trace, BigInt(g.id), s);
    const revealed = this.revealed(g.id, s);
    if (!revealed) return undefined;
    return challengerMove(trace, BigInt(g.id), s, revealed);
  }

  /** What the proposer revealed last, from the index; undefined until the index has it. */
  private revealed(gameId: number, s: GameState): Revealed | undefined {
    const row = this.s.lastReveal.get(gameId) as { name: string; args: string } | undefined;
    if (!row) return undefined;
    const a = JSON.parse(row.args) as Record<string, string>;
    const want = { bisectResponse: 'Bisected', descentPick: 'ChildrenRevealed', oneStep: 'ChunkRevealed' }[
      s.phase as string
    ];
    if (row.name !== want) return undefined;
    if (row.name === 'Bisected')
      return Number(a.lo) === s.lo && Number(a.hi) === s.hi ? { midState: a.midState } : undefined;
    if (row.name === 'ChildrenRevealed') return a.node === s.node ? { left: a.left, right: a.right } : undefined;
    return { chunk: a.chunk };
  }

  private settleData(g: GameRow, terms: RequestTerms): string {
    return GAME.encodeFunctionData('settle', [g.id, terms.params]);
  }

  private async send(
    g: GameRow,
    role: 'proposer' | 'challenger',
    kind: 'move' | 'timeout' | 'settle',
    data: string,
  ): Promise<void> {
    const purpose: TxPurpose = kind;
    try {
      await this.p.sender.send({
        purpose,
        to: this.p.gameAddress,
        data,
        requestIds: [g.request_id],
        onRecorded: (txId) => this.s.recordTx.run(txId, g.id, kind),
      });
      this.p.metrics.moves.inc({ role, kind });
      this.p.log.info({ gameId: g.id, role, kind }, `game ${kind} sent`);
    } catch (error) {
      if (error instanceof SimulationRevertedError) {
        const name = error.classified.revert?.name;
        if (name === 'GameResultStruck' && kind !== 'settle') {
          // another game struck the result first: this one settles as Void at once
          const terms = readRequestTerms(this.p.db, g.request_id);
          if (terms) await this.send(g, role, 'settle', this.settleData(g, terms));
          return;
        }
        this.p.log.debug({ gameId: g.id, kind, reason: error.classified.message }, 'game call refused for now');
        return;
      }
      this.noteError(error, `game ${g.id}: ${kind} not sent`);
    }
  }

  // ------------------------------------------------------------------ credits

  private async readFunds(): Promise<void> {
    try {
      this.challengeBond ??= await this.game.challengeBond();
      this.funds = { balance: await this.p.provider.getBalance(this.p.me), challengeBond: this.challengeBond };
    } catch (error) {
      this.noteError(error, 'balance not read');
    }
  }

  private async withdraw(): Promise<void> {
    if (this.p.sender.hasPending('gameWithdraw')) return;
    const credit = await this.game.creditOf(this.p.me);
    if (credit === 0n) return;
    try {
      await this.p.sender.send({
        purpose: 'gameWithdraw',
        to: this.p.gameAddress,
        data: GAME.encodeFunctionData('withdraw', []),
      });
      this.p.metrics.moves.inc({ role: 'any', kind: 'withdraw' });
      this.p.log.info({ credit: formatEther(credit) }, 'withdrawing game credits (bonds and compensation)');
    } catch (error) {
      this.noteError(error, 'game withdraw not sent');
    }
  }

  /** A game transaction ended: a challenge that did not go through is retried (or given up when refused). */
  onOutcome(outcome: TxOutcome): void {
    if (outcome.purpose !== 'challenge') return;
    if (outcome.result === 'mined') return; // the index links the game when it sees GameOpened
    const reason = outcome.revert?.text ?? outcome.message ?? outcome.result;
    this.s.challengeEnded.run(outcome.result === 'reverted' ? 'challenge_failed' : 'mismatch', reason, outcome.txId);
    this.p.log.warn({ txId: outcome.txId, reason }, 'challenge did not go through');
  }

  private noteError(error: unknown, what: string): void {
    const message = error instanceof OracleNodeError ? error.message : classifyRpcError(error).message;
    this.p.log.warn({ reason: message }, what);
  }
}
