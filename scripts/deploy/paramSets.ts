import fs from 'node:fs';
import { z } from 'zod';
import { DISPUTE_PARAMS, ORACLE_PARAMS, PROTOCOL_PARAMS } from './protocolParams';

/**
 * A complete set of deployment parameters: the registry's protocol limits and the sale fee, the
 * oracle's stakes, bonds and windows, and the dispute game's bond, compensation price and clocks.
 * `local` and `mainnet` are the documented sets (`protocolParams.ts`); a JSON file with the same
 * three sections (wei as decimal strings) gives any other.
 */
export interface ParamSet {
  protocol: {
    maxFee: bigint;
    minOperatorBps: number;
    maxProtocolBps: number;
    splitNoticePeriod: number;
    saleFeeBps: number;
  };
  oracle: {
    minStake: bigint;
    resultBond: bigint;
    responseWindow: number;
    challengeWindow: number;
    timeout: number;
    unstakeDelay: number;
    minCallbackGasPrice: number;
  };
  dispute: { challengeBond: bigint; compensationGasPrice: bigint; clockBudget: number; inclusionDelay: number };
}

export const PARAM_SETS: Record<'local' | 'mainnet', ParamSet> = {
  local: { protocol: PROTOCOL_PARAMS.local, oracle: ORACLE_PARAMS.local, dispute: DISPUTE_PARAMS.local },
  mainnet: { protocol: PROTOCOL_PARAMS.mainnet, oracle: ORACLE_PARAMS.mainnet, dispute: DISPUTE_PARAMS.mainnet },
};

const wei = z
  .union([z.string().regex(/^\d+$/, 'wei as a decimal string'), z.number().int().nonnegative()])
  .transform((v) => BigInt(v));
const uint = (max: number) => z.number().int().min(0).max(max);

/** The schema of a parameter file (`deploy --params <file>`); the contracts check their bounds again. */
export const paramSetSchema = z
  .object({
    protocol: z
      .object({
        maxFee: wei,
        minOperatorBps: uint(10_000),
        maxProtocolBps: uint(10_000),
        splitNoticePeriod: uint(2 ** 32 - 1),
        saleFeeBps: uint(10_000),
      })
      .strict(),
    oracle: z
      .object({
        minStake: wei,
        resultBond: wei,
        responseWindow: uint(2 ** 32 - 1),
        challengeWindow: uint(2 ** 32 - 1),
        timeout: uint(2 ** 32 - 1),
        unstakeDelay: uint(2 ** 32 - 1),
        minCallbackGasPrice: uint(2 ** 32 - 1),
      })
      .strict(),
    dispute: z
      .object({
        challengeBond: wei,
        compensationGasPrice: wei,
        clockBudget: uint(2 ** 32 - 1),
        inclusionDelay: uint(2 ** 32 - 1),
      })
      .strict(),
  })
  .strict();

/**
 * `local`, `mainnet`, or the path of a JSON parameter file; a file that is missing or malformed
 * throws with the first problem (`oracle.challengeWindow: …`).
 *
 * @example
 * const params = readParamSet('mainnet');
 */
export function readParamSet(nameOrFile: string): ParamSet {
  if (nameOrFile === 'local' || nameOrFile === 'mainnet') return PARAM_SETS[nameOrFile];
  if (!fs.existsSync(nameOrFile)) {
    throw new Error(`--params: expected local, mainnet or a JSON file; ${nameOrFile} does not exist`);
  }
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(nameOrFile, 'utf8'));
  } catch {
    throw new Error(`--params: ${nameOrFile} is not valid JSON`);
  }
  const parsed = paramSetSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`--params: ${nameOrFile}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}
