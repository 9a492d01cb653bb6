import { Option, type Command } from 'commander';
import { OracleNode } from '../../OracleNode';
import { OracleNodeError } from '../../OracleNodeError';
import { configFromOptions, withConfigOptions } from '../configOptions';

/** `serve`: runs the node until SIGINT / SIGTERM. */
export function serveCommand(program: Command): void {
  withConfigOptions(
    program
      .command('serve')
      .description(
        'run the oracle node: index the chain, answer and finalize requests, verify results and play games, serve the API',
      )
      .option('--verifier', 'run as a verifier: re-run every result, challenge wrong ones (a funded key, no stake)')
      .addOption(new Option('--exit-with-parent', 'stop when stdin closes (for supervisors that pipe it)').hideHelp()),
  ).action(async (options: Record<string, unknown>) => {
    if (options.verifier) {
      if (options.mode !== undefined && options.mode !== 'verifier') {
        throw new OracleNodeError('CONFIG_INVALID', `--verifier and --mode ${String(options.mode)} disagree: use one`);
      }
      options.mode = 'verifier';
    }
    const { config } = configFromOptions(options);
    const node = await OracleNode.start({ config });
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      void node.stop().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (options.exitWithParent) {
      process.stdin.on('end', stop);
      process.stdin.on('close', stop);
      process.stdin.resume();
    }
    await new Promise(() => undefined);
  });
}
