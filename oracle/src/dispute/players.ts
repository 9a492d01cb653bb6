import type { ContractTransactionResponse, TransactionReceipt } from 'ethers';
import type { OpmlDisputeGame } from '../../../typechain-types';
import type { Trace } from '../runtime/trace';
import {
  CHALLENGER_PHASES,
  PHASES,
  PROPOSER_PHASES,
  challengerMove,
  oneStepProof,
  proposerMove,
  type ChallengerStrategy,
  type GameMove,
  type GameState,
  type PhaseName,
  type Revealed,
  withGasMargin,
} from './moves';

export {
  CHALLENGER_PHASES,
  PHASES,
  PROPOSER_PHASES,
  withGasMargin,
  type ChallengerStrategy,
  type GameState,
  type PhaseName,
};

/** Where a game stands, read from the contract. */
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

/**
 * Sends a move (computed by `moves.ts`) with ethers; resolves once it is broadcast. A challenger
 * should pass `gasMargin` (see {@link withGasMargin}).
 */
export async function startMove(
  game: OpmlDisputeGame,
  move: GameMove,
  options: { gasMargin?: boolean } = {},
): Promise<ContractTransactionResponse> {
  const call = game[move.functionName] as unknown as ((...args: unknown[]) => Promise<ContractTransactionResponse>) & {
    estimateGas: (...args: unknown[]) => Promise<bigint>;
  };
  if (!options.gasMargin) return call(...move.args);
  return call(...move.args, { gasLimit: withGasMargin(await call.estimateGas(...move.args)) });
}

/** Sends a move and waits for it to be mined. */
export async function sendMove(game: OpmlDisputeGame, move: GameMove): Promise<TransactionReceipt | null> {
  return (await startMove(game, move)).wait();
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

  async move(gameId: bigint, s: GameState): Promise<TransactionReceipt | null> {
    return sendMove(this.game, proposerMove(this.trace, gameId, s));
  }
}

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

  async move(gameId: bigint, s: GameState, revealed: Revealed): Promise<TransactionReceipt | null> {
    return sendMove(this.game, challengerMove(this.trace, gameId, s, revealed, this.strategy));
  }

  /** The disputed byte (first that differs, or byte 0 for a liar) and everything its element needs. */
  oneStepProof(s: GameState, claimedChunk: string) {
    return oneStepProof(this.trace, s, claimedChunk, this.strategy);
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
