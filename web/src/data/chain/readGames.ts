import type { Address, Hex, PublicClient } from 'viem';
import { replayClocks } from '@imo/oracle/dispute/gameClocks';
import { moverOf, PHASES } from '@imo/oracle/dispute/moves';
import { formatEth } from '@imo/oracle/format/formatAmount';
import type { Deployment } from '../../config/appConfig';
import { opmlDisputeGameAbi } from '../../contracts/generated';
import type { GameDetail, GameMoveView, GameSummary } from '../types';
import { blockTimes } from './blockTimes';
import { logsFrom } from './logsFrom';

const PROPOSER_EVENTS = new Set(['OutputChecked', 'Bisected', 'SlotUpdated', 'ChildrenRevealed', 'ChunkRevealed']);
const CHALLENGER_EVENTS = new Set(['BisectionAnswered', 'ChildPicked', 'OneStepDecided']);
/** The phase each move answers. */
const PHASE_OF: Record<string, string> = {
  OutputChecked: 'outputCheck',
  Bisected: 'bisect',
  BisectionAnswered: 'bisectResponse',
  SlotUpdated: 'slotUpdate',
  ChildrenRevealed: 'descentReveal',
  ChunkRevealed: 'descentReveal',
  ChildPicked: 'descentPick',
  OneStepDecided: 'oneStep',
};

function gameContract(deployment: Deployment) {
  const address = deployment.contracts.OpmlDisputeGame;
  if (!address) throw new Error('this deployment has no dispute game');
  return { address, abi: opmlDisputeGameAbi } as const;
}

async function stateOf(client: PublicClient, deployment: Deployment, id: bigint) {
  const [phase, lo, hi, node, height, leafIndex, moverDeadline] = await client.readContract({
    ...gameContract(deployment),
    functionName: 'gameState',
    args: [id],
  });
  const name = PHASES[phase] ?? 'none';
  return { phase: name, lo, hi, node, height, leafIndex, moverDeadline: Number(moverDeadline), mover: moverOf(name) };
}

/**
 * Every dispute game, newest first, from the game's `GameOpened` and `GameSettled` events and each
 * live game's `gameState` (chain only; the oracle node's `/games` serves the same from its index).
 *
 * @example
 * const games = await readGames(client, deployment);
 */
export async function readGames(client: PublicClient, deployment: Deployment): Promise<GameSummary[]> {
  if (!deployment.contracts.OpmlDisputeGame) return [];
  const game = { ...gameContract(deployment), fromBlock: logsFrom(deployment) };
  const [opened, settled] = await Promise.all([
    client.getContractEvents({ ...game, eventName: 'GameOpened' }),
    client.getContractEvents({ ...game, eventName: 'GameSettled' }),
  ]);
  const settledIds = new Set(settled.map((e) => e.args.gameId!));
  const times = await blockTimes(
    client,
    opened.map((e) => e.blockNumber),
  );
  const games = await Promise.all(
    opened.map(async (e): Promise<GameSummary> => {
      const id = e.args.gameId!;
      const s = await stateOf(client, deployment, id);
      return {
        id,
        requestId: e.args.requestId!,
        resultId: e.args.resultId!,
        proposer: e.args.proposer!,
        challenger: e.args.challenger!,
        opCount: e.args.opCount!,
        phase: s.phase,
        lo: s.lo,
        hi: s.hi,
        mover: s.mover,
        moverDeadline: s.moverDeadline,
        openedAt: times.get(e.blockNumber!) ?? 0,
        settled: settledIds.has(id),
      };
    }),
  );
  return games.sort((a, b) => Number(b.id - a.id));
}

function describeMove(name: string, a: Record<string, unknown>): string {
  const hex = (v: unknown) => String(v);
  switch (name) {
    case 'OutputChecked':
      return `revealed S_n's output slot: T_n ${hex(a.outputRoot)} equals the posted output's root`;
    case 'Bisected': {
      const lo = Number(a.lo);
      const hi = Number(a.hi);
      return `claimed the state after op ${lo + Math.floor((hi - lo) / 2)}: S = ${hex(a.midState)} (range ${lo}…${hi})`;
    }
    case 'BisectionAnswered':
      return `${a.agreed ? 'agreed' : 'disagreed'} with the middle state: the dispute is now between ops ${Number(a.lo)} and ${Number(a.hi)}`;
    case 'SlotUpdated':
      return `op ${Number(a.op)} changes only its own slot: T = ${hex(a.tensorRoot)}, descriptor leaf ${hex(a.descriptorLeaf)}`;
    case 'ChildrenRevealed':
      return `revealed the children of ${hex(a.node)} at height ${Number(a.height)}: ${hex(a.left)} | ${hex(a.right)}`;
    case 'ChildPicked':
      return `disputes the ${a.right ? 'right' : 'left'} child ${hex(a.node)} (height ${Number(a.height)})`;
    case 'ChunkRevealed':
      return `revealed chunk ${Number(a.leafIndex)}: ${hex(a.chunk)}`;
    case 'OneStepDecided':
      return a.padding
        ? `one step on a padding byte (row ${String(a.row)}, byte ${String(a.col)}): claimed ${String(a.claimed)}, must be 0`
        : `one step recomputed row ${String(a.row)}, column ${String(a.col)}: claimed ${String(a.claimed)}, computed ${String(a.computed)}`;
    case 'GameEnded':
      return `the game ended: ${PHASES[Number(a.outcome)] ?? String(a.outcome)}`;
    case 'GameSettled':
      return `settled: ${formatEth(a.toChallenger as bigint, 6)} to the challenger, ${formatEth(a.toProposer as bigint, 6)} to the proposer, ${formatEth(a.burned as bigint, 6)} burned`;
    default:
      return name;
  }
}

/**
 * One game with its moves in order (who moved, what was revealed, the gas of its transaction), the
 * clocks replayed from them, the outcome and the settlement, from the chain alone.
 *
 * @example
 * const game = await readGame(client, deployment, 1n);
 */
export async function readGame(
  client: PublicClient,
  deployment: Deployment,
  id: bigint,
): Promise<GameDetail | undefined> {
  if (!deployment.contracts.OpmlDisputeGame) return undefined;
  const contract = gameContract(deployment);
  const fromBlock = logsFrom(deployment);
  const [opened] = await client.getContractEvents({
    ...contract,
    fromBlock,
    eventName: 'GameOpened',
    args: { gameId: id },
  });
  if (!opened) return undefined;
  const a = opened.args;
  const [all, state, clockBudget, inclusionDelay, challengeBond, challengerCost, struck] = await Promise.all([
    client.getContractEvents({ ...contract, fromBlock }),
    stateOf(client, deployment, id),
    client.readContract({ ...contract, functionName: 'clockBudget' }),
    client.readContract({ ...contract, functionName: 'inclusionDelay' }),
    client.readContract({ ...contract, functionName: 'challengeBond' }),
    client.readContract({ ...contract, functionName: 'challengerCostOf', args: [id] }),
    client.getContractEvents({
      ...contract,
      fromBlock,
      eventName: 'ResultStruckSettled',
      args: { resultId: a.resultId },
    }),
  ]);
  const events = all.filter((e) => e.eventName !== 'GameOpened' && (e.args as { gameId?: bigint }).gameId === id);
  const hashes = [...new Set(events.map((e) => e.transactionHash!))];
  const [times, receipts] = await Promise.all([
    blockTimes(client, [opened.blockNumber, ...events.map((e) => e.blockNumber)]),
    Promise.all(hashes.map((hash) => client.getTransactionReceipt({ hash }))),
  ]);
  const receiptOf = new Map(receipts.map((r) => [r.transactionHash, r]));
  const proposer = a.proposer!;
  const challenger = a.challenger!;
  const moves: GameMoveView[] = events.map((e) => {
    const receipt = receiptOf.get(e.transactionHash!)!;
    const by = PROPOSER_EVENTS.has(e.eventName)
      ? 'proposer'
      : CHALLENGER_EVENTS.has(e.eventName)
        ? 'challenger'
        : 'anyone';
    const lastPhase = PHASE_OF[e.eventName] ?? (e.eventName === 'GameEnded' ? 'end' : 'settlement');
    return {
      name: e.eventName,
      phase: lastPhase,
      by,
      from: receipt.from as Address,
      detail: describeMove(e.eventName, e.args as Record<string, unknown>),
      gasUsed: receipt.gasUsed,
      at: times.get(e.blockNumber!) ?? 0,
      block: Number(e.blockNumber),
      txHash: e.transactionHash!,
    };
  });
  const played = moves.filter((m) => m.by !== 'anyone') as (GameMoveView & { by: 'proposer' | 'challenger' })[];
  const rules = { clockBudget: Number(clockBudget), inclusionDelay: Number(inclusionDelay), challengeBond };
  const clocks = replayClocks(
    {
      openedAt: times.get(opened.blockNumber!) ?? 0,
      clockBudget: rules.clockBudget,
      inclusionDelay: rules.inclusionDelay,
    },
    played,
    state.mover,
  );
  const settledEvent = events.find((e) => e.eventName === 'GameSettled');
  const lastOf = (name: string) =>
    [...events].reverse().find((e) => e.eventName === name)?.args as Record<string, Hex> | undefined;
  const ended = events.find((e) => e.eventName === 'GameEnded');
  const outcomeName = settledEvent
    ? PHASES[Number((settledEvent.args as { outcome: number }).outcome)]
    : ended
      ? PHASES[Number((ended.args as { outcome: number }).outcome)]
      : undefined;
  return {
    id,
    requestId: a.requestId!,
    resultId: a.resultId!,
    proposer,
    challenger,
    opCount: a.opCount!,
    phase: state.phase,
    lo: state.lo,
    hi: state.hi,
    mover: state.mover,
    moverDeadline: state.moverDeadline,
    node: state.node,
    height: state.height,
    leafIndex: state.leafIndex,
    openedAt: times.get(opened.blockNumber!) ?? 0,
    settled: settledEvent !== undefined,
    rules,
    moves,
    clocks,
    ...(outcomeName === 'proposerWon' || outcomeName === 'challengerWon' || outcomeName === 'void'
      ? { outcome: outcomeName }
      : {}),
    ...(settledEvent
      ? {
          settlement: {
            outcome: outcomeName ?? 'unknown',
            toChallenger: (settledEvent.args as { toChallenger: bigint }).toChallenger,
            toProposer: (settledEvent.args as { toProposer: bigint }).toProposer,
            burned: (settledEvent.args as { burned: bigint }).burned,
            at: times.get(settledEvent.blockNumber!) ?? 0,
            txHash: settledEvent.transactionHash!,
          },
        }
      : {}),
    ...(struck[0] ? { struck: { bond: struck[0].args.bond!, forCosts: struck[0].args.forCosts! } } : {}),
    challengerCost,
    revealed: {
      midState: lastOf('Bisected')?.midState,
      left: lastOf('ChildrenRevealed')?.left,
      right: lastOf('ChildrenRevealed')?.right,
      chunk: lastOf('ChunkRevealed')?.chunk,
    },
  };
}
