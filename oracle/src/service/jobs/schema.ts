/**
 * The node's SQLite schema, as numbered migrations (applied in order, each in one transaction;
 * `PRAGMA user_version` records how far a database is). Amounts of wei are decimal strings (they
 * exceed 64 bits); block timestamps are Unix seconds; `*_ms` columns are the node's wall clock.
 *
 * Index tables (`events`, projections) are derived from the chain and rebuilt on a reorg; job and
 * transaction tables are the node's own durable memory.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  -- indexer: how far the chain has been read, and recent block hashes to detect reorgs
  CREATE TABLE cursor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    block_number INTEGER NOT NULL,
    block_hash TEXT NOT NULL,
    block_timestamp INTEGER NOT NULL
  );
  CREATE TABLE blocks (number INTEGER PRIMARY KEY, hash TEXT NOT NULL, timestamp INTEGER NOT NULL);

  -- every decoded event of the watched contracts (args as JSON)
  CREATE TABLE events (
    block_number INTEGER NOT NULL,
    log_index INTEGER NOT NULL,
    tx_hash TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    address TEXT NOT NULL,
    contract TEXT NOT NULL,
    name TEXT NOT NULL,
    args TEXT NOT NULL,
    request_id INTEGER,
    model_id INTEGER,
    game_id INTEGER,
    PRIMARY KEY (block_number, log_index)
  ) WITHOUT ROWID;
  CREATE INDEX events_request ON events (request_id, block_number, log_index) WHERE request_id IS NOT NULL;
  CREATE INDEX events_model ON events (model_id, name, timestamp) WHERE model_id IS NOT NULL;
  CREATE INDEX events_game ON events (game_id, block_number, log_index) WHERE game_id IS NOT NULL;
  CREATE INDEX events_address ON events (address, name, block_number);
  -- which projection rows each event touched (rebuilt from their events after a reorg)
  CREATE TABLE event_entities (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    block_number INTEGER NOT NULL,
    log_index INTEGER NOT NULL,
    PRIMARY KEY (kind, key, block_number, log_index)
  ) WITHOUT ROWID;
  CREATE INDEX event_entities_block ON event_entities (block_number);

  -- projections
  CREATE TABLE models (
    id INTEGER PRIMARY KEY,
    model_hash TEXT NOT NULL,
    developer TEXT NOT NULL,
    token TEXT NOT NULL,
    commitment TEXT NOT NULL,
    package_uri TEXT NOT NULL,
    license TEXT NOT NULL,
    fee TEXT NOT NULL,
    split TEXT NOT NULL,
    pending_split TEXT,
    pending_split_at INTEGER,
    frozen INTEGER NOT NULL DEFAULT 0,
    sale TEXT,
    vesting TEXT,
    fees_paid TEXT NOT NULL DEFAULT '0',
    holders_revenue TEXT NOT NULL DEFAULT '0',
    registered_block INTEGER NOT NULL,
    registered_at INTEGER NOT NULL,
    registered_tx TEXT NOT NULL
  );
  CREATE INDEX models_hash ON models (model_hash);
  CREATE INDEX models_token ON models (token);

  CREATE TABLE requests (
    id INTEGER PRIMARY KEY,
    model_id INTEGER NOT NULL,
    requester TEXT NOT NULL,
    callback_contract TEXT NOT NULL,
    fee TEXT NOT NULL,
    params_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    draw_block INTEGER NOT NULL,
    deadline INTEGER NOT NULL,
    exclusive_until INTEGER NOT NULL,
    operator TEXT,
    result_id TEXT,
    challenge_deadline INTEGER,
    open_games INTEGER NOT NULL DEFAULT 0,
    requested_block INTEGER NOT NULL,
    requested_at INTEGER NOT NULL,
    updated_block INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX requests_model ON requests (model_id, status, id);
  CREATE INDEX requests_status ON requests (status, id);
  CREATE INDEX requests_requester ON requests (requester, id);
  CREATE INDEX requests_operator ON requests (operator, id);

  CREATE TABLE sales (
    address TEXT PRIMARY KEY,
    model_id INTEGER NOT NULL,
    token TEXT NOT NULL,
    developer TEXT NOT NULL,
    vesting TEXT NOT NULL,
    sale_supply TEXT NOT NULL,
    developer_supply TEXT NOT NULL,
    liquidity_supply TEXT NOT NULL,
    total_committed TEXT NOT NULL DEFAULT '0',
    buyers INTEGER NOT NULL DEFAULT 0,
    settled INTEGER NOT NULL DEFAULT 0,
    succeeded INTEGER,
    tokens_sold TEXT,
    tokens_burned TEXT,
    settled_at INTEGER,
    launched_block INTEGER NOT NULL,
    launched_at INTEGER NOT NULL,
    launched_tx TEXT NOT NULL
  );
  CREATE INDEX sales_model ON sales (model_id);

  CREATE TABLE games (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL,
    result_id TEXT NOT NULL,
    proposer TEXT NOT NULL,
    challenger TEXT NOT NULL,
    n INTEGER NOT NULL,
    phase TEXT NOT NULL,
    lo INTEGER NOT NULL,
    hi INTEGER NOT NULL,
    proposer_clock INTEGER NOT NULL,
    challenger_clock INTEGER NOT NULL,
    last_move INTEGER NOT NULL,
    moves INTEGER NOT NULL DEFAULT 0,
    settled INTEGER NOT NULL DEFAULT 0,
    opened_block INTEGER NOT NULL,
    opened_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX games_request ON games (request_id);

  CREATE TABLE operators (
    address TEXT PRIMARY KEY,
    stake TEXT NOT NULL DEFAULT '0',
    exit_at INTEGER,
    updated_block INTEGER NOT NULL
  );
  CREATE TABLE operator_models (operator TEXT NOT NULL, model_id INTEGER NOT NULL, PRIMARY KEY (operator, model_id));
  CREATE INDEX operator_models_model ON operator_models (model_id);

  -- token holdings, kept by applying each Transfer (and its inverse on a reorg)
  CREATE TABLE tokens (
    address TEXT PRIMARY KEY,
    total_supply TEXT NOT NULL DEFAULT '0',
    holders INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE token_balances (
    token TEXT NOT NULL,
    account TEXT NOT NULL,
    balance TEXT NOT NULL,
    PRIMARY KEY (token, account)
  ) WITHOUT ROWID;
  CREATE INDEX token_balances_account ON token_balances (account);

  -- immutable facts read once from a contract (a sale's terms, a token's name and symbol)
  CREATE TABLE contract_meta (address TEXT PRIMARY KEY, kind TEXT NOT NULL, data TEXT NOT NULL);

  -- the node's own memory: jobs, their history, transactions, nonces, packages
  CREATE TABLE jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    request_id INTEGER NOT NULL,
    state TEXT NOT NULL,
    model_id INTEGER NOT NULL,
    params_hash TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    output TEXT,
    state_root TEXT,
    inference_ms REAL,
    primary_operator TEXT,
    tx_id INTEGER,
    error_code TEXT,
    error_message TEXT,
    retries INTEGER NOT NULL DEFAULT 0,
    next_run_at INTEGER NOT NULL DEFAULT 0,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    UNIQUE (kind, request_id)
  );
  CREATE INDEX jobs_state ON jobs (state, next_run_at);
  CREATE TABLE job_history (
    job_id INTEGER NOT NULL,
    at_ms INTEGER NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    note TEXT
  );
  CREATE INDEX job_history_job ON job_history (job_id, at_ms);

  CREATE TABLE transactions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    purpose TEXT NOT NULL,
    nonce INTEGER NOT NULL,
    to_address TEXT NOT NULL,
    data TEXT NOT NULL,
    value TEXT NOT NULL,
    gas_limit TEXT NOT NULL,
    state TEXT NOT NULL,
    mined_hash TEXT,
    mined_block INTEGER,
    receipt_status INTEGER,
    gas_used TEXT,
    error_code TEXT,
    error_message TEXT,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    mined_ms INTEGER
  );
  CREATE INDEX transactions_state ON transactions (state, nonce);
  CREATE TABLE tx_attempts (
    hash TEXT PRIMARY KEY,
    tx_id INTEGER NOT NULL,
    raw TEXT NOT NULL,
    max_fee_per_gas TEXT NOT NULL,
    max_priority_fee_per_gas TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    broadcast_ms INTEGER
  );
  CREATE INDEX tx_attempts_tx ON tx_attempts (tx_id, created_ms);
  CREATE TABLE tx_requests (tx_id INTEGER NOT NULL, request_id INTEGER NOT NULL, PRIMARY KEY (tx_id, request_id));
  CREATE INDEX tx_requests_request ON tx_requests (request_id);
  CREATE TABLE nonces (address TEXT PRIMARY KEY, next_nonce INTEGER NOT NULL);

  CREATE TABLE packages (
    model_hash TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    source TEXT,
    bytes INTEGER,
    error_code TEXT,
    error_message TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try_ms INTEGER NOT NULL DEFAULT 0,
    verified_ms INTEGER,
    updated_ms INTEGER NOT NULL
  );
  `,
  `
  -- the dispute side (oracle/src/service/dispute/): every posted result this node re-ran, and the
  -- transactions it sent for games (one game each), so a restart knows which are in flight
  CREATE TABLE verifications (
    result_id TEXT PRIMARY KEY,
    request_id INTEGER NOT NULL,
    model_id INTEGER NOT NULL,
    operator TEXT NOT NULL,
    challenge_deadline INTEGER NOT NULL,
    state TEXT NOT NULL,
    output TEXT,
    state_root TEXT,
    error_message TEXT,
    slack REAL,
    started_ms INTEGER NOT NULL,
    finished_ms INTEGER,
    challenge_tx_id INTEGER,
    next_run_at INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX verifications_state ON verifications (state, challenge_deadline);
  CREATE TABLE game_txs (
    tx_id INTEGER PRIMARY KEY,
    game_id INTEGER NOT NULL,
    kind TEXT NOT NULL
  );
  CREATE INDEX game_txs_game ON game_txs (game_id);
`,
];
