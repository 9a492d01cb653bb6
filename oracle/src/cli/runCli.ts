import { CommanderError } from 'commander';
import { CliError } from './CliError';
import { describeChainError } from './context/describeChainError';
import { createProgram } from './createProgram';

/** Commander's codes that are not failures. */
const DONE = new Set(['commander.helpDisplayed', 'commander.version']);

/**
 * Runs the CLI on `argv` and returns the exit status; every failure is one line on stderr.
 *
 * @example
 * process.exitCode = await runCli(process.argv);
 */
export async function runCli(argv: string[], stderr: NodeJS.WritableStream = process.stderr): Promise<number> {
  const program = createProgram();
  program.exitOverride();
  program.configureOutput({ outputError: () => undefined });
  for (const command of program.commands.flatMap((c) => [c, ...c.commands])) {
    command.exitOverride();
    command.configureOutput({ outputError: () => undefined });
  }
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (DONE.has(error.code)) return 0;
      // A group or the program without a command: its help was printed to stderr.
      if (error.code === 'commander.help') return 2;
      // Usage errors (unknown command or option, missing or invalid argument): exit status 2.
      stderr.write(`${error.message.startsWith('error:') ? error.message : `error: ${error.message}`}\n`);
      return 2;
    }
    if (error instanceof CliError) {
      stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    stderr.write(`error: ${describeChainError(error)}\n`);
    return 1;
  }
}
