import type { TransactionReceipt } from 'ethers';
import type { OpmlDisputeGame } from '../../../typechain-types';
import { toSolidityOp } from '../runtime/commitments/descriptor';
import { toHex } from '../runtime/commitments/keccak';
import type { MerklePath } from '../runtime/commitments/merkle';
import { TensorCommitment } from '../runtime/commitments/tensorRoot';
import { describeOp } from '../runtime/describeOp';
import { BYTES_PER_ELEMENT, type Tensor } from '../runtime/types';
import { clamp } from '../runtime/ops/arithmetic';
import { tensorToBytes } from '../runtime/tensor';
import type { Trace } from '../runtime/trace';

/** Game phases, in the contract's order. */
export const PHASES = [
  'none',
  'outputCheck',
  'bisect',
  'bisectResponse',
  'slotUpdate',
  'descentReveal',
  'descentPick',
  'oneStep',
  'proposerWon',
  'challengerWon',
  'void',
] as const;
export type PhaseName = (typeof PHASES)[number];

export interface GameState {
  phase: PhaseName;
  lo: number;
  hi: number;
  node: string;
  height: number;
  leafIndex: bigint;
}

export async function readGame(game: OpmlDisputeGame, gameId: bigint): Promise<GameState> {
  const s = await game.gameState(gameId);
  return {
    phase: PHASES[Number(s.phase)]!,
    lo: Number(s.lo),
    hi: Number(s.hi),
    node: s.node,
    height: Number(s.height),
    leafIndex: s.leafIndex,
  };
}

export const PROPOSER_PHASES: PhaseName[] = ['outputCheck', 'bisect', 'slotUpdate', 'descentReveal'];
export const CHALLENGER_PHASES: PhaseName[] = ['bisectResponse', 'descentPick', 'oneStep'];

const ZERO_OP = toSolidityOp(describeOp({ op: 'matmul', rows: 0, cols: 0, dtype: 'int8' }));
const hexPath = (p: MerklePath): string[] => p.siblings.map(toHex);

/** A slot row of a one-step proof (`IOpmlDisputeGame.SlotRow`). */
interface SlotRowValue {
  slot: number;
  slotRoot: string;
  slotPath: string[];
  producer: ReturnType<typeof toSolidityOp>;
  producerPath: string[];
  row: string;
  rowIndex: number;
  rowPath: string[];
}

/** A parameter row of a one-step proof (`IOpmlDisputeGame.ParamRow`). */
interface ParamRowValue {
  paramRoot: string;
  paramPath: string[];
  paramCount: number;
  paramsTreeRoot: string;
  row: string;
  rowIndex: number;
  rowPath: string[];
}
const rowHex = (t: Tensor, r: number) => {
  const size = BYTES_PER_ELEMENT[t.dtype] * t.cols;
  return toHex(tensorToBytes(t).subarray(r * size, (r + 1) * size));
};

/** A game call: the contract function and its arguments (sent by a player, or by the node's sender). */
export interface GameCall {
  method:
    | 'revealOutput'
    | 'bisect'
    | 'updateSlot'
    | 'revealChildren'
    | 'revealChunk'
    | 'answerBisection'
    | 'pickChild'
    | 'oneStep';
  args: unknown[];
}

/** What the proposer revealed last, which the challenger's next move answers. */
export interface Revealed {
  midState?: string;
  left?: string;
  right?: string;
  chunk?: string;
}

/**
 * The move the current phase asks of a proposer playing from `trace` (its honest trace, or a
 * tampered one for a lying proposer).
 *
 * @example
 * const { method, args } = proposerCall(trace, await readGame(game, gameId));
 * await game[method](gameId, ...args);
 */
export function proposerCall(trace: Trace, s: GameState): GameCall {
  const t = trace;
  const n = t.opCount;
  switch (s.phase) {
    case 'outputCheck':
      return {
        method: 'revealOutput',
        args: [toHex(t.finalStateRoot), toHex(t.tensorRoot(n)), hexPath(t.slotPath(n, n))],
      };
    case 'bisect': {
      const mid = s.lo + Math.floor((s.hi - s.lo) / 2);
      return { method: 'bisect', args: [s.lo, s.hi, toHex(t.stateRoot(mid))] };
    }
    case 'slotUpdate': {
      const i = s.hi;
      const d = t.pkg.graph[i - 1]!;
      return {
        method: 'updateSlot',
        args: [
          toHex(t.stateRoot(i - 1)),
          toHex(t.stateRoot(i)),
          toSolidityOp(d),
          hexPath(t.pkg.graphTree.path(i - 1)),
          toHex(t.tensorRoot(i)),
          hexPath(t.slotPath(i, i)),
        ],
      };
    }
    case 'descentReveal': {
      const c = t.commitment(s.hi); // the disputed tensor is slot hi = i
      const index = Number(s.leafIndex);
      if (s.height === 0) {
        const row = Math.floor(index / c.chunksPerRow);
        return { method: 'revealChunk', args: [s.node, toHex(c.chunk(row, index % c.chunksPerRow))] };
      }
      const left = c.tree.node(s.height - 1, index * 2);
      const right = c.tree.node(s.height - 1, index * 2 + 1);
      return { method: 'revealChildren', args: [s.node, toHex(left), toHex(right)] };
    }
    default:
      throw new Error(`not the proposer's move in phase ${s.phase}`);
  }
}

/** Sends `call` on game `gameId` and waits for its receipt. */
async function send(game: OpmlDisputeGame, gameId: bigint, call: GameCall): Promise<TransactionReceipt | null> {
  const fn = game.getFunction(call.method);
  return (await fn(gameId, ...call.args)).wait();
}

/**
 * The proposer's side, playing from its trace (the honest one, or a tampered one for a lying
 * proposer). `move` makes the move the current phase asks of the proposer.
 */
export class ProposerPlayer {
  constructor(
    readonly game: OpmlDisputeGame,
    readonly trace: Trace,
  ) {}

  move(gameId: bigint, s: GameState): Promise<TransactionReceipt | null> {
    return send(this.game, gameId, proposerCall(this.trace, s));
  }
}

/** How a challenger plays: honestly from its trace, or lying at every choice. */
export type ChallengerStrategy = 'honest' | 'liar';

/**
 * The challenger's side, playing from its own trace of the same request. An honest challenger
 * agrees exactly with the states it computes, descends into the child that differs and disputes the
 * first byte that differs; a liar does the opposite.
 */
export class ChallengerPlayer {
  constructor(
    readonly game: OpmlDisputeGame,
    readonly trace: Trace,
    readonly strategy: ChallengerStrategy = 'honest',
  ) {}

  move(gameId: bigint, s: GameState, revealed: Revealed): Promise<TransactionReceipt | null> {
    return send(this.game, gameId, this.call(s, revealed));
  }

  /** The move the current phase asks of the challenger, answering what the proposer `revealed`. */
  call(s: GameState, revealed: Revealed): GameCall {
    const t = this.trace;
    const honest = this.strategy === 'honest';
    switch (s.phase) {
      case 'bisectResponse': {
        const mid = s.lo + Math.floor((s.hi - s.lo) / 2);
        const agree = revealed.midState === toHex(t.stateRoot(mid));
        return { method: 'answerBisection', args: [s.lo, s.hi, revealed.midState!, honest ? agree : !agree] };
      }
      case 'descentPick': {
        const c = t.commitment(s.hi);
        const index = Number(s.leafIndex);
        const leftDiffers = revealed.left !== toHex(c.tree.node(s.height - 1, index * 2));
        return { method: 'pickChild', args: [s.node, honest ? !leftDiffers : leftDiffers] };
      }
      case 'oneStep':
        return { method: 'oneStep', args: [revealed.chunk!, this.oneStepProof(s, revealed.chunk!)] };
      default:
        throw new Error(`not the challenger's move in phase ${s.phase}`);
    }
  }

  /** The disputed byte (first that differs, or byte 0 for a liar) and everything its element needs. */
  oneStepProof(s: GameState, claimedChunk: string) {
    const t = this.trace;
    const i = s.hi;
    const d = t.pkg.graph[i - 1]!;
    const c = t.commitment(i);
    const index = Number(s.leafIndex);
    const mine = c.chunk(Math.floor(index / c.chunksPerRow), index % c.chunksPerRow);
    const theirs = Uint8Array.from(Buffer.from(claimedChunk.slice(2), 'hex'));
    const size = BYTES_PER_ELEMENT[d.dtype];
    let byteOffset = 0;
    if (this.strategy === 'honest') {
      byteOffset = mine.findIndex((b, k) => b !== theirs[k]);
      if (byteOffset < 0) byteOffset = 0;
      byteOffset -= byteOffset % size;
      const row = Math.floor(index / c.chunksPerRow);
      const pos = (index % c.chunksPerRow) * 32 + byteOffset;
      if (row >= d.rows || pos >= d.cols * size) byteOffset = mine.findIndex((b, k) => b !== theirs[k]);
    }
    const r = Math.floor(index / c.chunksPerRow);
    const col = ((index % c.chunksPerRow) * 32 + byteOffset) / size;
    const zero = toHex(new Uint8Array(32));
    const empty: SlotRowValue = {
      slot: 0,
      slotRoot: zero,
      slotPath: [],
      producer: ZERO_OP,
      producerPath: [],
      row: '0x',
      rowIndex: 0,
      rowPath: [],
    };
    const emptyParam: ParamRowValue = {
      paramRoot: zero,
      paramPath: [],
      paramCount: 0,
      paramsTreeRoot: zero,
      row: '0x',
      rowIndex: 0,
      rowPath: [],
    };
    const slotRow = (slot: number, rowIndex: number | undefined): SlotRowValue => {
      const tensor = t.slots[slot]!;
      const producer = slot === 0 ? ZERO_OP : toSolidityOp(t.pkg.graph[slot - 1]!);
      const producerPath = slot === 0 ? [] : hexPath(t.pkg.graphTree.path(slot - 1));
      const base = {
        ...empty,
        slot,
        slotRoot: toHex(t.tensorRoot(slot)),
        slotPath: hexPath(t.slotPath(i - 1, slot)),
        producer,
        producerPath,
      };
      if (rowIndex === undefined) return base;
      return {
        ...base,
        row: rowHex(tensor, rowIndex),
        rowIndex,
        rowPath: hexPath(t.commitment(slot).rowPath(rowIndex)),
      };
    };
    const paramRow = (p: number, rowIndex: number): ParamRowValue => {
      const tensor = t.pkg.params[p]!;
      const tc = new TensorCommitment(tensor);
      return {
        paramRoot: toHex(tc.root),
        paramPath: hexPath(t.pkg.paramsTree.path(p)),
        paramCount: t.pkg.params.length,
        paramsTreeRoot: toHex(t.pkg.paramsTree.root),
        row: rowHex(tensor, rowIndex),
        rowIndex,
        rowPath: hexPath(tc.rowPath(rowIndex)),
      };
    };
    let inputA = empty;
    let inputB = empty;
    let paramA = emptyParam;
    let paramB = emptyParam;
    const real = r < d.rows && col < d.cols && Number.isInteger(col);
    if (real) {
      const a = t.slots[d.inputA]!;
      switch (d.op) {
        case 'matmul':
          inputA = slotRow(d.inputA, r);
          paramA = paramRow(d.paramA, col);
          paramB = paramRow(d.paramB, 0);
          break;
        case 'add':
          inputA = slotRow(d.inputA, r);
          inputB = slotRow(d.inputB, r);
          break;
        case 'lut':
          inputA = slotRow(d.inputA, r);
          paramA = paramRow(d.paramA, 0);
          break;
        case 'argmax':
          inputA = slotRow(d.inputA, r);
          break;
        case 'gather': {
          inputA = slotRow(d.inputA, 0);
          paramA = paramRow(d.paramA, clamp(a.data[r]!, 0, d.attrB - 1));
          break;
        }
        case 'concat': {
          const fromB = d.attrA === 0 ? r >= a.rows : col >= a.cols;
          const rr = d.attrA === 0 && fromB ? r - a.rows : r;
          inputA = fromB ? slotRow(d.inputA, undefined) : slotRow(d.inputA, rr);
          if (fromB) inputB = slotRow(d.inputB, rr);
          break;
        }
        case 'slice':
          inputA = slotRow(d.inputA, d.attrA + r);
          break;
        case 'reshape':
          inputA = slotRow(d.inputA, Math.floor((r * d.cols + col) / a.cols));
          break;
      }
    }
    return {
      op: toSolidityOp(d),
      opPath: hexPath(t.pkg.graphTree.path(i - 1)),
      byteOffset,
      inputA,
      inputB,
      paramA,
      paramB,
    };
  }
}

/**
 * Plays a game to its end between two players, reading each revealed value from the game's events.
 * Returns the final phase. `silent` makes one side stop moving (its clock then runs out).
 */
export async function playGame(
  game: OpmlDisputeGame,
  gameId: bigint,
  proposer: ProposerPlayer,
  challenger: ChallengerPlayer,
  options: { maxMoves?: number; silent?: 'proposer' | 'challenger'; beforeMove?: (s: GameState) => Promise<void> } = {},
): Promise<{ outcome: PhaseName; moves: number; gas: { phase: PhaseName; gasUsed: number }[] }> {
  const revealed: Revealed = {};
  const gas: { phase: PhaseName; gasUsed: number }[] = [];
  for (let moves = 0; moves < (options.maxMoves ?? 200); moves++) {
    const s = await readGame(game, gameId);
    if (!PROPOSER_PHASES.includes(s.phase) && !CHALLENGER_PHASES.includes(s.phase))
      return { outcome: s.phase, moves, gas };
    const proposerTurn = PROPOSER_PHASES.includes(s.phase);
    if (options.silent === (proposerTurn ? 'proposer' : 'challenger')) return { outcome: s.phase, moves, gas };
    await options.beforeMove?.(s);
    const receipt = proposerTurn ? await proposer.move(gameId, s) : await challenger.move(gameId, s, revealed);
    gas.push({ phase: s.phase, gasUsed: Number(receipt?.gasUsed ?? 0n) });
    // Pick up what the proposer revealed for the challenger's next answer.
    const latest = await readGame(game, gameId);
    if (latest.phase === 'bisectResponse') {
      const ev = (await game.queryFilter(game.filters.Bisected(gameId))).at(-1)!;
      revealed.midState = ev.args.midState;
    } else if (latest.phase === 'descentPick') {
      const ev = (await game.queryFilter(game.filters.ChildrenRevealed(gameId))).at(-1)!;
      revealed.left = ev.args.left;
      revealed.right = ev.args.right;
    } else if (latest.phase === 'oneStep') {
      const ev = (await game.queryFilter(game.filters.ChunkRevealed(gameId))).at(-1)!;
      revealed.chunk = ev.args.chunk;
    }
  }
  throw new Error('the game did not end within the move limit');
}
