import fs from 'node:fs';
import path from 'node:path';
import type { CheckResult } from './gpuCheck';

/** What `torchIntMm.py` writes to <work>/torch.json. */
export interface TorchResult {
  available: boolean;
  reason?: string;
  device?: string;
  torch?: string;
  results?: { name: string; m: number; k: number; n: number; gmacs?: number; verify: string; error?: string }[];
}

/** The flat metrics (bench/results.json names) and the strings for bench/results.meta.json. */
export interface GpuResults {
  metrics: Record<string, number>;
  meta: Record<string, string>;
}

function readJson<T>(file: string): T | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : undefined;
}

const fixed = (v: number | undefined, digits = 1) => (v === undefined ? '—' : v.toFixed(digits));

/** Merges the check's and PyTorch's results into flat metrics. */
export function gpuResults(check: CheckResult, torch: TorchResult | undefined, card: string): GpuResults {
  const metrics: Record<string, number> = {};
  for (const f of check.figures) metrics[f.metric] = Number(f.value.toFixed(f.unit === 'GMAC/s' ? 2 : 0));
  for (const r of torch?.results ?? [])
    if (r.gmacs !== undefined) metrics[`gpu.gmacs.torch_int_mm.${r.name}`] = Number(r.gmacs.toFixed(2));
  const meta: Record<string, string> = {
    'gpu.card': card || 'unknown',
    'gpu.webgpu.adapter': check.adapter
      ? `${check.adapter.name}${check.adapter.isFallbackAdapter ? ' (software)' : ''}`
      : 'none',
    'gpu.webgpu.dot4I8Packed': check.packedDot ? 'builtin' : 'written out',
    'gpu.torch': torch?.available
      ? `${torch.torch ?? '?'} on ${torch.device ?? '?'}`
      : `unavailable: ${torch?.reason ?? 'not run'}`,
    'gpu.bit_exact': `${check.checks.filter((c) => c.ok).length}/${check.checks.length} checks`,
  };
  return { metrics, meta };
}

/**
 * Reads <work>/check.json and <work>/torch.json, writes the flat metrics to `out` (if given) and
 * prints the summary table, last. Returns 1 when a bit-exactness check failed or PyTorch computed
 * other products than ours, 3 without an adapter, else 0.
 */
export function printReport(work: string, out: string | undefined): number {
  const check = readJson<CheckResult>(path.join(work, 'check.json'));
  const torch = readJson<TorchResult>(path.join(work, 'torch.json'));
  const card = fs.existsSync(path.join(work, 'card.txt'))
    ? fs.readFileSync(path.join(work, 'card.txt'), 'utf8').trim()
    : '';
  if (!check) {
    console.log('GPU check: the check did not run (no check.json); see the log above');
    return 1;
  }
  const results = gpuResults(check, torch, card);
  if (out) fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  const m = results.metrics;
  const failed = check.checks.filter((c) => !c.ok);
  const lines = [
    '',
    '== GPU check summary',
    `card: ${results.meta['gpu.card']}`,
    `Dawn adapters: ${check.adapters.length ? check.adapters.join('; ') : 'none'}`,
    `WebGPU adapter: ${results.meta['gpu.webgpu.adapter']} (dot4I8Packed ${results.meta['gpu.webgpu.dot4I8Packed']})`,
    `bit-exact: ${results.meta['gpu.bit_exact']}${failed.length ? ` — FAILED: ${failed.map((c) => `${c.name} (${c.detail ?? ''})`).join('; ')}` : ''}`,
    `PyTorch: ${results.meta['gpu.torch']}`,
  ];
  const torchVerify = new Map((torch?.results ?? []).map((r) => [r.name, r.error ?? r.verify]));
  const rows = check.products.map((p) => [
    p.name,
    fixed(m[`gpu.gmacs.webgpu.${p.name}`]),
    fixed(m[`gpu.gmacs.wasm.${p.name}`]),
    fixed(m[`gpu.gmacs.wasm2t.${p.name}`]),
    fixed(m[`gpu.gmacs.torch_int_mm.${p.name}`]),
    m[`gpu.gmacs.wasm2t.${p.name}`]
      ? `${fixed(m[`gpu.gmacs.webgpu.${p.name}`]! / m[`gpu.gmacs.wasm2t.${p.name}`]!)}×`
      : '—',
    fixed(m[`gpu.webgpu.${p.name}.roundtrip_us`], 0),
    torchVerify.get(p.name) ?? '—',
  ]);
  const header = [
    'product',
    'WebGPU GMAC/s',
    'wasm 1t',
    'wasm 2t',
    'torch._int_mm',
    'WebGPU ÷ wasm 2t',
    'round trip µs',
    'torch = ours',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  lines.push('', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line));
  lines.push(
    '',
    `digits, 64 requests batched (S_n included): WebGPU ${fixed(m['gpu.batch.digits_per_s.webgpu'], 0)}/s, wasm ${fixed(m['gpu.batch.digits_per_s.wasm'], 0)}/s`,
    `kjv-textgen, 16 generations batched: WebGPU ${fixed(m['gpu.textgen.batch16_latency_us.webgpu'], 0)} µs, wasm ${fixed(m['gpu.textgen.batch16_latency_us.wasm'], 0)} µs`,
    out ? `metrics: ${out} (merge with: npx tsx scripts/gpu/mergeGpuResults.ts ${path.basename(out)})` : '',
  );
  console.log(lines.join('\n'));
  if (!check.adapter) return 3;
  const torchDiffers = (torch?.results ?? []).some((r) => r.verify.includes('differ'));
  return failed.length || torchDiffers ? 1 : 0;
}
