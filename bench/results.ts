import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One measured figure: a metric of the interface named in the issues, with what it is compared to. */
export interface BenchFigure {
  metric: string;
  value: number;
  unit: string;
  /** The metric measured in the same run that this one is compared to, if any. */
  baseline?: string;
  /** The goal, in words (shown in the table). */
  goal?: string;
}

const RESULTS = path.join(__dirname, 'results.json');
const META = path.join(__dirname, 'results.meta.json');

function readJson(file: string): Record<string, unknown> {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
}

/**
 * CPU family/model and the vector extensions that decide the int8 comparison with ONNX Runtime
 * (from /proc/cpuinfo on Linux; empty elsewhere).
 */
function cpuDetails(): Record<string, string> {
  if (!fs.existsSync('/proc/cpuinfo')) return {};
  const info = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(info)?.[1]?.trim() ?? 'unknown';
  const flags = new Set(field('flags').split(/\s+/));
  const has = (flag: string) => (flags.has(flag) ? 'yes' : 'no');
  return {
    'machine.cpu_family_model': `${field('vendor_id')} family ${field('cpu family')} model ${field('model')}`,
    'machine.avx2': has('avx2'),
    'machine.avx512_vnni': has('avx512_vnni'),
    'machine.avx_vnni': has('avx_vnni'),
  };
}

/** Merges figures into bench/results.json (flat metric → number) and strings into results.meta.json. */
export function mergeResults(figures: BenchFigure[], meta: Record<string, string>): void {
  const results = readJson(RESULTS) as Record<string, number>;
  for (const f of figures) results[f.metric] = f.value;
  const sorted = Object.fromEntries(Object.entries(results).sort(([a], [b]) => a.localeCompare(b)));
  fs.writeFileSync(RESULTS, `${JSON.stringify(sorted, null, 2)}\n`);
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const merged = {
    ...readJson(META),
    ...meta,
    'machine.cpu': cpu,
    'machine.cores': String(os.cpus().length),
    ...cpuDetails(),
    'node.version': process.version,
  };
  fs.writeFileSync(META, `${JSON.stringify(merged, null, 2)}\n`);
}

/** Prints the figures as a table with the ratio to each baseline. */
export function printTable(figures: BenchFigure[]): void {
  const byMetric = new Map(figures.map((f) => [f.metric, f]));
  const rows = figures.map((f) => {
    const base = f.baseline ? byMetric.get(f.baseline) : undefined;
    return {
      metric: f.metric,
      value: `${Number.isInteger(f.value) ? f.value : f.value.toFixed(3)} ${f.unit}`,
      baseline: base ? `${base.metric} = ${base.value}` : '',
      ratio: base ? (f.value / base.value).toFixed(3) : '',
      goal: f.goal ?? '',
    };
  });
  console.table(rows);
}
