import type Database from 'better-sqlite3';
import { prepared } from '../jobs/openDatabase';
import type { ContractKind, JsonValue } from './contractEvents';
import { Projections, type EntityRef, type GameClockRules, type StoredEvent } from './projections';

/** A block as the indexer remembers it. */
export interface BlockRef {
  number: number;
  hash: string;
  timestamp: number;
}

/** A range of blocks read from the chain, to be applied at once. */
export interface IndexedRange {
  /** The range's events, in chain order. */
  events: StoredEvent[];
  /** Headers of the blocks that hold events (kept to detect reorgs). */
  blocks: BlockRef[];
  /** The last block of the range: the new cursor. */
  to: BlockRef;
}

/** What an applied range (or a rollback) changed, for the job store and the package store. */
export interface Touched {
  requests: Set<number>;
  models: Set<number>;
  games: Set<number>;
  operators: Set<string>;
  sales: Set<string>;
}

/** Called inside the transaction that applies a range or a rollback, so its own writes are atomic with it. */
export type TouchedListener = (touched: Touched, cause: 'apply' | 'rollback') => void;

const emptyTouched = (): Touched => ({
  requests: new Set(),
  models: new Set(),
  games: new Set(),
  operators: new Set(),
  sales: new Set(),
});

interface EventRow {
  block_number: number;
  log_index: number;
  tx_hash: string;
  timestamp: number;
  address: string;
  contract: ContractKind;
  name: string;
  args: string;
}

/** A stored event row as the decoded event it came from. */
function eventFromRow(row: EventRow): StoredEvent {
  return {
    blockNumber: row.block_number,
    logIndex: row.log_index,
    blockHash: '',
    txHash: row.tx_hash,
    address: row.address,
    contract: row.contract,
    name: row.name,
    args: JSON.parse(row.args) as Record<string, JsonValue>,
    timestamp: row.timestamp,
  };
}

/**
 * The chain as the node has indexed it: the cursor, recent block hashes, every event of the watched
 * contracts and the projections built from them. A range is applied, and a reorg rolled back, in one
 * SQLite transaction together with whatever the listeners write (the job store's reconciliation), so
 * the index and the jobs never disagree, whenever the process dies.
 */
export class IndexStore {
  private readonly projections: Projections;
  private readonly listeners: TouchedListener[] = [];
  private readonly s;

  constructor(
    readonly db: Database.Database,
    clocks: GameClockRules,
  ) {
    this.projections = new Projections(db, clocks);
    this.s = {
      cursor: db.prepare('SELECT block_number, block_hash, block_timestamp FROM cursor WHERE id = 1'),
      setCursor: db.prepare(
        `INSERT INTO cursor (id, block_number, block_hash, block_timestamp) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET block_number = excluded.block_number, block_hash = excluded.block_hash,
           block_timestamp = excluded.block_timestamp`,
      ),
      insertBlock: db.prepare('INSERT OR REPLACE INTO blocks (number, hash, timestamp) VALUES (?, ?, ?)'),
      block: db.prepare('SELECT number, hash, timestamp FROM blocks WHERE number = ?'),
      blocksDesc: db.prepare(
        'SELECT number, hash, timestamp FROM blocks WHERE number <= ? ORDER BY number DESC LIMIT ?',
      ),
      pruneBlocks: db.prepare('DELETE FROM blocks WHERE number < ?'),
      insertEvent: db.prepare(
        `INSERT OR REPLACE INTO events (block_number, log_index, tx_hash, timestamp, address, contract, name, args,
           request_id, model_id, game_id)
         VALUES (@block_number, @log_index, @tx_hash, @timestamp, @address, @contract, @name, @args,
           @request_id, @model_id, @game_id)`,
      ),
      insertEntity: db.prepare(
        'INSERT OR IGNORE INTO event_entities (kind, key, block_number, log_index) VALUES (?, ?, ?, ?)',
      ),
      entitiesAfter: db.prepare('SELECT DISTINCT kind, key FROM event_entities WHERE block_number > ?'),
      transfersAfter: db.prepare(
        "SELECT * FROM events WHERE block_number > ? AND contract = 'token' AND name = 'Transfer' ORDER BY block_number DESC, log_index DESC",
      ),
      deleteEvents: db.prepare('DELETE FROM events WHERE block_number > ?'),
      deleteEntities: db.prepare('DELETE FROM event_entities WHERE block_number > ?'),
      deleteBlocks: db.prepare('DELETE FROM blocks WHERE number > ?'),
      entityEvents: db.prepare(
        `SELECT e.* FROM event_entities k JOIN events e
           ON e.block_number = k.block_number AND e.log_index = k.log_index
         WHERE k.kind = ? AND k.key = ? ORDER BY e.block_number, e.log_index`,
      ),
      tokens: db.prepare('SELECT token FROM models'),
      sales: db.prepare('SELECT address FROM sales'),
    };
  }

  /** Registers a listener run inside every apply/rollback transaction. */
  onTouched(listener: TouchedListener): void {
    this.listeners.push(listener);
  }

  /** The last indexed block, if any. */
  cursor(): BlockRef | undefined {
    const row = this.s.cursor.get() as
      { block_number: number; block_hash: string; block_timestamp: number } | undefined;
    return row ? { number: row.block_number, hash: row.block_hash, timestamp: row.block_timestamp } : undefined;
  }

  /** The stored hash of block `n` (blocks with events and range ends of the recent past). */
  block(n: number): BlockRef | undefined {
    return this.s.block.get(n) as BlockRef | undefined;
  }

  /** Stored blocks at or below `n`, newest first. */
  blocksAtOrBelow(n: number, limit: number): BlockRef[] {
    return this.s.blocksDesc.all(n, limit) as BlockRef[];
  }

  /** Addresses of every token and sale found so far (their logs are read too). */
  dynamicAddresses(): { tokens: string[]; sales: string[] } {
    return {
      tokens: (this.s.tokens.all() as { token: string }[]).map((r) => r.token),
      sales: (this.s.sales.all() as { address: string }[]).map((r) => r.address),
    };
  }

  /**
   * Applies a range in one transaction: stores its events, updates the projections, remembers the
   * blocks' hashes (pruning those older than `keepBlocks` below the new cursor), moves the cursor and
   * runs the listeners.
   */
  applyRange(range: IndexedRange, keepBlocks: number): Touched {
    const touched = emptyTouched();
    this.db.transaction(() => {
      for (const ev of range.events) {
        const keys = this.projections.keysOf(ev);
        this.s.insertEvent.run({
          block_number: ev.blockNumber,
          log_index: ev.logIndex,
          tx_hash: ev.txHash,
          timestamp: ev.timestamp,
          address: ev.address,
          contract: ev.contract,
          name: ev.name,
          args: JSON.stringify(ev.args),
          request_id: keys.requestId ?? null,
          model_id: keys.modelId ?? null,
          game_id: keys.gameId ?? null,
        });
        if (ev.contract === 'token' && ev.name === 'Transfer') this.projections.applyTransfer(ev);
        for (const entity of keys.entities) {
          this.s.insertEntity.run(entity.kind, entity.key, ev.blockNumber, ev.logIndex);
          this.projections.apply(entity, ev);
          note(touched, entity);
        }
        if (keys.requestId !== undefined) touched.requests.add(keys.requestId);
      }
      for (const b of range.blocks) this.s.insertBlock.run(b.number, b.hash, b.timestamp);
      this.s.insertBlock.run(range.to.number, range.to.hash, range.to.timestamp);
      this.s.pruneBlocks.run(range.to.number - keepBlocks);
      this.s.setCursor.run(range.to.number, range.to.hash, range.to.timestamp);
      for (const listener of this.listeners) listener(touched, 'apply');
    })();
    return touched;
  }

  /**
   * Undoes everything indexed above `ancestor` (the last block still on the chain) in one
   * transaction: token transfers are reversed, events deleted, and every projection row they touched
   * is rebuilt from the events that remain; then the listeners run.
   */
  rollbackTo(ancestor: BlockRef | undefined): Touched {
    const above = ancestor?.number ?? -1;
    const touched = emptyTouched();
    this.db.transaction(() => {
      for (const row of this.s.transfersAfter.all(above) as EventRow[]) {
        this.projections.applyTransfer(eventFromRow(row), true);
      }
      const entities = this.s.entitiesAfter.all(above) as EntityRef[];
      const requestsAbove = prepared(
        this.db,
        'SELECT DISTINCT request_id FROM events WHERE block_number > ? AND request_id IS NOT NULL',
      ).all(above) as { request_id: number }[];
      this.s.deleteEvents.run(above);
      this.s.deleteEntities.run(above);
      this.s.deleteBlocks.run(above);
      for (const entity of entities) {
        this.projections.clear(entity);
        for (const row of this.s.entityEvents.all(entity.kind, entity.key) as EventRow[]) {
          this.projections.apply(entity, eventFromRow(row));
        }
        note(touched, entity);
      }
      for (const r of requestsAbove) touched.requests.add(r.request_id);
      if (ancestor) this.s.setCursor.run(ancestor.number, ancestor.hash, ancestor.timestamp);
      else prepared(this.db, 'DELETE FROM cursor').run();
      for (const listener of this.listeners) listener(touched, 'rollback');
    })();
    return touched;
  }

  /** A request's terms as its indexed `Requested` event gives them, if indexed. */
  requestParams(requestId: number): Record<string, JsonValue> | undefined {
    const row = prepared(
      this.db,
      "SELECT args FROM events WHERE request_id = ? AND name = 'Requested' AND contract = 'oracle' LIMIT 1",
    ).get(requestId) as { args: string } | undefined;
    return row ? ((JSON.parse(row.args) as Record<string, JsonValue>).params as Record<string, JsonValue>) : undefined;
  }

  /** Stores immutable facts read from a contract (a sale's terms, a token's name). */
  setContractMeta(address: string, kind: ContractKind, data: Record<string, JsonValue>): void {
    prepared(this.db, 'INSERT OR REPLACE INTO contract_meta (address, kind, data) VALUES (?, ?, ?)').run(
      address.toLowerCase(),
      kind,
      JSON.stringify(data),
    );
  }

  /** Whether facts of `address` were stored. */
  hasContractMeta(address: string): boolean {
    return prepared(this.db, 'SELECT 1 FROM contract_meta WHERE address = ?').get(address.toLowerCase()) !== undefined;
  }
}

function note(touched: Touched, entity: EntityRef): void {
  switch (entity.kind) {
    case 'request':
      touched.requests.add(Number(entity.key));
      break;
    case 'model':
      touched.models.add(Number(entity.key));
      break;
    case 'game':
      touched.games.add(Number(entity.key));
      break;
    case 'operator':
      touched.operators.add(entity.key);
      break;
    case 'sale':
      touched.sales.add(entity.key);
      break;
  }
}
