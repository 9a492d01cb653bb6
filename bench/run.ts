/**
 * `npm run bench [suite…]`: runs the named suites (all by default), prints a table and merges the
 * figures into bench/results.json.
 */
import * as ort from 'onnxruntime-node';
import { notedMeta } from './meta';
import { mergeResults, printTable, type BenchFigure } from './results';
import { runBatchSuite } from './suites/batch';
import { runDisputeSuite } from './suites/dispute';
import { runDisputeNodeSuite } from './suites/disputeNode';
import { runGasSuite } from './suites/gas';
import { runOracleSuite } from './suites/oracle';
import { runOracleNodeSuite } from './suites/oracleNode';
import { runRuntimeSuite } from './suites/runtime';
import { runVerifySuite } from './suites/verify';
import { runWebSuite } from './suites/web';

const SUITES: Record<string, () => Promise<BenchFigure[]>> = {
  batch: runBatchSuite,
  dispute: runDisputeSuite,
  disputeNode: runDisputeNodeSuite,
  gas: runGasSuite,
  oracle: runOracleSuite,
  node: runOracleNodeSuite,
  runtime: runRuntimeSuite,
  verify: runVerifySuite,
  web: runWebSuite,
};

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((s) => !(s in SUITES));
  if (unknown.length > 0) {
    throw new Error(
      `unknown bench suite(s): ${unknown.join(', ')}; expected one of: ${Object.keys(SUITES).join(', ')}`,
    );
  }
  const names = requested.length > 0 ? requested : Object.keys(SUITES);
  const figures: BenchFigure[] = [];
  for (const name of names) {
    console.log(`\n== bench: ${name}`);
    const suite = SUITES[name]!;
    const result = await suite();
    printTable(result);
    figures.push(...result);
  }
  mergeResults(figures, { 'onnxruntime-node.version': ort.env.versions.node ?? 'unknown', ...notedMeta() });
  console.log(`\nmerged ${figures.length} figures into bench/results.json`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
