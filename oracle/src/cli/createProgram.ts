import { Command, Option } from 'commander';
import { registerClaimCommand } from './commands/claim';
import { registerDeployCommand } from './commands/deploy';
import { registerLaunchCommand } from './commands/launch';
import { registerModelCommands } from './commands/model';
import { registerRequestCommands } from './commands/requests';
import { registerSaleCommands } from './commands/sale';
import { parseCount } from './context/parseArguments';

/**
 * The `imo` command line: one group per file under `commands/`, global options for the chain, the
 * key and the output. Every command has `--help`.
 */
export function createProgram(): Command {
  const program = new Command('imo')
    .description(
      'Initial Model Offerings from a terminal: packages, launches, sales, claims, requests, verification, disputes, deployment',
    )
    .addOption(new Option('--rpc <url>', 'JSON-RPC endpoint (env IMO_RPC_URL; default http://127.0.0.1:8545)'))
    .addOption(
      new Option('--key-file <file>', 'a file holding the 32-byte hex private key to send from (or env IMO_KEY)'),
    )
    .addOption(
      new Option(
        '--keystore <file>',
        'an encrypted JSON keystore to send from; password in IMO_KEYSTORE_PASSWORD (or env IMO_KEYSTORE)',
      ),
    )
    .addOption(
      new Option('--dev-account <n>', 'send from Hardhat dev account n (the local chain only)').argParser(parseCount),
    )
    .addOption(
      new Option(
        '--deployment <file>',
        'the deployment file (default: deployments/<chainId>.json, or IMO_DEPLOYMENTS_DIR)',
      ),
    )
    .addOption(new Option('--json', 'print the result as JSON (progress goes to stderr)'))
    .showHelpAfterError(false)
    .showSuggestionAfterError(true);
  registerModelCommands(program);
  registerLaunchCommand(program);
  registerSaleCommands(program);
  registerClaimCommand(program);
  registerRequestCommands(program);
  registerDeployCommand(program);
  return program;
}
