import type { Address, Hex } from 'viem';

/** How each inference fee is split, in basis points (sums to 10 000). */
export interface Split {
  holdersBps: number;
  developerBps: number;
  operatorBps: number;
  protocolBps: number;
}

/** Shapes and dtypes of a model's input and output (dtype 0 = int8, 1 = int32). */
export interface IoShape {
  inputRows: number;
  inputCols: number;
  inputDtype: number;
  outputRows: number;
  outputCols: number;
  outputDtype: number;
}

export type SaleState = 'pending' | 'active' | 'succeeded' | 'failed';

/** A sale's fixed terms (`IIMOSale.Terms`). */
export interface SaleTerms {
  token: Address;
  developer: Address;
  price: bigint;
  softCap: bigint;
  hardCap: bigint;
  walletCap: bigint;
  start: number;
  end: number;
  allowlistRoot: Hex;
  protocolFeeBps: number;
  treasury: Address;
  liquidityShareBps: number;
  liquidityRecipient: Address;
  saleSupply: bigint;
}

/** A sale as the pages show it. */
export interface SaleInfo {
  address: Address;
  modelId: number;
  terms: SaleTerms;
  state: SaleState;
  totalCommitted: bigint;
}

/** A registered model with its token, launch and commitment (everything but usage). */
export interface ModelInfo {
  id: number;
  developer: Address;
  modelHash: Hex;
  graphRoot: Hex;
  paramsRoot: Hex;
  packageURI: string;
  license: string;
  io: IoShape;
  opCount: number;
  stateDepth: number;
  fee: bigint;
  split: Split;
  /** A lower holders' share announced for later, with when it applies. */
  pendingSplit?: { split: Split; at: number };
  frozen: boolean;
  /** The first model registered with the same weights and graph, when this one is a copy. */
  copyOf?: number;
  token: {
    address: Address;
    name: string;
    symbol: string;
    totalSupply: bigint;
    reserveBps: number;
    redemptionReserve: bigint;
  };
  sale?: SaleInfo;
  vesting?: Address;
}

/** How much a model is used and earns. */
export interface ModelUsage {
  requests: number;
  /** Wei deposited into the token for holders (the reserve share excluded). */
  holderRevenue: bigint;
}

export type RequestStatus = 'requested' | 'submitted' | 'finalized' | 'cancelled';

/** One oracle request as the model page lists it. */
export interface RequestSummary {
  id: bigint;
  modelId: number;
  requester: Address;
  fee: bigint;
  status: RequestStatus;
  requestedAt: number;
  operator?: Address;
  output?: Hex;
}

/** Revenue in one time bucket (seconds since the epoch at its start). */
export interface RevenuePoint {
  bucket: number;
  holders: bigint;
  reserve: bigint;
}

export type RevenueBucket = 'hour' | 'day';

/** A dispute game as the disputes list shows it. */
export interface GameSummary {
  id: bigint;
  requestId: bigint;
  resultId: Hex;
  proposer: Address;
  challenger: Address;
  opCount: number;
  /** `IOpmlDisputeGame.Phase` by name, as `@imo/oracle/dispute/moves` spells it. */
  phase: string;
  lo: number;
  hi: number;
  /** Whose move it is (null once ended). */
  mover: 'proposer' | 'challenger' | null;
  /** When the mover's clock runs out (chain time). */
  moverDeadline: number;
  openedAt: number;
  settled: boolean;
}

/** One move (or the end, or the settlement) of a game, in order. */
export interface GameMoveView {
  name: string;
  /** The phase the move answered. */
  phase: string;
  by: 'proposer' | 'challenger' | 'anyone';
  from: Address;
  /** What the move revealed or decided, in words. */
  detail: string;
  gasUsed: bigint;
  at: number;
  block: number;
  txHash: Hex;
}

/** A game with everything its page shows. */
export interface GameDetail extends GameSummary {
  node: Hex;
  height: number;
  leafIndex: bigint;
  rules: { clockBudget: number; inclusionDelay: number; challengeBond: bigint };
  moves: GameMoveView[];
  /** Seconds left per side as of `lastMoveAt`, replayed from the moves. */
  clocks: { proposer: number; challenger: number; lastMoveAt: number };
  outcome?: 'proposerWon' | 'challengerWon' | 'void';
  settlement?: { outcome: string; toChallenger: bigint; toProposer: bigint; burned: bigint; at: number; txHash: Hex };
  /** The slashed bond of a struck result and the part reserved for challengers' costs. */
  struck?: { bond: bigint; forCosts: bigint };
  /** What the challenger's calls cost it so far, at the compensation price. */
  challengerCost: bigint;
  /** The revealed values the challenger's next move answers. */
  revealed: { midState?: Hex; left?: Hex; right?: Hex; chunk?: Hex };
}

/** One of the connected account's requests, for its history. */
export interface HistoryItem {
  id: bigint;
  modelId: number;
  /** `direct` (paid to the oracle) or `consumer` (through the example consumer). */
  via: 'direct' | 'consumer';
  status: RequestStatus;
  disputed: boolean;
  requestedAt: number;
  output?: Hex;
  fee: bigint;
}
