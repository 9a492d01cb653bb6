/**
 * `npm run imo -- <command>`: the IMO command line (`docs/cli.md`). Compiles the contracts first
 * when their artifacts are missing. Exit status: 0 done, 1 failed (a chain error in words), 2 a bad
 * argument (one line; nothing was sent), 3 a verification found another result than was posted.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');

function ensureCompiled(): void {
  if (
    fs.existsSync(path.join(ROOT, 'typechain-types', 'index.ts')) &&
    fs.existsSync(path.join(ROOT, 'artifacts', 'build-info'))
  )
    return;
  process.stderr.write('compiling the contracts (first run)…\n');
  const result = spawnSync(
    process.execPath,
    [require.resolve('hardhat/internal/cli/bootstrap'), 'compile', '--quiet'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (result.status !== 0) {
    process.stderr.write('error: the contracts did not compile (run npx hardhat compile to see why)\n');
    process.exit(1);
  }
}

async function main(): Promise<void> {
  ensureCompiled();
  // Loaded after compiling: the commands import the generated contract bindings.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runCli } = require('./runCli') as typeof import('./runCli');
  process.exitCode = await runCli(process.argv);
}

void main();
