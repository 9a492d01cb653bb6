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
  },
  mainnet: {
    minStake: 10n * 10n ** 18n,
    resultBond: 10n ** 18n,
    responseWindow: 5 * 60,
    challengeWindow: 60 * 60,
    timeout: 24 * 3600,
    unstakeDelay: 7 * 24 * 3600,
  },
} as const;

/**
 * Dispute game parameters. The challenge bond must cover a full defence at a stressed gas price
 * (about 1M gas for the digits model at 500 gwei is 0.5 ETH); each side's clock covers all its
 * moves, and every move gets at least the inclusion delay.
 */
export const DISPUTE_PARAMS = {
  local: { challengeBond: 5n * 10n ** 17n, clockBudget: 300, inclusionDelay: 15 },
  mainnet: { challengeBond: 10n ** 18n, clockBudget: 24 * 3600, inclusionDelay: 3600 },
} as const;
