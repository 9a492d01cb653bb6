import type Database from 'better-sqlite3';
import { prepared } from '../jobs/openDatabase';
import { decodeBytes32String, keccak256 } from 'ethers';
import { CONTRACT_INTERFACES, type DecodedEvent, type JsonValue } from './contractEvents';

/** A decoded event with its block's timestamp: one row of `events`. */
export interface StoredEvent extends DecodedEvent {
  timestamp: number;
}

/** The projection rows an event changes; each is rebuilt from its events after a reorg. */
export type EntityKind = 'model' | 'request' | 'sale' | 'game' | 'operator';

export interface EntityRef {
  kind: EntityKind;
  key: string;
}

/** The dispute game's clock rules, needed to replay its clocks from the moves' timestamps. */
export interface GameClockRules {
  clockBudget: number;
  inclusionDelay: number;
}

/** The dispute game's phases, named as in `IOpmlDisputeGame.Phase`. */
export const GAME_PHASES = [
  'None',
  'OutputCheck',
  'Bisect',
  'BisectResponse',
  'SlotUpdate',
  'DescentReveal',
  'DescentPick',
  'OneStep',
  'ProposerWon',
  'ChallengerWon',
  'Void',
] as const;
export type GamePhase = (typeof GAME_PHASES)[number];

/**
 * Whether the proposer moves in `phase` (as `OpmlDisputeGame._proposerMoves`).
 *
 * @example
 * proposerMoves('Bisect') // true
 */
export function proposerMoves(phase: GamePhase): boolean {
  return phase === 'OutputCheck' || phase === 'Bisect' || phase === 'SlotUpdate' || phase === 'DescentReveal';
}

/**
 * Whether a game in `phase` is still being played.
 *
 * @example
 * isLive('ChallengerWon') // false
 */
export function isLive(phase: GamePhase): boolean {
  const i = GAME_PHASES.indexOf(phase);
  return i > 0 && i < GAME_PHASES.indexOf('ProposerWon');
}

const REQUEST_PARAMS_TYPE = CONTRACT_INTERFACES.oracle.getEvent('Requested')!.inputs[1]!;
for (const c of REQUEST_PARAMS_TYPE.components!) {
  if (!/^(address|bytes32|uint\d+)$/.test(c.type)) {
    throw new Error(`RequestParams.${c.name} is a ${c.type}: paramsHashOf encodes only static words`);
  }
}

/** One ABI word of a static value (address, uintN, bytes32) given as the event JSON stores it. */
function word(type: string, value: JsonValue): string {
  if (type === 'address') return String(value).slice(2).toLowerCase().padStart(64, '0');
  if (type === 'bytes32') return String(value).slice(2).toLowerCase();
  return BigInt(String(value)).toString(16).padStart(64, '0');
}

/**
 * keccak256(abi.encode(params)) of a request's terms as stored (JSON from the `Requested` event).
 * Every field is static, so the encoding is one 32-byte word per field, written here directly (the
 * generic ABI coder cost more than the rest of indexing a request).
 *
 * @example
 * paramsHashOf(requestedArgs.params) // the hash the oracle's commitment starts from
 */
export function paramsHashOf(params: Record<string, JsonValue>): string {
  const words = REQUEST_PARAMS_TYPE.components!.map((c) => word(c.type, params[c.name]!));
  return keccak256(`0x${words.join('')}`);
}

const str = (v: JsonValue | undefined): string => String(v);
const num = (v: JsonValue | undefined): number => Number(v);
const lower = (v: JsonValue | undefined): string => String(v).toLowerCase();
const obj = (v: JsonValue | undefined): Record<string, JsonValue> => v as Record<string, JsonValue>;

function licenseText(raw: string): string {
  try {
    return decodeBytes32String(raw);
  } catch {
    return raw;
  }
}

/**
 * The projections of the index: how each event changes the tables the API reads (models,
 * requests, sales, games, operators, token holdings). Each entity's rows are a pure function of
 * its events in order, so a reorg deletes the rows and replays what remains.
 */
export class Projections {
  private readonly s;

  constructor(
    private readonly db: Database.Database,
    private readonly clocks: GameClockRules,
  ) {
    this.s = {
      modelByToken: db.prepare('SELECT id FROM models WHERE token = ?'),
      requestModel: db.prepare('SELECT model_id FROM requests WHERE id = ?'),
      gameRequest: db.prepare('SELECT request_id FROM games WHERE id = ?'),
      requestedArgs: db.prepare("SELECT args FROM events WHERE request_id = ? AND name = 'Requested' LIMIT 1"),
      insertModel: db.prepare(
        `INSERT INTO models (id, model_hash, developer, token, commitment, package_uri, license, fee, split,
           registered_block, registered_at, registered_tx)
         VALUES (@id, @model_hash, @developer, @token, @commitment, @package_uri, @license, @fee, @split,
           @registered_block, @registered_at, @registered_tx)`,
      ),
      model: db.prepare('SELECT * FROM models WHERE id = ?'),
      insertRequest: db.prepare(
        `INSERT INTO requests (id, model_id, requester, callback_contract, fee, params_hash, status, attempt, draw_block,
           deadline, exclusive_until, requested_block, requested_at, updated_block, updated_at)
         VALUES (@id, @model_id, @requester, @callback_contract, @fee, @params_hash, 'requested', @attempt, @draw_block,
           @deadline, @exclusive_until, @block, @at, @block, @at)`,
      ),
      request: db.prepare('SELECT * FROM requests WHERE id = ?'),
      insertSale: db.prepare(
        `INSERT INTO sales (address, model_id, token, developer, vesting, sale_supply, developer_supply, liquidity_supply,
           launched_block, launched_at, launched_tx)
         VALUES (@address, @model_id, @token, @developer, @vesting, @sale_supply, @developer_supply, @liquidity_supply,
           @block, @at, @tx)`,
      ),
      sale: db.prepare('SELECT * FROM sales WHERE address = ?'),
      insertGame: db.prepare(
        `INSERT INTO games (id, request_id, result_id, proposer, challenger, n, phase, lo, hi, proposer_clock,
           challenger_clock, last_move, opened_block, opened_at, updated_at)
         VALUES (@id, @request_id, @result_id, @proposer, @challenger, @n, 'OutputCheck', 0, @n, @clock, @clock, @at,
           @block, @at, @at)`,
      ),
      game: db.prepare('SELECT * FROM games WHERE id = ?'),
      upsertOperator: db.prepare(
        `INSERT INTO operators (address, stake, exit_at, updated_block) VALUES (@address, @stake, @exit_at, @block)
         ON CONFLICT (address) DO UPDATE SET stake = excluded.stake, exit_at = excluded.exit_at,
           updated_block = excluded.updated_block`,
      ),
      operator: db.prepare('SELECT * FROM operators WHERE address = ?'),
      optIn: db.prepare('INSERT OR IGNORE INTO operator_models (operator, model_id) VALUES (?, ?)'),
      optOut: db.prepare('DELETE FROM operator_models WHERE operator = ? AND model_id = ?'),
      balance: db.prepare('SELECT balance FROM token_balances WHERE token = ? AND account = ?'),
      setBalance: db.prepare(
        `INSERT INTO token_balances (token, account, balance) VALUES (?, ?, ?)
         ON CONFLICT (token, account) DO UPDATE SET balance = excluded.balance`,
      ),
      deleteBalance: db.prepare('DELETE FROM token_balances WHERE token = ? AND account = ?'),
      token: db.prepare('SELECT total_supply, holders FROM tokens WHERE address = ?'),
      upsertToken: db.prepare(
        `INSERT INTO tokens (address, total_supply, holders) VALUES (?, ?, ?)
         ON CONFLICT (address) DO UPDATE SET total_supply = excluded.total_supply, holders = excluded.holders`,
      ),
    };
  }

  /**
   * The entities an event changes, and the request, model and game it belongs to (stored on its
   * row for the API's history queries). Read before the event is applied.
   */
  keysOf(ev: StoredEvent): { entities: EntityRef[]; requestId?: number; modelId?: number; gameId?: number } {
    const a = ev.args;
    const entities: EntityRef[] = [];
    let requestId: number | undefined;
    let modelId: number | undefined;
    let gameId: number | undefined;
    switch (ev.contract) {
      case 'oracle':
        if (a.requestId !== undefined) {
          requestId = num(a.requestId);
          modelId =
            ev.name === 'Requested'
              ? num(obj(a.params).modelId)
              : (this.s.requestModel.get(requestId) as { model_id: number } | undefined)?.model_id;
          entities.push({ kind: 'request', key: String(requestId) });
          if (ev.name === 'Finalized' && modelId !== undefined) entities.push({ kind: 'model', key: String(modelId) });
        } else if (a.operator !== undefined) {
          entities.push({ kind: 'operator', key: lower(a.operator) });
          if (ev.name === 'OptedIn') modelId = num(a.modelId);
        } else if (a.modelId !== undefined) {
          modelId = num(a.modelId);
          entities.push({ kind: 'model', key: String(modelId) });
        }
        break;
      case 'registry':
        if (a.modelId !== undefined) {
          modelId = num(a.modelId);
          entities.push({ kind: 'model', key: String(modelId) });
        }
        break;
      case 'factory':
        if (ev.name === 'Launched') {
          modelId = num(a.modelId);
          entities.push({ kind: 'model', key: String(modelId) }, { kind: 'sale', key: lower(a.sale) });
        }
        break;
      case 'sale':
        entities.push({ kind: 'sale', key: ev.address.toLowerCase() });
        break;
      case 'token': {
        const model = this.s.modelByToken.get(ev.address) as { id: number } | undefined;
        modelId = model?.id;
        if (ev.name === 'RevenueDeposited' && modelId !== undefined) {
          entities.push({ kind: 'model', key: String(modelId) });
        }
        break;
      }
      case 'game':
        if (a.gameId !== undefined) {
          gameId = num(a.gameId);
          requestId =
            ev.name === 'GameOpened'
              ? num(a.requestId)
              : (this.s.gameRequest.get(gameId) as { request_id: number } | undefined)?.request_id;
          entities.push({ kind: 'game', key: String(gameId) });
        } else if (a.modelId !== undefined) {
          modelId = num(a.modelId);
        }
        break;
    }
    return { entities, requestId, modelId, gameId };
  }

  /** Applies an event's change to one entity's rows. */
  apply(entity: EntityRef, ev: StoredEvent): void {
    switch (entity.kind) {
      case 'model':
        return this.applyModel(Number(entity.key), ev);
      case 'request':
        return this.applyRequest(ev);
      case 'sale':
        return this.applySale(ev);
      case 'game':
        return this.applyGame(ev);
      case 'operator':
        return this.applyOperator(ev);
    }
  }

  /** Deletes an entity's rows (before it is replayed from its remaining events). */
  clear(entity: EntityRef): void {
    const { kind, key } = entity;
    if (kind === 'model') prepared(this.db, 'DELETE FROM models WHERE id = ?').run(Number(key));
    else if (kind === 'request') prepared(this.db, 'DELETE FROM requests WHERE id = ?').run(Number(key));
    else if (kind === 'sale') prepared(this.db, 'DELETE FROM sales WHERE address = ?').run(key);
    else if (kind === 'game') prepared(this.db, 'DELETE FROM games WHERE id = ?').run(Number(key));
    else {
      prepared(this.db, 'DELETE FROM operators WHERE address = ?').run(key);
      prepared(this.db, 'DELETE FROM operator_models WHERE operator = ?').run(key);
    }
  }

  /** Applies (or, with `inverse`, undoes) a token `Transfer` to the holdings. */
  applyTransfer(ev: StoredEvent, inverse = false): void {
    const token = ev.address.toLowerCase();
    const value = BigInt(str(ev.args.value));
    const sign = inverse ? -1n : 1n;
    const current = (this.s.token.get(token) as { total_supply: string; holders: number } | undefined) ?? {
      total_supply: '0',
      holders: 0,
    };
    let supply = BigInt(current.total_supply);
    let holders = current.holders;
    const move = (account: string, delta: bigint) => {
      const row = this.s.balance.get(token, account) as { balance: string } | undefined;
      const before = BigInt(row?.balance ?? '0');
      const after = before + delta;
      if (before === 0n && after !== 0n) holders += 1;
      if (before !== 0n && after === 0n) holders -= 1;
      if (after === 0n) this.s.deleteBalance.run(token, account);
      else this.s.setBalance.run(token, account, after.toString());
    };
    const from = lower(ev.args.from);
    const to = lower(ev.args.to);
    const zero = '0x0000000000000000000000000000000000000000';
    if (from === zero) supply += sign * value;
    else move(from, -sign * value);
    if (to === zero) supply -= sign * value;
    else move(to, sign * value);
    this.s.upsertToken.run(token, supply.toString(), holders);
  }

  private applyModel(id: number, ev: StoredEvent): void {
    const a = ev.args;
    const update = (sql: string, ...values: unknown[]) =>
      prepared(this.db, `UPDATE models SET ${sql} WHERE id = ?`).run(...values, id);
    switch (ev.name) {
      case 'ModelRegistered':
        this.s.insertModel.run({
          id,
          model_hash: lower(a.modelHash),
          developer: str(a.developer),
          token: str(a.token),
          commitment: JSON.stringify(a.commitment),
          package_uri: str(a.packageURI),
          license: licenseText(str(a.license)),
          fee: str(a.fee),
          split: JSON.stringify(a.split),
          registered_block: ev.blockNumber,
          registered_at: ev.timestamp,
          registered_tx: ev.txHash,
        });
        return;
      case 'FeeChanged':
        update('fee = ?', str(a.fee));
        return;
      case 'SplitChanged':
        update('split = ?, pending_split = NULL, pending_split_at = NULL', JSON.stringify(a.split));
        return;
      case 'SplitChangeScheduled':
        update('pending_split = ?, pending_split_at = ?', JSON.stringify(a.split), num(a.effectiveAt));
        return;
      case 'PackageURIChanged':
        update('package_uri = ?', str(a.packageURI));
        return;
      case 'ModelFrozen':
      case 'ModelFrozenNoted':
        update('frozen = 1');
        return;
      case 'Launched':
        update('sale = ?, vesting = ?', str(a.sale), str(a.vesting));
        return;
      case 'Finalized': {
        const requested = this.s.requestedArgs.get(num(a.requestId)) as { args: string } | undefined;
        if (!requested) return;
        const fee = BigInt(str(obj((JSON.parse(requested.args) as Record<string, JsonValue>).params).fee));
        const row = this.s.model.get(id) as { fees_paid: string } | undefined;
        if (row) update('fees_paid = ?', (BigInt(row.fees_paid) + fee).toString());
        return;
      }
      case 'RevenueDeposited': {
        const row = this.s.model.get(id) as { holders_revenue: string } | undefined;
        if (row) update('holders_revenue = ?', (BigInt(row.holders_revenue) + BigInt(str(a.amount))).toString());
        return;
      }
    }
  }

  private applyRequest(ev: StoredEvent): void {
    const a = ev.args;
    const id = num(a.requestId);
    const update = (sql: string, ...values: unknown[]) =>
      prepared(this.db, `UPDATE requests SET ${sql}, updated_block = ?, updated_at = ? WHERE id = ?`).run(
        ...values,
        ev.blockNumber,
        ev.timestamp,
        id,
      );
    switch (ev.name) {
      case 'Requested': {
        const p = obj(a.params);
        const attempt = obj(a.attempt);
        const deadline = num(attempt.deadline);
        this.s.insertRequest.run({
          id,
          model_id: num(p.modelId),
          requester: str(p.requester),
          callback_contract: str(p.callbackContract),
          fee: str(p.fee),
          params_hash: paramsHashOf(p),
          attempt: num(attempt.index),
          draw_block: num(attempt.drawBlock),
          deadline,
          exclusive_until: deadline - num(p.timeout) + num(p.responseWindow),
          block: ev.blockNumber,
          at: ev.timestamp,
        });
        return;
      }
      case 'ResultSubmitted':
        update(
          "status = 'submitted', operator = ?, result_id = ?, challenge_deadline = ?, open_games = 0",
          str(a.operator),
          lower(a.resultId),
          num(a.challengeDeadline),
        );
        return;
      case 'ChallengeOpened':
      case 'ChallengeClosed': {
        // One `ChallengeOpened` per game; `ChallengeClosed` once, when the last game on the result
        // ended in the proposer's favour (a game the challenger wins strikes the result instead).
        const row = this.s.request.get(id) as { open_games: number } | undefined;
        update('open_games = ?', ev.name === 'ChallengeOpened' ? (row?.open_games ?? 0) + 1 : 0);
        return;
      }
      case 'ResultStruck': {
        const row = this.s.request.get(id) as { deadline: number; exclusive_until: number } | undefined;
        if (!row) return;
        const reopened = obj(a.reopened);
        const deadline = num(reopened.deadline);
        update(
          "status = 'requested', attempt = ?, draw_block = ?, deadline = ?, exclusive_until = ?, operator = NULL, result_id = NULL, challenge_deadline = NULL, open_games = 0",
          num(reopened.index),
          num(reopened.drawBlock),
          deadline,
          deadline + (row.exclusive_until - row.deadline),
        );
        return;
      }
      case 'Finalized':
        update("status = 'finalized', open_games = 0");
        return;
      case 'Cancelled':
        update("status = 'cancelled'");
        return;
    }
  }

  private applySale(ev: StoredEvent): void {
    const a = ev.args;
    if (ev.name === 'Launched') {
      this.s.insertSale.run({
        address: lower(a.sale),
        model_id: num(a.modelId),
        token: str(a.token),
        developer: str(a.developer),
        vesting: str(a.vesting),
        sale_supply: str(a.saleSupply),
        developer_supply: str(a.developerSupply),
        liquidity_supply: str(a.liquiditySupply),
        block: ev.blockNumber,
        at: ev.timestamp,
        tx: ev.txHash,
      });
      return;
    }
    const address = ev.address.toLowerCase();
    const row = this.s.sale.get(address) as { total_committed: string; buyers: number } | undefined;
    if (!row) return;
    if (ev.name === 'Committed') {
      const amount = BigInt(str(a.amount));
      const first = amount === BigInt(str(a.total));
      prepared(this.db, 'UPDATE sales SET total_committed = ?, buyers = ? WHERE address = ?').run(
        (BigInt(row.total_committed) + amount).toString(),
        row.buyers + (first ? 1 : 0),
        address,
      );
    } else if (ev.name === 'Settled') {
      prepared(
        this.db,
        'UPDATE sales SET settled = 1, succeeded = ?, tokens_sold = ?, tokens_burned = ?, settled_at = ? WHERE address = ?',
      ).run(a.succeeded ? 1 : 0, str(a.tokensSold), str(a.tokensBurned), ev.timestamp, address);
    }
  }

  private applyGame(ev: StoredEvent): void {
    const a = ev.args;
    const id = num(a.gameId);
    if (ev.name === 'GameOpened') {
      this.s.insertGame.run({
        id,
        request_id: num(a.requestId),
        result_id: lower(a.resultId),
        proposer: str(a.proposer),
        challenger: str(a.challenger),
        n: num(a.opCount),
        clock: this.clocks.clockBudget,
        at: ev.timestamp,
        block: ev.blockNumber,
      });
      return;
    }
    const g = this.s.game.get(id) as GameRow | undefined;
    if (!g) return;
    const next = advanceGame(g, ev, this.clocks);
    prepared(
      this.db,
      `UPDATE games SET phase = @phase, lo = @lo, hi = @hi, proposer_clock = @proposer_clock,
           challenger_clock = @challenger_clock, last_move = @last_move, moves = @moves, settled = @settled,
           updated_at = @updated_at WHERE id = @id`,
    ).run({ ...next, id });
  }

  private applyOperator(ev: StoredEvent): void {
    const a = ev.args;
    const address = lower(a.operator);
    const row = (this.s.operator.get(address) as { stake: string; exit_at: number | null } | undefined) ?? {
      stake: '0',
      exit_at: null,
    };
    switch (ev.name) {
      case 'Staked':
        this.s.upsertOperator.run({ address, stake: str(a.stake), exit_at: row.exit_at, block: ev.blockNumber });
        return;
      case 'ExitRequested':
        this.s.upsertOperator.run({ address, stake: row.stake, exit_at: num(a.exitAt), block: ev.blockNumber });
        return;
      case 'StakeWithdrawn':
        this.s.upsertOperator.run({ address, stake: '0', exit_at: null, block: ev.blockNumber });
        return;
      case 'OptedIn':
        if (a.optedIn) this.s.optIn.run(address, num(a.modelId));
        else this.s.optOut.run(address, num(a.modelId));
        return;
    }
  }
}

/** A row of `models`: a registered model and its running totals. */
export interface ModelRow {
  id: number;
  model_hash: string;
  developer: string;
  token: string;
  commitment: string;
  package_uri: string;
  license: string;
  fee: string;
  split: string;
  pending_split: string | null;
  pending_split_at: number | null;
  frozen: number;
  sale: string | null;
  vesting: string | null;
  fees_paid: string;
  holders_revenue: string;
  registered_block: number;
  registered_at: number;
  registered_tx: string;
}

/** A row of `requests`: where a request stands, as its events say. */
export interface RequestRow {
  id: number;
  model_id: number;
  requester: string;
  callback_contract: string;
  fee: string;
  params_hash: string;
  status: 'requested' | 'submitted' | 'finalized' | 'cancelled';
  attempt: number;
  draw_block: number;
  deadline: number;
  exclusive_until: number;
  operator: string | null;
  result_id: string | null;
  challenge_deadline: number | null;
  open_games: number;
  requested_block: number;
  requested_at: number;
  updated_at: number;
}

/** A row of `games`. */
export interface GameRow {
  id: number;
  request_id: number;
  result_id: string;
  proposer: string;
  challenger: string;
  n: number;
  phase: GamePhase;
  lo: number;
  hi: number;
  proposer_clock: number;
  challenger_clock: number;
  last_move: number;
  moves: number;
  settled: number;
  opened_block: number;
  opened_at: number;
  updated_at: number;
}

type GameState = Pick<
  GameRow,
  'phase' | 'lo' | 'hi' | 'proposer_clock' | 'challenger_clock' | 'last_move' | 'moves' | 'settled' | 'updated_at'
>;

/**
 * A game after one of its events, following `OpmlDisputeGame`: a move charges the mover's clock
 * the time since the last move, then the next mover's clock is topped up to the inclusion delay.
 *
 * @example
 * const next = advanceGame(row, bisectedEvent, { clockBudget: 300, inclusionDelay: 15 });
 */
export function advanceGame(g: GameState, ev: StoredEvent, rules: GameClockRules): GameState {
  const a = ev.args;
  const next: GameState = { ...g, updated_at: ev.timestamp };
  const move = (phase: GamePhase) => {
    const elapsed = Math.max(0, ev.timestamp - g.last_move);
    if (proposerMoves(g.phase)) next.proposer_clock = Math.max(0, g.proposer_clock - elapsed);
    else next.challenger_clock = Math.max(0, g.challenger_clock - elapsed);
    next.last_move = ev.timestamp;
    next.moves = g.moves + 1;
    next.phase = phase;
    if (proposerMoves(phase)) next.proposer_clock = Math.max(next.proposer_clock, rules.inclusionDelay);
    else if (isLive(phase)) next.challenger_clock = Math.max(next.challenger_clock, rules.inclusionDelay);
  };
  const afterBisection = (lo: number, hi: number): GamePhase => (hi - lo === 1 ? 'SlotUpdate' : 'Bisect');
  switch (ev.name) {
    case 'OutputChecked':
      move(afterBisection(g.lo, g.hi));
      break;
    case 'Bisected':
      move('BisectResponse');
      break;
    case 'BisectionAnswered':
      next.lo = num(a.lo);
      next.hi = num(a.hi);
      move(afterBisection(next.lo, next.hi));
      break;
    case 'SlotUpdated':
      move('DescentReveal');
      break;
    case 'ChildrenRevealed':
      move('DescentPick');
      break;
    case 'ChildPicked':
      move('DescentReveal');
      break;
    case 'ChunkRevealed':
      move('OneStep');
      break;
    case 'OneStepDecided':
      move(g.phase);
      break;
    case 'GameEnded':
      next.phase = GAME_PHASES[num(a.outcome)] ?? g.phase;
      break;
    case 'GameSettled':
      next.phase = GAME_PHASES[num(a.outcome)] ?? g.phase;
      next.settled = 1;
      break;
  }
  return next;
}
