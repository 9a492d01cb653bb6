import type { BenchFigure } from '../results';
import { runWebBenchScript } from './web';

/**
 * Local verification in Chromium (two threads) beside the same run in Node, and the CLI's
 * `imo request --wait` on the local stack (`web/bench/verifyBench.ts`, `web/bench/cliBench.ts`).
 */
export async function runVerifySuite(): Promise<BenchFigure[]> {
  return [...(await runWebBenchScript('bench/verifyBench.ts')), ...(await runWebBenchScript('bench/cliBench.ts'))];
}
