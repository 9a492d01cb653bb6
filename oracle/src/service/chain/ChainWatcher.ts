import type { Logger } from 'pino';
import { Contract, type Provider } from 'ethers';
import { OracleNodeError } from '../OracleNodeError';
import { CONTRACT_INTERFACES, decodeLog, toJson, type ContractKind, type DecodedEvent } from './contractEvents';
import type { ProtocolAddresses } from './connectChain';
import type { BlockRef, IndexStore, Touched } from './IndexStore';
import type { StoredEvent } from './projections';

/** What the watcher needs. */
export interface ChainWatcherParameters {
  provider: Provider;
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
  head: { number: number; timestamp: number; hash: string } | undefined;
  /** Whether the last step reached the head. */
  caughtUp = false;

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
    const { provider, store } = this.p;
    const latest = await provider.getBlock('latest');
    if (!latest?.hash) throw new OracleNodeError('RPC_ERROR', 'the RPC returned no latest block', { retryable: true });
    this.head = { number: latest.number, timestamp: latest.timestamp, hash: latest.hash };
    const cursor = store.cursor();
    if (cursor && cursor.number > latest.number) return this.rollBack(cursor);
    const target = latest.number - this.p.confirmations;
    const from = cursor ? cursor.number + 1 : this.p.startBlock;
    if (from > target) {
      // Nothing new to read: check the cursor block is still there (a new range checks its parent).
      if (cursor) {
        const onChain = cursor.number === latest.number ? latest.hash : (await provider.getBlock(cursor.number))?.hash;
        if (onChain !== cursor.hash) return this.rollBack(cursor);
      }
      this.caughtUp = true;
      return { caughtUp: true };
    }
    const to = Math.min(target, from + this.p.blockRange - 1);
    const events = await this.readLogs(from, to);
    const wanted = new Set(events.map((e) => e.blockNumber));
    wanted.add(from);
    wanted.add(to);
    const headers = new Map<number, BlockRef & { parentHash: string }>();
    await Promise.all(
      [...wanted].map(async (n) => {
        const b = await provider.getBlock(n);
        if (!b?.hash) return;
        headers.set(n, { number: n, hash: b.hash, timestamp: b.timestamp, parentHash: b.parentHash });
      }),
    );
    const first = headers.get(from);
    const last = headers.get(to);
    if (!first || !last) return { caughtUp: false }; // the head moved back under us: the next step sees it
    if (cursor && first.parentHash !== cursor.hash) return this.rollBack(cursor);
    for (const ev of events) {
      if (headers.get(ev.blockNumber)?.hash !== ev.blockHash) {
        this.p.log.debug({ block: ev.blockNumber }, 'a block changed while its logs were read; reading again');
        return { caughtUp: false };
      }
    }
    await this.readContractFacts(events);
    const stored: StoredEvent[] = events.map((ev) => ({ ...ev, timestamp: headers.get(ev.blockNumber)!.timestamp }));
    const blocks = [...headers.values()]
      .filter((b) => wanted.has(b.number))
      .map(({ number, hash, timestamp }) => ({ number, hash, timestamp }));
    const touched = store.applyRange(
      { events: stored, blocks, to: { number: last.number, hash: last.hash, timestamp: last.timestamp } },
      this.p.maxReorgDepth,
    );
    this.caughtUp = to >= target;
    return { applied: { from, to, events: events.length, touched }, caughtUp: this.caughtUp };
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
      for (const log of await this.p.provider.getLogs({ address, fromBlock: from, toBlock: to })) {
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
    const { provider, store, log } = this.p;
    let ancestor: BlockRef | undefined;
    let below = cursor.number;
    search: for (;;) {
      const page = store.blocksAtOrBelow(below, 64);
      if (page.length === 0) break;
      for (const b of page) {
        const onChain = await provider.getBlock(b.number);
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
