/**
 * Protocol settings per environment. Local demos use a short split notice so it can be seen to
 * expire; the sale fee is the protocol's share of IMO proceeds.
 */
export const PROTOCOL_PARAMS = {
  local: {
    maxFee: 10n ** 18n,
    minOperatorBps: 1000,
    maxProtocolBps: 1000,
    splitNoticePeriod: 10 * 60,
    saleFeeBps: 250,
  },
  mainnet: {
    maxFee: 10n ** 18n,
    minOperatorBps: 1000,
    maxProtocolBps: 1000,
    splitNoticePeriod: 30 * 24 * 3600,
    saleFeeBps: 250,
  },
} as const;

/**
 * Oracle parameters per environment (the treasury is filled in at deployment). Local demos use
 * short windows so results finalize within a minute; mainnet values leave an honest verifier time
 * to re-run a result plus the worst transaction-inclusion delay.
 */
export const ORACLE_PARAMS = {
  local: {
    minStake: 10n ** 18n,
    resultBond: 10n ** 17n,
    responseWindow: 20,
    challengeWindow: 30,
    timeout: 300,
    unstakeDelay: 120,
    minCallbackGasPrice: 1_000_000_000,
  },
  mainnet: {
    minStake: 10n * 10n ** 18n,
    resultBond: 10n ** 18n,
    responseWindow: 5 * 60,
    challengeWindow: 60 * 60,
    timeout: 24 * 3600,
    unstakeDelay: 7 * 24 * 3600,
    minCallbackGasPrice: 1_000_000_000,
  },
} as const;

/**
 * Dispute game parameters. The challenge bond must cover a full defence at a stressed gas price
 * (about 1M gas for the digits model at 500 gwei is 0.5 ETH); each side's clock covers all its
 * moves, and every move gets at least the inclusion delay. Challengers of a struck result are
 * compensated for their gas at `compensationGasPrice` from the slashed result bond (a full text-model
 * game, about 2.3M challenger gas, is 0.0023 ETH locally and 0.069 ETH at the mainnet price, against
 * result bonds of 0.1 and 1 ETH).
 */
export const DISPUTE_PARAMS = {
  local: { challengeBond: 5n * 10n ** 17n, compensationGasPrice: 10n ** 9n, clockBudget: 300, inclusionDelay: 15 },
  mainnet: {
    challengeBond: 10n ** 18n,
    compensationGasPrice: 30n * 10n ** 9n,
    clockBudget: 24 * 3600,
    inclusionDelay: 3600,
  },
} as const;
