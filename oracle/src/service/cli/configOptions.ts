import { Option, type Command } from 'commander';
import { CONFIG_FIELDS, envName, flagName, type ConfigField } from '../config/configSchema';
import { loadConfig, type LoadConfigReturnType } from '../config/loadConfig';

const FIELDS = Object.keys(CONFIG_FIELDS) as ConfigField[];

/**
 * Adds `--config <file>` and one flag per setting (`--rpc-url`, `--port`…) to a command. Secrets
 * (the key and the keystore password) have no flag: a flag shows in the process list.
 *
 * @example
 * withConfigOptions(program.command('serve')).action(run);
 */
export function withConfigOptions(command: Command): Command {
  command.addOption(new Option('--config <file>', 'a JSON config file (env: IMO_ORACLE_CONFIG)'));
  for (const key of FIELDS) {
    const spec = CONFIG_FIELDS[key];
    if (spec.secret) continue;
    command.addOption(
      new Option(`${flagName(key)} <value>`, `${spec.expected} (env: ${envName(key)})`).hideHelp(!BASIC.has(key)),
    );
  }
  return command;
}

/** Flags listed in `--help` (the rest are accepted and documented in docs/oracle-node.md). */
const BASIC = new Set<ConfigField>([
  'rpcUrl',
  'chainId',
  'deployments',
  'keystore',
  'mode',
  'dataDir',
  'host',
  'port',
  'confirmations',
  'backend',
  'workers',
  'models',
  'logLevel',
]);

/**
 * The config from `--config`, the environment and the command's flags.
 *
 * @example
 * const { config } = configFromOptions(command.opts());
 */
export function configFromOptions(options: Record<string, unknown>): LoadConfigReturnType {
  const flags: Partial<Record<ConfigField, unknown>> = {};
  for (const key of FIELDS) if (options[key] !== undefined) flags[key] = options[key];
  return loadConfig({ file: typeof options.config === 'string' ? options.config : undefined, flags });
}
