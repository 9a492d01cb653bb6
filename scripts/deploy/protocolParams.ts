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
