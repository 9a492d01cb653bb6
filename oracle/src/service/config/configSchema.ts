import os from 'node:os';
import { z } from 'zod';

/**
 * Every setting of the oracle node: its schema (accepting the JSON value of a config file or the
 * string of an environment variable / flag), what it expects in words (the one-line error says it),
 * and whether it is a secret (never echoed, never logged).
 */
interface FieldSpec<T extends z.ZodType = z.ZodType> {
  schema: T;
  expected: string;
  secret?: boolean;
}

const field = <T extends z.ZodType>(schema: T, expected: string, secret = false): FieldSpec<T> => ({
  schema,
  expected,
  secret,
});

/** An integer in [min, max], from a number or a decimal string. */
const int = (min: number, max: number) =>
  z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .regex(/^-?\d+$/)
        .transform(Number),
    ])
    .pipe(z.number().int().min(min).max(max));

/** A number in [min, max], from a number or a decimal string. */
const num = (min: number, max: number) =>
  z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .regex(/^\d+(\.\d+)?$/)
        .transform(Number),
    ])
    .pipe(z.number().min(min).max(max));

/** true/false, from a boolean or "true"/"false"/"1"/"0"/"yes"/"no". */
const bool = z.union([
  z.boolean(),
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no']))
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
]);

/** A list, from a JSON array or a comma-separated string. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '')
        : v,
    z.array(item),
  );

/** An amount of ETH as a decimal string ("0.1"), at most 18 decimals. */
const eth = z
  .union([z.number().nonnegative().transform(String), z.string().trim()])
  .pipe(z.string().regex(/^\d+(\.\d{1,18})?$/));

const address = z
  .string()
  .trim()
  .regex(/^0x[0-9a-fA-F]{40}$/);

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    });

/** The node's settings, in the order `--help` and the docs list them. */
export const CONFIG_FIELDS = {
  rpcUrl: field(
    url(['http:', 'https:', 'ws:', 'wss:']),
    'an http(s):// or ws(s):// URL of an Ethereum JSON-RPC endpoint',
  ),
  chainId: field(int(1, Number.MAX_SAFE_INTEGER).optional(), 'a positive integer chain id (checked against the RPC)'),
  deployments: field(
    z.string().trim().min(1).optional(),
    'the path of a deployments JSON file (default deployments/<chainId>.json)',
  ),
  key: field(
    z
      .string()
      .trim()
      .regex(/^(0x)?[0-9a-fA-F]{64}$/)
      .optional(),
    'a 32-byte hex private key (0x followed by 64 hex digits)',
    true,
  ),
  keystore: field(z.string().trim().min(1).optional(), 'the path of an encrypted JSON keystore file'),
  keystorePassword: field(z.string().optional(), 'the keystore password', true),
  mode: field(
    z.enum(['operator', 'verifier', 'readonly']).optional(),
    '"operator" (answers requests, needs a key), "verifier" (checks results and challenges wrong ones, needs a funded key, no stake) or "readonly" (indexer and API only)',
  ),
  dataDir: field(
    z.string().trim().min(1).default('.imo/oracle'),
    'a directory path for the node database and packages',
  ),
  host: field(
    z.string().trim().min(1).default('127.0.0.1'),
    'the interface the API listens on (e.g. 127.0.0.1 or 0.0.0.0)',
  ),
  port: field(int(0, 65535).default(8787), 'a TCP port from 0 to 65535 (0: any free port)'),
  confirmations: field(
    int(0, 1000).optional(),
    'an integer from 0 to 1000 (blocks behind the head; default 0 on chain 31337, else 3)',
  ),
  backend: field(
    z.enum(['auto', 'cpu', 'gpu', 'reference']).default('auto'),
    '"auto" (WebGPU on a GPU adapter, else WebAssembly), "cpu" (WebAssembly), "gpu" (WebGPU or fail) or "reference"',
  ),
  workers: field(
    int(1, 64).default(Math.max(1, os.availableParallelism())),
    'an integer from 1 to 64 (inference worker threads; default: the number of cores)',
  ),
  pollIntervalMs: field(
    int(20, 600_000).default(1000),
    'an integer from 20 to 600000 (milliseconds between chain polls)',
  ),
  blockRange: field(int(1, 100_000).default(2000), 'an integer from 1 to 100000 (most blocks per log query)'),
  startBlock: field(int(0, Number.MAX_SAFE_INTEGER).optional(), 'a block number (default: the deployment block)'),
  maxReorgDepth: field(
    int(1, 100_000).default(256),
    'an integer from 1 to 100000 (blocks of hashes kept to detect reorgs)',
  ),
  models: field(list(int(1, Number.MAX_SAFE_INTEGER)).optional(), 'a comma-separated list of model ids to serve'),
  finalizeOthers: field(
    bool.default(false),
    "true or false (also finalize other operators' results, for the callback reimbursement)",
  ),
  finalizeOthersAfterSec: field(
    int(0, 86_400 * 30).default(60),
    "an integer from 0 to 2592000 (seconds after a challenge window closes before finalizing others' results)",
  ),
  fallbackDelaySec: field(
    int(0, 86_400).default(0),
    "an integer from 0 to 86400 (seconds after the primary's exclusive window before answering as a fallback)",
  ),
  sweepModelFees: field(
    bool.default(true),
    'true or false (sweep the accrued fees of models this account is owed a share of)',
  ),
  withdrawThresholdEth: field(
    z.union([z.literal('none'), eth]).default('0.1'),
    'an amount of ETH such as "0.1", or "none" (withdraw credits once they reach it)',
  ),
  withdrawTo: field(address.optional(), 'an address (default: the operator itself)'),
  minBalanceEth: field(
    eth.default('0.01'),
    'an amount of ETH such as "0.01" (below it /ready reports the signer unfunded)',
  ),
  gasMargin: field(num(0, 5).default(0.2), 'a number from 0 to 5 (fraction added to gas estimates)'),
  maxFeePerGasGwei: field(num(0, 1_000_000).optional(), 'a number of gwei (cap on the fee per gas)'),
  priorityFeeGwei: field(
    num(0, 1_000_000).optional(),
    "a number of gwei (priority fee; default: the RPC's suggestion)",
  ),
  replaceAfterSec: field(
    int(1, 86_400).default(45),
    'an integer from 1 to 86400 (seconds before a stuck transaction is replaced)',
  ),
  feeBumpPercent: field(int(10, 500).default(20), 'an integer from 10 to 500 (fee increase of a replacement)'),
  maxBatch: field(int(1, 32).default(32), 'an integer from 1 to 32 (results per submitBatch / finalizeBatch)'),
  maxPendingTxs: field(int(1, 64).default(4), 'an integer from 1 to 64 (transactions in flight at once)'),
  packageRoot: field(
    z.string().trim().min(1).optional(),
    'a directory that relative package paths resolve in (default: the working directory)',
  ),
  packagePeers: field(
    list(url(['http:', 'https:'])).default([]),
    'a comma-separated list of http(s) URLs of other nodes serving /packages/:modelHash',
  ),
  maxPackageMb: field(int(1, 65_536).default(512), 'an integer from 1 to 65536 (largest package fetched, in MiB)'),
  modelCacheMb: field(
    int(1, 65_536).default(1024),
    'an integer from 1 to 65536 (loaded models kept per worker, in MiB)',
  ),
  verify: field(
    bool.default(true),
    'true or false (re-run every result posted for a model this node can load, and challenge a wrong one)',
  ),
  verifyModels: field(
    list(int(1, Number.MAX_SAFE_INTEGER)).optional(),
    'a comma-separated list of model ids to verify (default: every registered model)',
  ),
  clockAlarmSec: field(
    int(1, 86_400 * 30).default(60),
    "an integer from 1 to 2592000 (seconds left on the node's game clock below which it alarms)",
  ),
  logLevel: field(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    'one of fatal, error, warn, info, debug, trace, silent',
  ),
  logFormat: field(
    z.enum(['auto', 'json', 'pretty']).default('auto'),
    '"auto" (pretty in a terminal), "json" or "pretty"',
  ),
  corsOrigins: field(
    list(z.union([z.literal('*'), url(['http:', 'https:'])])).default(['*']),
    '"*" or a comma-separated list of http(s) origins allowed to read the API',
  ),
} satisfies Record<string, FieldSpec>;

export type ConfigField = keyof typeof CONFIG_FIELDS;

/** The node's validated settings. */
export type OracleNodeConfig = {
  [K in ConfigField]: z.output<(typeof CONFIG_FIELDS)[K]['schema']>;
};

/**
 * The environment variable of a setting: `rpcUrl` → `IMO_ORACLE_RPC_URL`.
 *
 * @example
 * envName('rpcUrl') // 'IMO_ORACLE_RPC_URL'
 */
export function envName(key: ConfigField): string {
  return `IMO_ORACLE_${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/**
 * The command-line flag of a setting: `rpcUrl` → `--rpc-url`.
 *
 * @example
 * flagName('pollIntervalMs') // '--poll-interval-ms'
 */
export function flagName(key: ConfigField): string {
  return `--${key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
}

/** The settings that are secrets: never echoed in errors, never logged. */
export const SECRET_FIELDS = (Object.keys(CONFIG_FIELDS) as ConfigField[]).filter((k) => CONFIG_FIELDS[k].secret);
