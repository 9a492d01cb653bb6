import type { Logger } from 'pino';
import { Contract, type JsonRpcApiProvider } from 'ethers';
import { OracleNodeError } from '../OracleNodeError';
import {
  CONTRACT_INTERFACES,
  decodeLog,
  toJson,
  type ContractKind,
  type DecodedEvent,
  type JsonValue,
  type RawLog,
} from './contractEvents';
import type { ProtocolAddresses } from './connectChain';
import { isLostAnswer, retryRead } from './retryRead';
import type { BlockRef, IndexStore, Touched } from './IndexStore';
import type { StoredEvent } from './projections';

/** What the watcher needs. */
export interface ChainWatcherParameters {
  provider: JsonRpcApiProvider;
  store: IndexStore;
  addresses: ProtocolAddresses;
  /** Blocks behind the head the indexer stays (0: index the head itself). */
  confirmations: number;
  /** Most blocks per log query. */
  blockRange: number;
  /** Blocks of hashes kept to find where a reorg forked. */
  maxReorgDepth: number;
  /** The first block to index (the deployment block). */
  startBlock: number;
  log: Logger;
}

/** What one step of the watcher did. */
export interface WatchStep {
  /** The range applied, if any. */
  applied?: { from: number; to: number; events: number; touched: Touched };
  /** The block the index was rolled back to after a reorg (-1: everything). */
  rolledBackTo?: number;
  /** Whether the index has reached the head (minus the confirmations). */
  caughtUp: boolean;
}

/** A JSON-RPC read. */
type RpcRead = (method: string, params: unknown[]) => Promise<unknown>;

/** Tries of one read whose answer was lost before the step it is part of fails. */
const READ_ATTEMPTS = 3;

/** A block header as `eth_getBlockByNumber` returns it, parsed (only what the index needs). */
interface Header {
  number: number;
  hash: string;
  parentHash: string;
  timestamp: number;
  baseFeePerGas?: bigint;
}

/**
 * Reads a block header straight from JSON-RPC (ethers' Block objects cost more CPU than the node's
 * own work per request); `undefined` if there is no such block.
 */
async function header(read: RpcRead, tag: number | 'latest'): Promise<Header | undefined> {
  const raw = (await read('eth_getBlockByNumber', [tag === 'latest' ? 'latest' : `0x${tag.toString(16)}`, false])) as {
    number: string;
    hash: string;
    parentHash: string;
    timestamp: string;
    baseFeePerGas?: string;
  } | null;
  if (!raw?.hash) return undefined;
  return {
    number: Number(raw.number),
    hash: raw.hash,
    parentHash: raw.parentHash,
    timestamp: Number(raw.timestamp),
    baseFeePerGas: raw.baseFeePerGas === undefined ? undefined : BigInt(raw.baseFeePerGas),
  };
}

/** Addresses per log query (providers cap the filter size). */
const ADDRESSES_PER_QUERY = 500;

/**
 * Follows the protocol's contracts from a persisted cursor: each step reads the head, checks that the
 * cursor block is still on the chain (else rolls the index back to the last block that is), and
 * applies the next bounded range of logs — the four protocol contracts first, then every token and
 * sale known after them, so a contract created in the range is read in the same range — as one
 * transaction of the store. Stateless between steps: a restart resumes from the stored cursor.
 */
export class ChainWatcher {
  /** The chain head as last read. */
  head: { number: number; timestamp: number; hash: string; baseFeePerGas?: bigint } | undefined;
  /** Whether the last step reached the head. */
  caughtUp = false;

  /**
   * A read tried again at once (up to `READ_ATTEMPTS` times) when its answer was lost: a step needs
   * several answers in a row, and one lost answer would otherwise fail it and back the loop off.
   */
  private readonly read: RpcRead = (method, params) =>
    retryRead(() => this.p.provider.send(method, params) as Promise<unknown>, {
      what: method,
      log: this.p.log,
      attempts: READ_ATTEMPTS,
      firstDelayMs: 50,
      retryIf: isLostAnswer,
      logLevel: 'debug',
    });

  constructor(private readonly p: ChainWatcherParameters) {}

  /** Blocks behind the head the index stays. */
  get confirmations(): number {
    return this.p.confirmations;
  }

  /** The indexed block (the cursor), or one before the start block. */
  indexedBlock(): number {
    return this.p.store.cursor()?.number ?? this.p.startBlock - 1;
  }

  /**
   * Reads the head and applies at most one range (or rolls back one reorg).
   *
   * @example
   * while (!(await watcher.step()).caughtUp);
   */
  async step(): Promise<WatchStep> {
    const { store } = this.p;
    const latest = await header(this.read, 'latest');
    if (!latest) throw new OracleNodeError('RPC_ERROR', 'the RPC returned no latest block', { retryable: true });
    this.head = latest;
    const cursor = store.cursor();
    if (cursor && cursor.number > latest.number) return this.rollBack(cursor);
    const target = latest.number - this.p.confirmations;
    const from = cursor ? cursor.number + 1 : this.p.startBlock;
    if (from > target) {
      // Nothing new to read: check the cursor block is still there (a new range checks its parent).
      if (cursor) {
        const onChain = cursor.number === latest.number ? latest.hash : (await header(this.read, cursor.number))?.hash;
        if (onChain !== cursor.hash) return this.rollBack(cursor);
      }
      this.caughtUp = true;
      return { caughtUp: true };
    }
    const to = Math.min(target, from + this.p.blockRange - 1);
    const toBefore = to === latest.number ? latest : await header(this.read, to);
    if (!toBefore) return { caughtUp: false }; // the head moved back under us: the next step sees it
    const events = await this.readLogs(from, to);
    // Headers are read for the range's ends and for blocks whose events carry no exact timestamp
    // (requests and postings do: deadline − timeout, challenge deadline − window).
    const derived = this.derivedTimestamps(events);
    const needed = new Set<number>([from]);
    events.forEach((ev, i) => {
      if (!derived.has(i)) needed.add(ev.blockNumber);
    });
    needed.delete(to);
    const headers = new Map<number, Header>();
    const [toAfter] = await Promise.all([
      header(this.read, to),
      ...[...needed].map(async (n) => {
        const b = await header(this.read, n);
        if (b) headers.set(n, b);
      }),
    ]);
    // The same block `to` before and after the logs were read: nothing up to it changed meanwhile.
    if (!toAfter || toAfter.hash !== toBefore.hash) return { caughtUp: false };
    headers.set(to, toAfter);
    const first = headers.get(from);
    if (!first) return { caughtUp: false };
    if (cursor && first.parentHash !== cursor.hash) return this.rollBack(cursor);
    const blockTimes = new Map<number, { hash: string; timestamp: number }>();
    for (const [i, ev] of events.entries()) {
      const h = headers.get(ev.blockNumber);
      if (h && h.hash !== ev.blockHash) {
        this.p.log.debug({ block: ev.blockNumber }, 'a block changed while its logs were read; reading again');
        return { caughtUp: false };
      }
      const timestamp = derived.get(i) ?? h!.timestamp;
      if (timestamp < first.timestamp || timestamp > toAfter.timestamp) {
        // a derivation the contracts no longer support: read that block's header instead
        this.p.log.warn({ block: ev.blockNumber, event: ev.name }, 'an event timestamp could not be derived');
        const b = await header(this.read, ev.blockNumber);
        if (!b || b.hash !== ev.blockHash) return { caughtUp: false };
        derived.set(i, b.timestamp);
      }
      blockTimes.set(ev.blockNumber, { hash: ev.blockHash, timestamp: derived.get(i) ?? h!.timestamp });
    }
    await this.readContractFacts(events);
    const stored: StoredEvent[] = events.map((ev, i) => ({
      ...ev,
      timestamp: derived.get(i) ?? headers.get(ev.blockNumber)!.timestamp,
    }));
    const blocks = [
      { number: first.number, hash: first.hash, timestamp: first.timestamp },
      ...[...blockTimes].map(([number, b]) => ({ number, ...b })),
    ];
    const last = toAfter;
    const touched = store.applyRange(
      { events: stored, blocks, to: { number: last.number, hash: last.hash, timestamp: last.timestamp } },
      this.p.maxReorgDepth,
    );
    this.caughtUp = to >= target;
    return { applied: { from, to, events: events.length, touched }, caughtUp: this.caughtUp };
  }

  /**
   * Exact timestamps some events carry in their arguments, by index in `events`: a request's (and a
   * reopened attempt's) deadline is its block's time plus the request's timeout, a posting's
   * challenge deadline its block's time plus the challenge window.
   */
  private derivedTimestamps(events: DecodedEvent[]): Map<number, number> {
    const params = new Map<string, Record<string, JsonValue>>();
    const paramsOf = (requestId: string) => {
      let p = params.get(requestId);
      if (!p) {
        p = this.p.store.requestParams(Number(requestId));
        if (p) params.set(requestId, p);
      }
      return p;
    };
    const out = new Map<number, number>();
    events.forEach((ev, i) => {
      if (ev.contract !== 'oracle') return;
      const a = ev.args;
      if (ev.name === 'Requested') {
        const p = a.params as Record<string, JsonValue>;
        params.set(String(a.requestId), p);
        out.set(i, Number((a.attempt as Record<string, JsonValue>).deadline) - Number(p.timeout));
      } else if (ev.name === 'ResultStruck') {
        const p = paramsOf(String(a.requestId));
        if (p) out.set(i, Number((a.reopened as Record<string, JsonValue>).deadline) - Number(p.timeout));
      } else if (ev.name === 'ResultSubmitted') {
        const p = paramsOf(String(a.requestId));
        if (p) out.set(i, Number(a.challengeDeadline) - Number(p.challengeWindow));
      }
    });
    return out;
  }

  /**
   * The range's logs in chain order: the protocol contracts and every token and sale known so far in
   * one query, then any token or sale the range itself created (read over the same range).
   */
  private async readLogs(from: number, to: number): Promise<DecodedEvent[]> {
    const { addresses } = this.p;
    const kinds = new Map<string, ContractKind>([
      [addresses.oracle.toLowerCase(), 'oracle'],
      [addresses.registry.toLowerCase(), 'registry'],
      [addresses.factory.toLowerCase(), 'factory'],
    ]);
    if (addresses.game) kinds.set(addresses.game.toLowerCase(), 'game');
    const known = this.p.store.dynamicAddresses();
    for (const t of known.tokens) kinds.set(t.toLowerCase(), 'token');
    for (const s of known.sales) kinds.set(s.toLowerCase(), 'sale');
    const events = await this.logsOf([...kinds.keys()], kinds, from, to);
    const found = new Map<string, ContractKind>();
    for (const ev of events) {
      if (ev.name === 'ModelRegistered') found.set(String(ev.args.token).toLowerCase(), 'token');
      if (ev.name === 'Launched') found.set(String(ev.args.sale).toLowerCase(), 'sale');
    }
    const fresh = [...found.keys()].filter((a) => !kinds.has(a));
    for (const a of fresh) kinds.set(a, found.get(a)!);
    if (fresh.length > 0) events.push(...(await this.logsOf(fresh, kinds, from, to)));
    return events.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
  }

  /** The decoded logs of `addresses` in [from, to], queried a bounded number of addresses at a time. */
  private async logsOf(
    addresses: string[],
    kinds: Map<string, ContractKind>,
    from: number,
    to: number,
  ): Promise<DecodedEvent[]> {
    const out: DecodedEvent[] = [];
    for (let i = 0; i < addresses.length; i += ADDRESSES_PER_QUERY) {
      const address = addresses.slice(i, i + ADDRESSES_PER_QUERY);
      const logs = (await this.read('eth_getLogs', [
        { address, fromBlock: `0x${from.toString(16)}`, toBlock: `0x${to.toString(16)}` },
      ])) as RawLog[];
      for (const log of logs) {
        if (log.removed) continue;
        const kind = kinds.get(log.address.toLowerCase());
        const ev = kind ? decodeLog(kind, log) : undefined;
        if (ev) out.push(ev);
      }
    }
    return out;
  }

  /** Reads once the immutable facts of each new sale (its terms) and token (name, symbol). */
  private async readContractFacts(events: DecodedEvent[]): Promise<void> {
    const { provider, store, log } = this.p;
    for (const ev of events) {
      const [kind, address] =
        ev.name === 'Launched'
          ? (['sale', String(ev.args.sale)] as const)
          : ev.name === 'ModelRegistered'
            ? (['token', String(ev.args.token)] as const)
            : [undefined, undefined];
      if (!kind || store.hasContractMeta(address)) continue;
      try {
        const contract = new Contract(address, CONTRACT_INTERFACES[kind], provider);
        if (kind === 'sale') {
          const fragment = CONTRACT_INTERFACES.sale.getFunction('terms')!;
          const terms = (await contract.getFunction('terms').staticCall()) as unknown;
          store.setContractMeta(address, kind, { terms: toJson(terms, fragment.outputs[0]!) });
        } else {
          const [name, symbol] = await Promise.all([
            contract.getFunction('name').staticCall() as Promise<string>,
            contract.getFunction('symbol').staticCall() as Promise<string>,
          ]);
          store.setContractMeta(address, kind, { name, symbol });
        }
      } catch (error) {
        log.warn({ address, kind, err: error }, 'could not read contract facts; the API shows them as unknown');
      }
    }
  }

  /** Finds the last stored block still on the chain and rolls the index back to it. */
  private async rollBack(cursor: BlockRef): Promise<WatchStep> {
    const { store, log } = this.p;
    let ancestor: BlockRef | undefined;
    let below = cursor.number;
    search: for (;;) {
      const page = store.blocksAtOrBelow(below, 64);
      if (page.length === 0) break;
      for (const b of page) {
        const onChain = await header(this.read, b.number);
        if (onChain?.hash === b.hash) {
          ancestor = b;
          break search;
        }
      }
      below = page.at(-1)!.number - 1;
    }
    if (!ancestor) {
      log.error(
        { cursor: cursor.number },
        'reorg deeper than the stored block hashes (maxReorgDepth): re-indexing from the start block',
      );
    } else {
      log.warn({ from: cursor.number, to: ancestor.number }, 'chain reorganised: rolling the index back');
    }
    store.rollbackTo(ancestor);
    this.caughtUp = false;
    return { rolledBackTo: ancestor?.number ?? -1, caughtUp: false };
  }
}
