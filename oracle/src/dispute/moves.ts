import { toSolidityOp } from '../runtime/commitments/descriptor';
import { fromHex, toHex } from '../runtime/commitments/keccak';
import type { MerklePath } from '../runtime/commitments/merkle';
import { TensorCommitment } from '../runtime/commitments/tensorRoot';
import { describeOp } from '../runtime/describeOp';
import { clamp } from '../runtime/ops/arithmetic';
import { tensorToBytes } from '../runtime/tensor';
import type { Trace } from '../runtime/trace';
import { BYTES_PER_ELEMENT, type Tensor } from '../runtime/types';

/**
 * Every move of the dispute game as data, computed from a local trace: which function of
 * `OpmlDisputeGame` to call and its arguments. Browser-safe and library-free: the players
 * (`players.ts`, ethers) and the web app's game page (viem) send the same moves. Integers of the
 * ABI's 256- and 64-bit types are bigints, narrower ones numbers, bytes 0x-hex.
 */

/** Game phases, in the contract's order (`IOpmlDisputeGame.Phase`). */
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

/** The phases in which the proposer (the operator whose result is challenged) moves. */
export const PROPOSER_PHASES: readonly PhaseName[] = ['outputCheck', 'bisect', 'slotUpdate', 'descentReveal'];
/** The phases in which the challenger moves. */
export const CHALLENGER_PHASES: readonly PhaseName[] = ['bisectResponse', 'descentPick', 'oneStep'];

/** Whose move a phase waits for (`null` once the game has ended). */
export function moverOf(phase: PhaseName): 'proposer' | 'challenger' | null {
  if (PROPOSER_PHASES.includes(phase)) return 'proposer';
  if (CHALLENGER_PHASES.includes(phase)) return 'challenger';
  return null;
}

/** Where a game stands (`OpmlDisputeGame.gameState`). */
export interface GameState {
  phase: PhaseName;
  lo: number;
  hi: number;
  node: string;
  height: number;
  leafIndex: bigint;
}

/** What the proposer revealed last, which the challenger answers (from the game's events). */
export interface Revealed {
  midState?: string;
  left?: string;
  right?: string;
  chunk?: string;
}

type Hex = `0x${string}`;
type SolidityOp = ReturnType<typeof toSolidityOp>;

/** A slot row of a one-step proof (`IOpmlDisputeGame.SlotRow`). */
export interface SlotRowValue {
  slot: number;
  slotRoot: Hex;
  slotPath: Hex[];
  producer: SolidityOp;
  producerPath: Hex[];
  row: Hex;
  rowIndex: bigint;
  rowPath: Hex[];
}

/** A parameter row of a one-step proof (`IOpmlDisputeGame.ParamRow`). */
export interface ParamRowValue {
  paramRoot: Hex;
  paramPath: Hex[];
  paramCount: bigint;
  paramsTreeRoot: Hex;
  row: Hex;
  rowIndex: bigint;
  rowPath: Hex[];
}

/** The challenger's one step (`IOpmlDisputeGame.OneStepProof`). */
export interface OneStepProofValue {
  op: SolidityOp;
  opPath: Hex[];
  byteOffset: bigint;
  inputA: SlotRowValue;
  inputB: SlotRowValue;
  paramA: ParamRowValue;
  paramB: ParamRowValue;
}

/** One move: the game function and its arguments, ready for ethers or viem. */
export type GameMove =
  | { functionName: 'revealOutput'; args: [bigint, Hex, Hex, Hex[]] }
  | { functionName: 'bisect'; args: [bigint, number, number, Hex] }
  | { functionName: 'updateSlot'; args: [bigint, Hex, Hex, SolidityOp, Hex[], Hex, Hex[]] }
  | { functionName: 'revealChildren'; args: [bigint, Hex, Hex, Hex] }
  | { functionName: 'revealChunk'; args: [bigint, Hex, Hex] }
  | { functionName: 'answerBisection'; args: [bigint, number, number, Hex, boolean] }
  | { functionName: 'pickChild'; args: [bigint, Hex, boolean] }
  | { functionName: 'oneStep'; args: [bigint, Hex, OneStepProofValue] };

/** How a challenger plays: honestly from its trace, or lying at every choice (for tests). */
export type ChallengerStrategy = 'honest' | 'liar';

const hex = (bytes: Uint8Array) => toHex(bytes) as Hex;
const hexPath = (p: MerklePath): Hex[] => p.siblings.map(hex);
const ZERO_OP = toSolidityOp(describeOp({ op: 'matmul', rows: 0, cols: 0, dtype: 'int8' }));
const ZERO_WORD = hex(new Uint8Array(32));
const EMPTY_SLOT_ROW: SlotRowValue = {
  slot: 0,
  slotRoot: ZERO_WORD,
  slotPath: [],
  producer: ZERO_OP,
  producerPath: [],
  row: '0x',
  rowIndex: 0n,
  rowPath: [],
};
const EMPTY_PARAM_ROW: ParamRowValue = {
  paramRoot: ZERO_WORD,
  paramPath: [],
  paramCount: 0n,
  paramsTreeRoot: ZERO_WORD,
  row: '0x',
  rowIndex: 0n,
  rowPath: [],
};

function rowHex(t: Tensor, r: number): Hex {
  const size = BYTES_PER_ELEMENT[t.dtype] * t.cols;
  return hex(tensorToBytes(t).subarray(r * size, (r + 1) * size));
}

/**
 * A gas limit for a challenger's call on the game with a margin over the estimate: the game charges
 * the challenger its measured gas at the block's base fee, and `eth_estimateGas` runs at a base fee of
 * 0, where those storage writes are no-ops; the mined call then needs about 3,000–6,000 gas more.
 */
export function withGasMargin(estimate: bigint): bigint {
  return (estimate * 13n) / 10n + 30_000n;
}

/** The midpoint the contract bisects at. */
export function midpoint(lo: number, hi: number): number {
  return lo + Math.floor((hi - lo) / 2);
}

/**
 * The proposer's move in the game's current phase, from its trace (the honest one, or a tampered
 * one for a lying proposer in tests).
 *
 * @example
 * const move = proposerMove(trace, gameId, state); // { functionName: 'bisect', args: [1n, 0, 3, '0x…'] }
 */
export function proposerMove(trace: Trace, gameId: bigint, s: GameState): GameMove {
  const n = trace.opCount;
  switch (s.phase) {
    case 'outputCheck':
      return {
        functionName: 'revealOutput',
        args: [gameId, hex(trace.finalStateRoot), hex(trace.tensorRoot(n)), hexPath(trace.slotPath(n, n))],
      };
    case 'bisect':
      return { functionName: 'bisect', args: [gameId, s.lo, s.hi, hex(trace.stateRoot(midpoint(s.lo, s.hi)))] };
    case 'slotUpdate': {
      const i = s.hi;
      return {
        functionName: 'updateSlot',
        args: [
          gameId,
          hex(trace.stateRoot(i - 1)),
          hex(trace.stateRoot(i)),
          toSolidityOp(trace.pkg.graph[i - 1]!),
          hexPath(trace.pkg.graphTree.path(i - 1)),
          hex(trace.tensorRoot(i)),
          hexPath(trace.slotPath(i, i)),
        ],
      };
    }
    case 'descentReveal': {
      const c = trace.commitment(s.hi); // the disputed tensor is slot hi = i
      const index = Number(s.leafIndex);
      if (s.height === 0) {
        const row = Math.floor(index / c.chunksPerRow);
        return {
          functionName: 'revealChunk',
          args: [gameId, s.node as Hex, hex(c.chunk(row, index % c.chunksPerRow))],
        };
      }
      return {
        functionName: 'revealChildren',
        args: [
          gameId,
          s.node as Hex,
          hex(c.tree.node(s.height - 1, index * 2)),
          hex(c.tree.node(s.height - 1, index * 2 + 1)),
        ],
      };
    }
    default:
      throw new Error(`not the proposer's move in phase ${s.phase}`);
  }
}

/**
 * The challenger's move in the game's current phase, from its own trace of the request: an honest
 * challenger agrees exactly with the states it computes, descends into the child that differs and
 * disputes the first byte that differs; a liar does the opposite.
 *
 * @example
 * const move = challengerMove(trace, gameId, state, { midState }); // { functionName: 'answerBisection', … }
 */
export function challengerMove(
  trace: Trace,
  gameId: bigint,
  s: GameState,
  revealed: Revealed,
  strategy: ChallengerStrategy = 'honest',
): GameMove {
  const honest = strategy === 'honest';
  switch (s.phase) {
    case 'bisectResponse': {
      if (!revealed.midState) throw new Error('the proposer has not revealed the middle state yet');
      const agree = revealed.midState.toLowerCase() === hex(trace.stateRoot(midpoint(s.lo, s.hi)));
      return {
        functionName: 'answerBisection',
        args: [gameId, s.lo, s.hi, revealed.midState as Hex, honest ? agree : !agree],
      };
    }
    case 'descentPick': {
      if (!revealed.left) throw new Error('the proposer has not revealed the children yet');
      const c = trace.commitment(s.hi);
      const index = Number(s.leafIndex);
      const leftDiffers = revealed.left.toLowerCase() !== hex(c.tree.node(s.height - 1, index * 2));
      return { functionName: 'pickChild', args: [gameId, s.node as Hex, honest ? !leftDiffers : leftDiffers] };
    }
    case 'oneStep': {
      if (!revealed.chunk) throw new Error('the proposer has not revealed the chunk yet');
      return {
        functionName: 'oneStep',
        args: [gameId, revealed.chunk as Hex, oneStepProof(trace, s, revealed.chunk, strategy)],
      };
    }
    default:
      throw new Error(`not the challenger's move in phase ${s.phase}`);
  }
}

/**
 * The one-step proof: the disputed byte (the first that differs, or byte 0 for a liar) and
 * everything its element needs (input rows, parameter rows, their paths).
 */
export function oneStepProof(
  trace: Trace,
  s: GameState,
  claimedChunk: string,
  strategy: ChallengerStrategy = 'honest',
): OneStepProofValue {
  const t = trace;
  const i = s.hi;
  const d = t.pkg.graph[i - 1]!;
  const c = t.commitment(i);
  const index = Number(s.leafIndex);
  const mine = c.chunk(Math.floor(index / c.chunksPerRow), index % c.chunksPerRow);
  const theirs = fromHex(claimedChunk);
  const size = BYTES_PER_ELEMENT[d.dtype];
  let byteOffset = 0;
  if (strategy === 'honest') {
    byteOffset = mine.findIndex((b, k) => b !== theirs[k]);
    if (byteOffset < 0) byteOffset = 0;
    byteOffset -= byteOffset % size;
    const row = Math.floor(index / c.chunksPerRow);
    const pos = (index % c.chunksPerRow) * 32 + byteOffset;
    if (row >= d.rows || pos >= d.cols * size) byteOffset = mine.findIndex((b, k) => b !== theirs[k]);
  }
  const r = Math.floor(index / c.chunksPerRow);
  const col = ((index % c.chunksPerRow) * 32 + byteOffset) / size;
  const slotRow = (slot: number, rowIndex: number | undefined): SlotRowValue => {
    const base: SlotRowValue = {
      ...EMPTY_SLOT_ROW,
      slot,
      slotRoot: hex(t.tensorRoot(slot)),
      slotPath: hexPath(t.slotPath(i - 1, slot)),
      producer: slot === 0 ? ZERO_OP : toSolidityOp(t.pkg.graph[slot - 1]!),
      producerPath: slot === 0 ? [] : hexPath(t.pkg.graphTree.path(slot - 1)),
    };
    if (rowIndex === undefined) return base;
    return {
      ...base,
      row: rowHex(t.slots[slot]!, rowIndex),
      rowIndex: BigInt(rowIndex),
      rowPath: hexPath(t.commitment(slot).rowPath(rowIndex)),
    };
  };
  const paramRow = (p: number, rowIndex: number): ParamRowValue => {
    const tensor = t.pkg.params[p]!;
    const tc = new TensorCommitment(tensor);
    return {
      paramRoot: hex(tc.root),
      paramPath: hexPath(t.pkg.paramsTree.path(p)),
      paramCount: BigInt(t.pkg.params.length),
      paramsTreeRoot: hex(t.pkg.paramsTree.root),
      row: rowHex(tensor, rowIndex),
      rowIndex: BigInt(rowIndex),
      rowPath: hexPath(tc.rowPath(rowIndex)),
    };
  };
  let inputA = EMPTY_SLOT_ROW;
  let inputB = EMPTY_SLOT_ROW;
  let paramA = EMPTY_PARAM_ROW;
  let paramB = EMPTY_PARAM_ROW;
  if (r < d.rows && col < d.cols && Number.isInteger(col)) {
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
      case 'gather':
        inputA = slotRow(d.inputA, 0);
        paramA = paramRow(d.paramA, clamp(a.data[r]!, 0, d.attrB - 1));
        break;
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
    byteOffset: BigInt(byteOffset),
    inputA,
    inputB,
    paramA,
    paramB,
  };
}
