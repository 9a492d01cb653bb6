/**
 * Merges a GPU check's figures (`gpu-results.json`, written by `scripts/gpu-check.sh` under $OUT)
 * into bench/results.json and bench/results.meta.json:
 *
 *   npx tsx scripts/gpu/mergeGpuResults.ts <gpu-results.json>
 */
import fs from 'node:fs';
import { mergeResults } from '../../bench/results';
import type { GpuResults } from './gpuReport';

const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
  console.error('usage: npx tsx scripts/gpu/mergeGpuResults.ts <gpu-results.json written by scripts/gpu-check.sh>');
  process.exit(2);
}
const { metrics, meta } = JSON.parse(fs.readFileSync(file, 'utf8')) as GpuResults;
const figures = Object.entries(metrics).map(([metric, value]) => ({ metric, value, unit: '' }));
mergeResults(figures, meta);
console.log(`merged ${figures.length} GPU figures (card: ${meta['gpu.card']}) into bench/results.json`);
