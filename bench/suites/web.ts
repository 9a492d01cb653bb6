import { spawn } from 'node:child_process';
import path from 'node:path';
import type { BenchFigure } from '../results';

const ROOT = path.join(__dirname, '..', '..');

/**
 * The web app's figures (`web/bench/webBench.ts`, an ESM script of the web workspace): the initial
 * bundle, `npm start` to everything answering, and the models page in Chromium on the local stack.
 */
export function runWebSuite(): Promise<BenchFigure[]> {
  return runWebBenchScript('bench/webBench.ts');
}

/** Runs an ESM bench script of the web workspace and reads the figures it prints (`BENCH_FIGURES <json>`). */
export async function runWebBenchScript(script: string): Promise<BenchFigure[]> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), script], {
      cwd: path.join(ROOT, 'web'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      process.stdout.write(d);
    });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited with code ${code}`))));
  });
  const line = output.split('\n').find((l) => l.startsWith('BENCH_FIGURES '));
  if (!line) throw new Error(`${script} printed no figures`);
  return JSON.parse(line.slice('BENCH_FIGURES '.length)) as BenchFigure[];
}
