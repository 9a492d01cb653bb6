import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { OracleNodeError } from '../OracleNodeError';
import { MIGRATIONS } from './schema';

/** What a database belongs to: one chain (by id and genesis hash), one deployment, one signer. */
export interface StoreIdentity {
  chainId: number;
  genesisHash: string;
  /** Identifies the deployment (contract addresses and deployment block). */
  deploymentKey: string;
  /** The operator's address, or "readonly". */
  signer: string;
}

/** An open node database and the lock that keeps a second process away from it. */
export interface OpenDatabaseReturnType {
  db: Database.Database;
  file: string;
  /** Closes the database and releases the lock. */
  close(): void;
}

/**
 * The database file of an identity: one per chain, deployment and signer, under `dataDir`.
 *
 * @example
 * databaseFile('.imo/oracle', identity) // '.imo/oracle/chain-31337-2307b2f6-c92e52ab-0x976e….sqlite'
 */
export function databaseFile(dataDir: string, identity: StoreIdentity): string {
  const deployment = identity.deploymentKey.slice(2, 10);
  const genesis = identity.genesisHash.slice(2, 10);
  const who = identity.signer === 'readonly' ? 'readonly' : identity.signer.toLowerCase();
  return path.join(dataDir, `chain-${identity.chainId}-${genesis}-${deployment}-${who}.sqlite`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `<file>.lock` for this process (a lock left by a dead process is taken over). */
function takeLock(file: string): () => void {
  const lock = `${file}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(lock, 'utf8') === String(process.pid)) fs.unlinkSync(lock);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lock, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
        throw new OracleNodeError(
          'DATA_DIR_LOCKED',
          `${file} is in use by process ${holder}: two nodes must not share a database (set another dataDir)`,
        );
      }
      fs.rmSync(lock, { force: true });
    }
  }
  throw new OracleNodeError('DATA_DIR_LOCKED', `could not lock ${file}`);
}

/**
 * Opens (creating if needed) the node's SQLite database for an identity under `dataDir`, in WAL mode
 * with full sync (a committed state change survives a crash of the process or the machine), applies
 * the schema migrations, and checks the stored identity. One process at a time holds it.
 *
 * @example
 * const { db, close } = openDatabase('.imo/oracle', identity);
 */
export function openDatabase(dataDir: string, identity: StoreIdentity): OpenDatabaseReturnType {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = databaseFile(dataDir, identity);
  const unlock = takeLock(file);
  let db: Database.Database;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL loses nothing when the process dies (each commit is in the WAL file before
    // it returns); only a power cut may drop the last commits, which the chain re-derives (the cursor
    // goes back with them). The one write that must outlive a power cut, a transaction recorded before
    // it is broadcast, is made with full sync (`durably`).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    checkIdentity(db, identity, file);
  } catch (error) {
    unlock();
    throw error;
  }
  return {
    db,
    file,
    close() {
      if (db.open) db.close();
      unlock();
    },
  };
}

/**
 * Runs `write` as one transaction synced to disk before it returns (`synchronous = FULL` for it),
 * for records that must survive a power cut as well as a crash.
 *
 * @example
 * durably(db, () => insertTransaction.run(nonce, hash, raw));
 */
export function durably<T>(db: Database.Database, write: () => T): T {
  db.pragma('synchronous = FULL');
  try {
    return db.transaction(write)();
  } finally {
    db.pragma('synchronous = NORMAL');
  }
}

/**
 * Applies the migrations a database has not seen yet.
 *
 * @example
 * migrate(new Database(':memory:'));
 */
export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

function checkIdentity(db: Database.Database, identity: StoreIdentity, file: string): void {
  const rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  const expected: Record<string, string> = {
    chainId: String(identity.chainId),
    genesisHash: identity.genesisHash.toLowerCase(),
    deploymentKey: identity.deploymentKey.toLowerCase(),
    signer: identity.signer.toLowerCase(),
  };
  if (stored.size === 0) {
    const insert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    db.transaction(() => {
      for (const [key, value] of Object.entries(expected)) insert.run(key, value);
    })();
    return;
  }
  for (const [key, value] of Object.entries(expected)) {
    if (stored.get(key) !== value) {
      throw new OracleNodeError(
        'STORE_MISMATCH',
        `${file} belongs to ${key} ${stored.get(key) ?? '(none)'}, not ${value}: use another dataDir`,
      );
    }
  }
}

const statementCaches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * `db.prepare(sql)`, prepared once per database and kept (better-sqlite3 compiles a statement on every
 * `prepare`, which costs more than running it for the node's per-tick queries).
 *
 * @example
 * prepared(db, 'SELECT * FROM requests WHERE id = ?').get(7);
 */
export function prepared(db: Database.Database, sql: string): Database.Statement {
  let cache = statementCaches.get(db);
  if (!cache) statementCaches.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}
