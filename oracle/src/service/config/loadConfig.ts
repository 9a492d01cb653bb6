import fs from 'node:fs';
import { OracleNodeError } from '../OracleNodeError';
import { CONFIG_FIELDS, envName, flagName, type ConfigField, type OracleNodeConfig } from './configSchema';

/** Where each setting may come from; later sources win: file < environment < flags. */
export interface LoadConfigParameters {
  /** The environment (default `process.env`); only `IMO_ORACLE_*` variables are read. */
  env?: NodeJS.ProcessEnv;
  /** A JSON config file (default: `IMO_ORACLE_CONFIG` from the environment, if set). */
  file?: string;
  /** Settings from command-line flags (strings as typed, or values). */
  flags?: Partial<Record<ConfigField, unknown>>;
}

/** The validated settings and, for each one set explicitly, where it came from. */
export interface LoadConfigReturnType {
  config: OracleNodeConfig;
  sources: Partial<Record<ConfigField, string>>;
}

const KEYS = Object.keys(CONFIG_FIELDS) as ConfigField[];

/** The closest setting name to a misspelt one (for "did you mean"). */
function closest(name: string): ConfigField | undefined {
  const lower = name.toLowerCase().replace(/[-_]/g, '');
  return KEYS.find((k) => k.toLowerCase() === lower);
}

function describe(value: unknown, secret: boolean): string {
  if (secret) return '(hidden)';
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function readFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new OracleNodeError('CONFIG_INVALID', `invalid config: cannot read config file ${file}`, { cause });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new OracleNodeError('CONFIG_INVALID', `invalid config: config file ${file} is not valid JSON`, { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new OracleNodeError('CONFIG_INVALID', `invalid config: config file ${file} must hold a JSON object`);
  }
  for (const name of Object.keys(parsed)) {
    if (!(name in CONFIG_FIELDS)) {
      const hint = closest(name);
      throw new OracleNodeError(
        'CONFIG_INVALID',
        `invalid config: unknown field ${JSON.stringify(name)} in ${file}${hint ? ` (did you mean ${hint}?)` : ''}`,
      );
    }
  }
  return parsed as Record<string, unknown>;
}

/**
 * Reads the node's settings from a JSON file, `IMO_ORACLE_*` environment variables and flags, and
 * validates each one. A bad setting throws `CONFIG_INVALID` with one line naming the field, where
 * it came from and what is expected (secrets are never echoed).
 *
 * @example
 * const { config } = loadConfig({ env: process.env, flags: { port: '8787' } });
 */
export function loadConfig(parameters: LoadConfigParameters = {}): LoadConfigReturnType {
  const env = parameters.env ?? process.env;
  const file = parameters.file ?? env.IMO_ORACLE_CONFIG;
  const raw: Partial<Record<ConfigField, unknown>> = {};
  const sources: Partial<Record<ConfigField, string>> = {};
  if (file) {
    for (const [name, value] of Object.entries(readFile(file))) {
      raw[name as ConfigField] = value;
      sources[name as ConfigField] = `config file ${file}`;
    }
  }
  for (const key of KEYS) {
    const value = env[envName(key)];
    if (value !== undefined && value !== '') {
      raw[key] = value;
      sources[key] = envName(key);
    }
  }
  for (const [name, value] of Object.entries(parameters.flags ?? {})) {
    if (value === undefined) continue;
    raw[name as ConfigField] = value;
    sources[name as ConfigField] = flagName(name as ConfigField);
  }

  const config: Record<string, unknown> = {};
  for (const key of KEYS) {
    const spec = CONFIG_FIELDS[key];
    const parsed = spec.schema.safeParse(raw[key]);
    if (!parsed.success) {
      const from = sources[key] ?? 'default';
      throw new OracleNodeError(
        'CONFIG_INVALID',
        `invalid config: ${key} (${from}): expected ${spec.expected}, got ${describe(raw[key], spec.secret ?? false)}`,
      );
    }
    config[key] = parsed.data;
  }
  const result = config as OracleNodeConfig;
  checkCombinations(result, sources);
  return { config: result, sources };
}

function fail(key: ConfigField, sources: Partial<Record<ConfigField, string>>, message: string): never {
  throw new OracleNodeError('CONFIG_INVALID', `invalid config: ${key} (${sources[key] ?? 'default'}): ${message}`);
}

/** Rules across settings: one key source at most, and operator mode needs one. */
function checkCombinations(config: OracleNodeConfig, sources: Partial<Record<ConfigField, string>>): void {
  if (config.key !== undefined && config.keystore !== undefined) {
    fail('keystore', sources, `expected either key (${envName('key')}) or keystore, not both`);
  }
  if (config.keystorePassword !== undefined && config.keystore === undefined) {
    fail('keystorePassword', sources, 'is set but keystore is not: expected a keystore file to unlock');
  }
  const hasKey = config.key !== undefined || config.keystore !== undefined;
  if ((config.mode === 'operator' || config.mode === 'verifier') && !hasKey) {
    fail('mode', sources, `"${config.mode}" needs a key: set ${envName('key')} or ${envName('keystore')}`);
  }
  if (config.mode === 'readonly' && hasKey) {
    fail('mode', sources, '"readonly" takes no key: remove key/keystore or use mode "operator"');
  }
}
