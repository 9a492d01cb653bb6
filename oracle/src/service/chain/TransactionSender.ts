import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import {
  Transaction,
  keccak256,
  parseUnits,
  type BaseWallet,
  type JsonRpcApiProvider,
  type TransactionReceipt,
} from 'ethers';
import { OracleNodeError } from '../OracleNodeError';
import { durably } from '../jobs/openDatabase';
import { classifyRpcError, type ClassifiedError, type DecodedRevert } from './classifyRpcError';

/** Why the node sends a transaction. */
export type TxPurpose =
  | 'submit'
  | 'finalize'
  | 'sweep'
  | 'withdraw'
  // the dispute side: opening a game, its moves, a timeout, a settlement, the game's credits
  | 'challenge'
  | 'move'
  | 'timeout'
  | 'settle'
  | 'gameWithdraw';

/** A transaction to send. */
export interface SendRequest {
  purpose: TxPurpose;
  to: string;
  data: string;
  value?: bigint;
  /** The requests it acts on (submissions and finalizations). */
  requestIds?: readonly number[];
  /** Runs inside the SQLite transaction that records the signed transaction (e.g. the jobs' state changes). */
  onRecorded?: (txId: number) => void;
  /**
   * The gas limit, when the caller knows a safe one: the transaction is then sent without a
   * simulation (no `SimulationRevertedError`; a revert shows in its outcome). Default: the estimate
   * plus the margin.
   */
  gasLimit?: bigint;
}

/** How a transaction ended. */
export interface TxOutcome {
  txId: number;
  purpose: TxPurpose;
  requestIds: number[];
  /** `mined` (status 1), `reverted` (mined with status 0), `dropped` (its nonce went to another transaction), `rejected` (never accepted). */
  result: 'mined' | 'reverted' | 'dropped' | 'rejected';
  hash?: string;
  blockNumber?: number;
  gasUsed?: bigint;
  revert?: DecodedRevert;
  message?: string;
  /** When it was first recorded (ms). */
  createdMs: number;
}

/** The simulation (gas estimate) of a transaction reverted: the decoded error says why. */
export class SimulationRevertedError extends OracleNodeError {
  constructor(readonly classified: ClassifiedError) {
    super('TX_REVERTED', `the transaction would revert: ${classified.message}`);
  }
}

/** Gas and fee settings. */
export interface GasSettings {
  /** Fraction added to each gas estimate. */
  gasMargin: number;
  maxFeePerGasGwei?: number;
  priorityFeeGwei?: number;
  /** Seconds before a pending transaction is replaced with a higher fee. */
  replaceAfterSec: number;
  /** Fee increase of a replacement, in percent (at least 10, the usual node rule). */
  feeBumpPercent: number;
  /** Transactions in flight at once. */
  maxPendingTxs: number;
}

/** What the sender needs. */
export interface TransactionSenderParameters {
  db: Database.Database;
  provider: JsonRpcApiProvider;
  wallet: BaseWallet;
  chainId: number;
  gas: GasSettings;
  log: Logger;
  now?: () => number;
  /** Called once per transaction that ends, inside the SQLite transaction recording the end. */
  onOutcome?: (outcome: TxOutcome) => void;
  /** Called when a transaction is sent (for metrics). */
  onSent?: (purpose: TxPurpose) => void;
  /** The latest base fee the caller already read (saves reading fee data for every transaction). */
  baseFee?: () => bigint | undefined;
  /**
   * The last block the caller's index has read: a reorg above it removes transactions the index
   * never saw, so `poll` checks those against the chain's nonce itself (without it: no such check).
   */
  indexedBlock?: () => number;
}

/** A row of `transactions`. */
export interface TxRow {
  id: number;
  purpose: TxPurpose;
  nonce: number;
  to_address: string;
  data: string;
  value: string;
  gas_limit: string;
  state: 'pending' | 'mined' | 'reverted' | 'dropped' | 'rejected';
  mined_hash: string | null;
  mined_block: number | null;
  created_ms: number;
  updated_ms: number;
}

interface AttemptRow {
  hash: string;
  raw: string;
  max_fee_per_gas: string;
  max_priority_fee_per_gas: string;
  created_ms: number;
  broadcast_ms: number | null;
}

/** How long the RPC's suggested priority fee is reused. */
const PRIORITY_FEE_TTL_MS = 30_000;
/** Seconds between re-broadcasts of a pending transaction the RPC does not know. */
const REBROADCAST_MS = 10_000;

/**
 * The node's only way to send transactions, crash-safe: a transaction is estimated (with a margin;
 * or it carries the limit its caller computed), given the next nonce, signed, and recorded with its
 * hash and raw bytes in SQLite *before* it is broadcast. After a restart every pending record is looked up by its hashes (mined?) and nonce
 * (taken by another transaction?) and only re-broadcast as the same signed bytes, so nothing is sent
 * twice. A transaction pending longer than `replaceAfterSec` is replaced (same nonce, fees raised by
 * `feeBumpPercent`); each replacement is recorded before it is broadcast too.
 */
export class TransactionSender {
  private readonly now: () => number;
  private readonly address: string;
  private lock: Promise<void> = Promise.resolve();
  /** The RPC's suggested priority fee, and when it was read. */
  private suggested: { fee: bigint; atMs: number } | undefined;
  /** When each hash was last handed to the RPC by this process (a restart re-broadcasts at once). */
  private readonly lastTried = new Map<string, number>();
  /** Whether the stored next nonce follows the chain's (see `nextNonce`). */
  private nonceInStep = false;
  /** See `fundsRefusal`. */
  private lastFundsRefusal: string | undefined;
  private readonly s;

  constructor(private readonly p: TransactionSenderParameters) {
    this.now = p.now ?? Date.now;
    this.address = p.wallet.address;
    const db = p.db;
    this.s = {
      pending: db.prepare("SELECT * FROM transactions WHERE state = 'pending' ORDER BY nonce"),
      attempts: db.prepare('SELECT * FROM tx_attempts WHERE tx_id = ? ORDER BY created_ms, rowid'),
      insertTx: db.prepare(
        `INSERT INTO transactions (purpose, nonce, to_address, data, value, gas_limit, state, created_ms, updated_ms)
         VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
      ),
      insertAttempt: db.prepare(
        `INSERT INTO tx_attempts (hash, tx_id, raw, max_fee_per_gas, max_priority_fee_per_gas, created_ms)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      insertRequest: db.prepare('INSERT OR IGNORE INTO tx_requests (tx_id, request_id) VALUES (?, ?)'),
      requests: db.prepare('SELECT request_id FROM tx_requests WHERE tx_id = ?'),
      broadcast: db.prepare('UPDATE tx_attempts SET broadcast_ms = ? WHERE hash = ?'),
      end: db.prepare(
        `UPDATE transactions SET state = ?, mined_hash = ?, mined_block = ?, receipt_status = ?, gas_used = ?,
           error_code = ?, error_message = ?, updated_ms = ?, mined_ms = ? WHERE id = ? AND state = 'pending'`,
      ),
      nextNonce: db.prepare('SELECT next_nonce FROM nonces WHERE address = ?'),
      setNonce: db.prepare(
        `INSERT INTO nonces (address, next_nonce) VALUES (?, ?)
         ON CONFLICT (address) DO UPDATE SET next_nonce = excluded.next_nonce`,
      ),
      reopen: db.prepare(
        `UPDATE transactions SET state = 'pending', mined_hash = NULL, mined_block = NULL, receipt_status = NULL,
           gas_used = NULL, updated_ms = ? WHERE state IN ('mined', 'reverted') AND mined_block > ?`,
      ),
      pendingFor: db.prepare(
        `SELECT t.id FROM transactions t JOIN tx_requests r ON r.tx_id = t.id
         WHERE t.state = 'pending' AND t.purpose = ? AND r.request_id = ? LIMIT 1`,
      ),
      pendingPurpose: db.prepare("SELECT id FROM transactions WHERE state = 'pending' AND purpose = ? LIMIT 1"),
      minedUnindexed: db.prepare(
        "SELECT 1 FROM transactions WHERE state IN ('mined', 'reverted') AND mined_block > ? LIMIT 1",
      ),
      reopenForgotten: db.prepare(
        `UPDATE transactions SET state = 'pending', mined_hash = NULL, mined_block = NULL, receipt_status = NULL,
           gas_used = NULL, updated_ms = ? WHERE state IN ('mined', 'reverted') AND mined_block > ? AND nonce >= ?`,
      ),
    };
  }

  /**
   * Why the last broadcast was refused for want of funds, until one goes through: the refused
   * transaction stays in flight (re-broadcast until funded), and later nonces wait behind it.
   */
  get fundsRefusal(): string | undefined {
    return this.lastFundsRefusal;
  }

  /** Transactions in flight. */
  pending(): TxRow[] {
    return this.s.pending.all() as TxRow[];
  }

  /** Whether another transaction may be sent now. */
  canSend(): boolean {
    return this.pending().length < this.p.gas.maxPendingTxs;
  }

  /** Whether a transaction for `purpose` (and `requestId`) is in flight. */
  hasPending(purpose: TxPurpose, requestId?: number): boolean {
    return requestId === undefined
      ? this.s.pendingPurpose.get(purpose) !== undefined
      : this.s.pendingFor.get(purpose, requestId) !== undefined;
  }

  /** Runs `fn` after every earlier call: nonce allocation and recording are strictly ordered. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** The priority fee: the configured one, or the RPC's suggestion (read at most every 30 s). */
  private async priorityFee(): Promise<bigint> {
    if (this.p.gas.priorityFeeGwei !== undefined) return parseUnits(String(this.p.gas.priorityFeeGwei), 'gwei');
    if (!this.suggested || this.now() - this.suggested.atMs > PRIORITY_FEE_TTL_MS) {
      let fee: bigint;
      try {
        fee = BigInt((await this.p.provider.send('eth_maxPriorityFeePerGas', [])) as string);
      } catch {
        fee = (await this.p.provider.getFeeData()).maxPriorityFeePerGas ?? parseUnits('1', 'gwei');
      }
      this.suggested = { fee, atMs: this.now() };
    }
    return this.suggested.fee;
  }

  /**
   * Fees for a new transaction: twice the latest base fee plus the priority fee (as ethers
   * suggests), capped by `maxFeePerGasGwei`.
   */
  private async fees(): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
    const priority = await this.priorityFee();
    const base = this.p.baseFee?.() ?? (await this.p.provider.getBlock('latest'))?.baseFeePerGas ?? undefined;
    let maxFee =
      base === undefined ? ((await this.p.provider.getFeeData()).gasPrice ?? priority) : base * 2n + priority;
    if (maxFee < priority) maxFee = priority;
    if (this.p.gas.maxFeePerGasGwei !== undefined) {
      const cap = parseUnits(String(this.p.gas.maxFeePerGasGwei), 'gwei');
      if (maxFee > cap) maxFee = cap;
    }
    return { maxFeePerGas: maxFee, maxPriorityFeePerGas: priority < maxFee ? priority : maxFee };
  }

  /**
   * Estimates, signs, records and broadcasts a transaction; resolves with its record id once it is
   * recorded (mining is reported through `onOutcome`). A simulation that reverts throws
   * `SimulationRevertedError` with the decoded custom error; an RPC failure before recording throws
   * a retryable `OracleNodeError`.
   *
   * @example
   * const txId = await sender.send({ purpose: 'submit', to: oracle, data, requestIds: [7] });
   */
  send(request: SendRequest): Promise<number> {
    return this.exclusive(async () => {
      const { provider, wallet, chainId, gas } = this.p;
      const value = request.value ?? 0n;
      let gasLimit = request.gasLimit;
      if (gasLimit === undefined) {
        let estimate: bigint;
        try {
          estimate = await provider.estimateGas({ from: this.address, to: request.to, data: request.data, value });
        } catch (error) {
          const classified = classifyRpcError(error);
          if (classified.kind === 'revert') throw new SimulationRevertedError(classified);
          throw new OracleNodeError('RPC_ERROR', `gas estimate failed: ${classified.message}`, {
            cause: error,
            retryable: classified.kind !== 'fatal',
          });
        }
        gasLimit = estimate + (estimate * BigInt(Math.round(gas.gasMargin * 1000))) / 1000n;
      }
      const fees = await this.fees();
      const nonce = await this.nextNonce();
      const raw = await wallet.signTransaction({
        type: 2,
        chainId,
        nonce,
        to: request.to,
        data: request.data,
        value,
        gasLimit,
        ...fees,
      });
      const hash = keccak256(raw);
      const at = this.now();
      const txId = durably(this.p.db, () => {
        const { lastInsertRowid } = this.s.insertTx.run(
          request.purpose,
          nonce,
          request.to,
          request.data,
          value.toString(),
          gasLimit.toString(),
          at,
          at,
        );
        const id = Number(lastInsertRowid);
        this.s.insertAttempt.run(hash, id, raw, fees.maxFeePerGas.toString(), fees.maxPriorityFeePerGas.toString(), at);
        for (const r of request.requestIds ?? []) this.s.insertRequest.run(id, r);
        this.s.setNonce.run(this.address, nonce + 1);
        request.onRecorded?.(id);
        return id;
      });
      this.p.log.debug({ txId, purpose: request.purpose, nonce, hash }, 'transaction recorded');
      await this.broadcast(txId, hash, raw);
      this.p.onSent?.(request.purpose);
      return txId;
    });
  }

  /**
   * The nonce of a new transaction. With none of the node's own in flight, the chain's pending count
   * (which also counts what another program sent with the same key, such as the operator's own
   * `stake`). With some in flight, the stored next nonce, while it is known to follow the chain:
   * from the first read on, until a broadcast or lookup shows the chain's nonce elsewhere (a nonce
   * taken by another transaction, a drop, a reorg); this saves a call per transaction under load.
   */
  private async nextNonce(): Promise<number> {
    const stored = (this.s.nextNonce.get(this.address) as { next_nonce: number } | undefined)?.next_nonce;
    const inFlight = this.pending().length > 0;
    if (inFlight && this.nonceInStep && stored !== undefined) return stored;
    const chainNonce = await this.p.provider.getTransactionCount(this.address, 'pending');
    this.nonceInStep = true;
    return inFlight ? Math.max(stored ?? 0, chainNonce) : chainNonce;
  }

  /**
   * Broadcasts recorded bytes; a failure is left for `poll` to sort out (it finds the hash or the
   * nonce). Returns how it went.
   */
  private async broadcast(
    txId: number,
    hash: string,
    raw: string,
  ): Promise<'sent' | 'underpriced' | 'later' | 'rejected'> {
    this.lastTried.set(hash, this.now());
    try {
      await this.p.provider.send('eth_sendRawTransaction', [raw]);
      this.s.broadcast.run(this.now(), hash);
      this.lastFundsRefusal = undefined;
      return 'sent';
    } catch (error) {
      const classified = classifyRpcError(error);
      if (classified.kind === 'nonce') {
        // known already, or the nonce is spent: poll() looks it up, and the next nonce is read again
        this.nonceInStep = false;
        return 'later';
      }
      if (classified.kind === 'revert' && (await this.minedAnyway(hash))) {
        // A node that runs what it is sent at once (Hardhat's automine) answers with the revert of a
        // transaction it has mined: the nonce is spent, and poll() records the reverted receipt.
        this.s.broadcast.run(this.now(), hash);
        return 'sent';
      }
      if (
        classified.kind === 'underpriced' &&
        /replacement/i.test(classified.message) &&
        (this.s.attempts.all(txId) as AttemptRow[]).length === 1
      ) {
        // Our first bytes for this nonce, refused as a replacement: a transaction this node did not
        // sign holds the nonce in the pool (another program with the same key). It is never outbid:
        // this one waits, and is dropped once the other is mined; the next nonce is read again.
        this.nonceInStep = false;
        this.p.log.warn({ txId, reason: classified.message }, 'another transaction of this key holds the nonce');
        return 'later';
      }
      if (classified.kind === 'funds') this.lastFundsRefusal = classified.message;
      if (classified.kind === 'retryable' || classified.kind === 'underpriced' || classified.kind === 'funds') {
        this.p.log.warn({ txId, reason: classified.message }, 'broadcast failed; will retry');
        return classified.kind === 'underpriced' ? 'underpriced' : 'later';
      }
      await this.reject(txId, classified);
      return 'rejected';
    }
  }

  /** Whether `hash` has a receipt (false when the RPC cannot say). */
  private async minedAnyway(hash: string): Promise<boolean> {
    try {
      return (await this.p.provider.getTransactionReceipt(hash)) !== null;
    } catch {
      return false;
    }
  }

  /** Ends a transaction the RPC refused outright; its nonce is freed when it is the last one taken. */
  private async reject(txId: number, classified: ClassifiedError): Promise<void> {
    const row = this.pending().find((t) => t.id === txId);
    if (!row) return;
    const stored = (this.s.nextNonce.get(this.address) as { next_nonce: number } | undefined)?.next_nonce ?? 0;
    const last = stored === row.nonce + 1;
    if (!last) {
      this.p.log.warn({ txId, reason: classified.message }, 'broadcast refused; later nonces wait on it, retrying');
      return;
    }
    this.finish(row, 'rejected', {
      code: 'TX_REJECTED',
      message: classified.message,
      revert: classified.revert,
      after: () => this.s.setNonce.run(this.address, row.nonce),
    });
  }

  private finish(
    row: TxRow,
    result: TxOutcome['result'],
    detail: {
      hash?: string;
      blockNumber?: number;
      status?: number;
      gasUsed?: bigint;
      code?: string;
      message?: string;
      revert?: DecodedRevert;
      after?: () => void;
    },
  ): void {
    const at = this.now();
    this.p.db.transaction(() => {
      const changed = this.s.end.run(
        result,
        detail.hash ?? null,
        detail.blockNumber ?? null,
        detail.status ?? null,
        detail.gasUsed?.toString() ?? null,
        detail.code ?? null,
        detail.message ?? null,
        at,
        result === 'mined' || result === 'reverted' ? at : null,
        row.id,
      ).changes;
      if (changed === 0) return;
      if (result === 'dropped' || result === 'rejected') this.nonceInStep = false;
      for (const a of this.s.attempts.all(row.id) as AttemptRow[]) this.lastTried.delete(a.hash);
      detail.after?.();
      const requestIds = (this.s.requests.all(row.id) as { request_id: number }[]).map((r) => r.request_id);
      this.p.onOutcome?.({
        txId: row.id,
        purpose: row.purpose,
        requestIds,
        result,
        hash: detail.hash,
        blockNumber: detail.blockNumber,
        gasUsed: detail.gasUsed,
        revert: detail.revert,
        message: detail.message,
        createdMs: row.created_ms,
      });
    })();
  }

  /**
   * Looks at every pending transaction: mined (by any of its hashes)? its nonce taken by another
   * transaction? unknown to the RPC (re-broadcast the same bytes)? pending too long (replace it with
   * higher fees)? Safe to call at any time, and at start-up to recover. The lookups of all pending
   * transactions go out together (one batched request on an HTTP RPC); a lost answer or a failed
   * step leaves that transaction for the next poll, without holding up the others.
   */
  poll(): Promise<void> {
    return this.exclusive(async () => {
      const indexed = this.p.indexedBlock?.() ?? Number.MAX_SAFE_INTEGER;
      let pending = this.pending();
      const unindexed = this.s.minedUnindexed.get(indexed) !== undefined;
      if (pending.length === 0 && !unindexed) return;
      const { provider } = this.p;
      // the chain's nonce, read once and only when needed: a transaction with a receipt needs none
      let nonceRead: Promise<number> | undefined;
      const chainNonce = () => (nonceRead ??= provider.getTransactionCount(this.address, 'latest'));
      if (unindexed) {
        const latestNonce = await chainNonce();
        // The chain's nonce went back below a transaction seen mined in a block the index has not
        // read: a reorg the index cannot notice removed it. Pending again, re-broadcast as it was.
        const { changes } = this.s.reopenForgotten.run(this.now(), indexed, latestNonce);
        if (changes > 0) {
          this.nonceInStep = false;
          this.p.log.warn({ transactions: changes, latestNonce }, 'mined transactions left the chain; re-sending them');
          pending = this.pending();
        }
      }
      const looks = await Promise.allSettled(
        pending.map(async (row) => {
          const attempts = this.s.attempts.all(row.id) as AttemptRow[];
          const receipts = await Promise.all(attempts.map((a) => provider.getTransactionReceipt(a.hash)));
          const receipt = receipts.find((r) => r !== null) ?? null;
          if (receipt) return { row, attempts, receipt, known: true, latestNonce: 0 };
          const latestNonce = await chainNonce();
          // whether the pool still has the latest bytes (only asked of an unmined nonce)
          const known = row.nonce < latestNonce ? null : await provider.getTransaction(attempts.at(-1)!.hash);
          return { row, attempts, receipt, known: known !== null, latestNonce };
        }),
      );
      for (const [i, look] of looks.entries()) {
        try {
          if (look.status === 'rejected') throw look.reason;
          await this.follow(look.value);
        } catch (error) {
          this.p.log.debug(
            { txId: pending[i]!.id, reason: classifyRpcError(error).message },
            'a pending transaction could not be looked at; next poll',
          );
        }
      }
    });
  }

  /**
   * One pending transaction, as `poll` found it (with the chain's nonce when it has no receipt): ends
   * it, re-broadcasts it or replaces it.
   */
  private async follow(look: {
    row: TxRow;
    attempts: AttemptRow[];
    receipt: TransactionReceipt | null;
    known: boolean;
    latestNonce: number;
  }): Promise<void> {
    const { row, attempts, receipt, latestNonce } = look;
    if (receipt) {
      const ok = receipt.status === 1;
      const revert = ok ? undefined : await this.revertReason(row, receipt.blockNumber);
      this.finish(row, ok ? 'mined' : 'reverted', {
        hash: receipt.hash,
        blockNumber: receipt.blockNumber,
        status: receipt.status ?? 0,
        gasUsed: receipt.gasUsed,
        code: ok ? undefined : 'TX_REVERTED',
        message: ok ? undefined : (revert?.text ?? 'reverted'),
        revert,
      });
      return;
    }
    if (row.nonce < latestNonce) {
      this.finish(row, 'dropped', {
        code: 'TX_REJECTED',
        message: `nonce ${row.nonce} was used by another transaction`,
      });
      return;
    }
    const last = attempts.at(-1)!;
    if (!look.known) {
      // Unknown to the RPC (never arrived, refused for want of funds, evicted): the same bytes
      // again, re-signed at the current fees only if they are now too low to enter the pool.
      const rebroadcastMs = Math.min(REBROADCAST_MS, this.p.gas.replaceAfterSec * 1000);
      if (this.now() - (this.lastTried.get(last.hash) ?? 0) >= rebroadcastMs) {
        const outcome = await this.broadcast(row.id, last.hash, last.raw);
        if (outcome === 'underpriced') await this.replace(row, last);
      }
    } else if (this.now() - last.created_ms >= this.p.gas.replaceAfterSec * 1000) {
      await this.replace(row, last); // in the pool but not mined: outbid it
    }
  }

  /** The custom error a mined transaction reverted with (re-run as a call at its block). */
  private async revertReason(row: TxRow, blockNumber: number): Promise<DecodedRevert | undefined> {
    try {
      await this.p.provider.call({
        from: this.address,
        to: row.to_address,
        data: row.data,
        value: BigInt(row.value),
        blockTag: blockNumber,
      });
      return undefined;
    } catch (error) {
      return classifyRpcError(error).revert;
    }
  }

  /** Re-signs a stuck transaction with the same nonce and fees raised by the bump (or the network's, if higher). */
  private async replace(row: TxRow, last: AttemptRow): Promise<void> {
    const bump = (v: bigint) => v + (v * BigInt(this.p.gas.feeBumpPercent)) / 100n + 1n;
    const current = await this.fees();
    let maxFee = bump(BigInt(last.max_fee_per_gas));
    let priority = bump(BigInt(last.max_priority_fee_per_gas));
    if (current.maxFeePerGas > maxFee) maxFee = current.maxFeePerGas;
    if (current.maxPriorityFeePerGas > priority) priority = current.maxPriorityFeePerGas;
    if (this.p.gas.maxFeePerGasGwei !== undefined) {
      const cap = parseUnits(String(this.p.gas.maxFeePerGasGwei), 'gwei');
      if (maxFee > cap) {
        this.p.log.warn({ txId: row.id }, 'a stuck transaction cannot be replaced: maxFeePerGasGwei caps its fee');
        return;
      }
    }
    if (priority > maxFee) priority = maxFee;
    const tx = Transaction.from({
      type: 2,
      chainId: this.p.chainId,
      nonce: row.nonce,
      to: row.to_address,
      data: row.data,
      value: BigInt(row.value),
      gasLimit: BigInt(row.gas_limit),
      maxFeePerGas: maxFee,
      maxPriorityFeePerGas: priority,
    });
    const raw = await this.p.wallet.signTransaction(tx);
    const hash = keccak256(raw);
    durably(this.p.db, () =>
      this.s.insertAttempt.run(hash, row.id, raw, maxFee.toString(), priority.toString(), this.now()),
    );
    this.p.log.info(
      { txId: row.id, nonce: row.nonce, hash, maxFeePerGas: maxFee.toString() },
      'replacing a stuck transaction',
    );
    await this.broadcast(row.id, hash, raw);
  }

  /**
   * After a reorg down to `ancestor`, transactions mined above it are pending again: their bytes are
   * re-broadcast as they are (a real chain's pool does the same), never re-signed.
   */
  reopenAbove(ancestor: number): void {
    this.nonceInStep = false;
    this.s.reopen.run(this.now(), ancestor);
  }
}
