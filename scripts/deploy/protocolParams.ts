/** Protocol limits per environment. Local demos use a short split notice so it can be seen to expire. */
export const PROTOCOL_PARAMS = {
  local: { maxFee: 10n ** 18n, minOperatorBps: 1000, maxProtocolBps: 1000, splitNoticePeriod: 10 * 60 },
  mainnet: { maxFee: 10n ** 18n, minOperatorBps: 1000, maxProtocolBps: 1000, splitNoticePeriod: 30 * 24 * 3600 },
} as const;
