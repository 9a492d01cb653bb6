import type Database from 'better-sqlite3';
import { AbiCoder, getAddress, keccak256, type JsonRpcApiProvider } from 'ethers';
import { prepared } from '../jobs/openDatabase';
import { CONTRACT_INTERFACES } from './contractEvents';
import type { RequestTerms } from './requestTerms';

/**
 * Oracle events that change no draw: the request flow. Every other oracle event (stakes, exits,
 * memberships, strikes and slashes, configuration) may change who is drawn, and invalidates the mirror.
 */
const FLOW_EVENTS = new Set([
  'Requested',
  'ResultSubmitted',
  'Finalized',
  'Cancelled',
  'Withdrawn',
  'WithdrawFailed',
  'ModelFeesSwept',
  'ChallengeOpened',
]);
/** The oracle events after which the mirror is read again. */
const DRAW_EVENTS: readonly string[] = (() => {
  const names: string[] = [];
  CONTRACT_INTERFACES.oracle.forEachEvent((ev) => {
    if (!FLOW_EVENTS.has(ev.name)) names.push(ev.name);
  });
  return names;
})();

/** Blocks back the oracle still reads a draw's seed hash (`blockhash` sees 256), less a margin for the blocks mined before a submission lands. */
const SEED_HORIZON = 240;

interface Member {
  operator: string;
  joinedAt: number;
  leftAt: number;
  /** Its draw weight for attempts opened after the mirror's block. */
  weight: bigint;
}

interface Mirror {
  /** The block the members and weights were read at, as the index stored it. */
  block: { number: number; hash: string; timestamp: number };
  members: Member[];
}

/**
 * The oracle's stake-weighted draw (`primaryOf`) computed from the index, so that the node need not
 * ask the chain for every result it may post. The oracle keeps a draw stable once its attempt has
 * opened (draw weights at the opening time, memberships with their join and leave times), so the
 * members and weights of a model read at an indexed block B, at or after the last event that can
 * change a draw, decide every first attempt that opened after that event. Anything else (a reopened
 * attempt, whose draw leaves out struck operators; a draw seed the index does not hold; an attempt
 * opened no later than the last such event) is left to the chain: `primaryOf` answers `undefined`.
 */
export class LocalDraw {
  private readonly oracleAddress: string;
  private readonly mirrors = new Map<number, Mirror>();
  private readonly coder = AbiCoder.defaultAbiCoder();
  /** What the index says of the draws, read once per cursor (it changes only when the cursor moves). */
  private facts: { cursorHash: string; cursor: number; lastChange?: { blockNumber: number; timestamp: number } } = {
    cursorHash: '',
    cursor: -1,
  };

  constructor(
    private readonly db: Database.Database,
    private readonly provider: JsonRpcApiProvider,
    oracleAddress: string,
  ) {
    this.oracleAddress = getAddress(oracleAddress);
  }

  /**
   * A view of the oracle at the block with hash `blockHash` (EIP-1898): the state of the block the
   * index holds, never of a block that has replaced it since.
   */
  private async view<T>(fn: 'membersOf' | 'drawWeightAt', args: unknown[], blockHash: string): Promise<T> {
    const iface = CONTRACT_INTERFACES.oracle;
    const data = iface.encodeFunctionData(fn, args);
    const raw = (await this.provider.send('eth_call', [{ to: this.oracleAddress, data }, { blockHash }])) as string;
    return iface.decodeFunctionResult(fn, raw)[0] as T;
  }

  /**
   * The drawn primary of the request's current attempt (the zero address when nobody is eligible), or
   * `undefined` when the index cannot decide it: ask the chain then.
   *
   * @example
   * const primary = (await draw.primaryOf(terms)) ?? (await readOnChain(terms));
   */
  async primaryOf(terms: RequestTerms): Promise<string | undefined> {
    const { attempt, params } = terms;
    if (Number(attempt.index) !== 0) return undefined;
    const openedAt = Number(attempt.deadline) - Number(params.timeout);
    const { cursor, lastChange: last } = this.indexFacts();
    if (last && last.timestamp >= openedAt) return undefined;
    const seedBlock = Number(attempt.drawBlock) + 1;
    const seed = this.blockHash(seedBlock);
    // the oracle sees only the last 256 block hashes: an older seed is zero there, and nobody is drawn
    if (!seed || cursor >= seedBlock + SEED_HORIZON) return undefined;
    const mirror = await this.mirror(Number(params.modelId), last?.blockNumber ?? -1);
    if (!mirror) return undefined;
    return pick(mirror.members, openedAt, this.coder, seed, terms.requestId);
  }

  /**
   * How many operators the model's draw goes over, when the mirror is current (sizes a submission's
   * gas without simulating it); `undefined` otherwise.
   */
  memberCount(modelId: number): number | undefined {
    const cached = this.mirrors.get(modelId);
    if (!cached || !this.isCurrent(cached, this.indexFacts().lastChange?.blockNumber ?? -1)) return undefined;
    return cached.members.length;
  }

  private isCurrent(mirror: Mirror, lastChange: number): boolean {
    return mirror.block.number >= lastChange && this.blockHash(mirror.block.number) === mirror.block.hash;
  }

  /** The index's cursor block and its latest event that can change a draw. */
  private indexFacts(): { cursor: number; lastChange?: { blockNumber: number; timestamp: number } } {
    const row = prepared(this.db, 'SELECT block_number, block_hash FROM cursor').get() as
      { block_number: number; block_hash: string } | undefined;
    if (!row) return { cursor: -1 };
    if (row.block_hash === this.facts.cursorHash) return this.facts;
    let last: { blockNumber: number; timestamp: number } | undefined;
    const query = prepared(
      this.db,
      `SELECT block_number AS blockNumber, timestamp FROM events WHERE address = ? AND name = ?
       ORDER BY block_number DESC LIMIT 1`,
    );
    for (const name of DRAW_EVENTS) {
      const found = query.get(this.oracleAddress, name) as { blockNumber: number; timestamp: number } | undefined;
      if (found && (!last || found.blockNumber > last.blockNumber)) last = found;
    }
    this.facts = { cursorHash: row.block_hash, cursor: row.block_number, lastChange: last };
    return this.facts;
  }

  private blockHash(n: number): string | undefined {
    const row = prepared(this.db, 'SELECT hash FROM blocks WHERE number = ?').get(n) as { hash: string } | undefined;
    return row?.hash;
  }

  /**
   * The model's members and weights, read again at the index's cursor when the cached copy is older
   * than the last draw-changing event or its block is no longer the indexed one (a reorg).
   */
  private async mirror(modelId: number, lastChange: number): Promise<Mirror | undefined> {
    const cached = this.mirrors.get(modelId);
    if (cached && this.isCurrent(cached, lastChange)) return cached;
    const cursor = prepared(this.db, 'SELECT block_number, block_hash, block_timestamp FROM cursor').get() as
      { block_number: number; block_hash: string; block_timestamp: number } | undefined;
    if (!cursor || cursor.block_number < lastChange) return undefined;
    const members = await this.view<{ operator: string; joinedAt: bigint; leftAt: bigint }[]>(
      'membersOf',
      [modelId],
      cursor.block_hash,
    );
    // for an attempt opened after the block, every operator's weight is its weight as the block left it
    const weights = await Promise.all(
      members.map((m) =>
        this.view<bigint>('drawWeightAt', [m.operator, cursor.block_timestamp + 1], cursor.block_hash),
      ),
    );
    const mirror: Mirror = {
      block: { number: cursor.block_number, hash: cursor.block_hash, timestamp: cursor.block_timestamp },
      members: members.map((m, i) => ({
        operator: getAddress(m.operator),
        joinedAt: Number(m.joinedAt),
        leftAt: Number(m.leftAt),
        weight: weights[i]!,
      })),
    };
    // the chain may have moved past a reorg while reading: keep the copy only if its block is still indexed
    if (this.blockHash(mirror.block.number) !== mirror.block.hash) return undefined;
    this.mirrors.set(modelId, mirror);
    return mirror;
  }
}

/** `AIOracle._draw` over the mirrored members: a weighted pick seeded by the draw block's successor. */
function pick(members: Member[], openedAt: number, coder: AbiCoder, seed: string, requestId: number): string {
  const weights = members.map((m) =>
    m.joinedAt < openedAt && (m.leftAt === 0 || openedAt <= m.leftAt) ? m.weight : 0n,
  );
  const total = weights.reduce((a, b) => a + b, 0n);
  if (total === 0n) return '0x0000000000000000000000000000000000000000';
  let r = BigInt(keccak256(coder.encode(['bytes32', 'uint256', 'uint8'], [seed, requestId, 0]))) % total;
  for (const [i, w] of weights.entries()) {
    if (r < w) return members[i]!.operator;
    r -= w;
  }
  return '0x0000000000000000000000000000000000000000';
}
