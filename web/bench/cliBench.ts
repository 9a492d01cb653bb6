/**
 * `cli.request.e2e_s` (run by `npm run bench -- verify`): `imo request <digits> --input … --wait` on
 * the local stack (`npm start`: chain with 1 s blocks, the demo operator's oracle node), from the
 * command's start to the request's final result — the draw, the node's answer, the local
 * challenge window (30 s of chain time) and the node's finalization. Median of 3.
 * Prints one line `BENCH_FIGURES <json>`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createPublicClient, http } from 'viem';
import { digitFeatures } from '../../oracle/src/preprocessing/digitFeatures';
import { DIGIT_STROKES } from '../../oracle/src/preprocessing/testing/digitStrokes';
import { aiOracleAbi } from '../src/contracts/generated';
import { REPO_ROOT, startStack } from '../test/e2e/stack';

const RUNS = 3;

function imo(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        path.join(REPO_ROOT, 'oracle', 'src', 'cli', 'main.ts'),
        ...args,
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout }));
  });
}

async function main(): Promise<void> {
  const stack = await startStack();
  try {
    // the demo seeds its requests in the background, moving chain time: wait for it
    const client = createPublicClient({ transport: http(stack.rpcUrl) });
    const oracle = { address: stack.deployment.contracts.AIOracle, abi: aiOracleAbi } as const;
    for (const deadline = Date.now() + 240_000; ;) {
      const count = await client.readContract({ ...oracle, functionName: 'requestCount' });
      const states = await Promise.all(
        Array.from({ length: Number(count) }, (_, i) =>
          client.readContract({ ...oracle, functionName: 'statusOf', args: [BigInt(i + 1)] }),
        ),
      );
      if (count >= 9n && states.every((s) => s.state === 3)) break;
      if (Date.now() > deadline) throw new Error('the demo requests did not finalize');
      await new Promise((r) => setTimeout(r, 1000));
    }
    const input = JSON.stringify(Array.from(digitFeatures(DIGIT_STROKES[7]!)));
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const run = await imo([
        '--rpc',
        stack.rpcUrl,
        '--deployment',
        stack.deploymentFile,
        '--dev-account',
        '3',
        '--json',
        'request',
        '1',
        '--input',
        input,
        '--wait',
      ]);
      const seconds = (performance.now() - started) / 1000;
      const result = JSON.parse(run.stdout || '{}') as { state?: string };
      if (run.code !== 0 || result.state !== 'finalized')
        throw new Error(`imo request --wait failed (exit ${run.code}): ${run.stdout}`);
      console.log(`request to final: ${seconds.toFixed(1)} s`);
      times.push(seconds);
    }
    const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
    const figures = [
      {
        metric: 'cli.request.e2e_s',
        value: Number(median.toFixed(1)),
        unit: 's',
        goal: 'local stack, 30 s challenge window, median of 3',
      },
    ];
    console.log(`BENCH_FIGURES ${JSON.stringify(figures)}`);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
