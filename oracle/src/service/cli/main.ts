/**
 * `npm run oracle -- <command>`: the oracle node and the operator's commands.
 * Settings come from `IMO_ORACLE_*` variables, `--config <file>` and flags (docs/oracle-node.md).
 */
import { Command, CommanderError } from 'commander';
import { ImoError } from '../../ImoError';
import { checkConfigCommand } from './commands/checkConfig';
import { keystoreCommand } from './commands/keystore';
import { operatorCommands } from './commands/operatorCommands';
import { serveCommand } from './commands/serve';
import { statusCommand } from './commands/status';

const program = new Command()
  .name('npm run oracle --')
  .description('IMO oracle node: index the chain, answer and finalize requests, serve the API; operator commands')
  .showHelpAfterError()
  .exitOverride();

serveCommand(program);
statusCommand(program);
operatorCommands(program);
keystoreCommand(program);
checkConfigCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  const message = error instanceof ImoError ? error.message : error instanceof Error ? error.message : String(error);
  console.error(`error: ${message}`);
  process.exit(1);
});
