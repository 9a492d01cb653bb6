import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestBackend } from '../../oracle/src/node/testing/testWebGpuBackend';
import { describeOp, referenceBackend, type Tensor } from '../../oracle/src/runtime';
import { randomTensor, seededRandom } from '../../oracle/src/runtime/testing/randomGraph';
import type { CheckResult } from './gpuCheck';
import type { GpuResults } from './gpuReport';
import { printReport } from './gpuReport';

/**
 * The GPU check script, on this machine: the whole run on whatever adapter Dawn finds (lavapipe in
 * CI) with PyTorch replaced by a numpy stand-in (scripts/gpu/testing/torch), and the paths a GPU
 * machine may take: no adapter, no Node, no PyTorch, PyTorch disagreeing with us.
 */
const ROOT = path.join(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'gpu-check.sh');
const FAKE_TORCH = path.join(__dirname, 'testing');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imo-gpu-check-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const haveNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

function runCheck(env: Record<string, string>, name: string) {
  const out = path.join(tmp, name);
  const result = spawnSync('bash', [SCRIPT], {
    cwd: ROOT,
    env: { ...process.env, IMO_GPU_CHECK_QUICK: '1', OUT: out, ...env },
    encoding: 'utf8',
    timeout: 600_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}`, out };
}

describe('scripts/gpu-check.sh', () => {
  it('checks bit-exactness and times the backend on the adapter here, the table last', async (ctx) => {
    const probe = await openTestBackend();
    probe.backend?.destroy();
    if (!probe.backend) {
      if (process.env.CI === 'true') throw new Error(`CI needs a WebGPU adapter: ${probe.reason}`);
      return ctx.skip(probe.reason);
    }
    const torch: Record<string, string> = haveNumpy
      ? { PYTHONPATH: FAKE_TORCH, IMO_PYTHON: 'python3' }
      : { IMO_PYTHON: '/nonexistent/python3' };
    const { status, output, out } = runCheck(torch, 'full');
    expect(status, output).toBe(0);
    expect(output).toMatch(/Dawn sees: vulkan: /);
    expect(output).toMatch(/bit-exact: 9\/9 checks/);
    const lines = output.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^metrics: .*gpu-results\.json/);
    expect(output).toMatch(/\| product\s+\| WebGPU GMAC\/s \|/);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'gpu-results.json'), 'utf8')) as GpuResults;
    for (const metric of ['gpu.gmacs.webgpu.mv1024', 'gpu.gmacs.webgpu.mm64x1024', 'gpu.gmacs.wasm2t.mm64x1024']) {
      expect(results.metrics[metric], metric).toBeGreaterThan(0);
    }
    if (haveNumpy) {
      expect(results.metrics['gpu.gmacs.torch_int_mm.mm64x1024']).toBeGreaterThan(0);
      expect(output).toMatch(/\| mm64x1024 .*\| ok\s+\|/);
    } else expect(output).toMatch(/PyTorch: no python/);
    expect(fs.readFileSync(path.join(out, 'gpu-check.log'), 'utf8')).toContain('== GPU check summary');
  }, 600_000);

  it('says so and exits 3 when Dawn sees no adapter', () => {
    const { status, output } = runCheck(
      { VK_ICD_FILENAMES: '/nonexistent/icd.json', VK_DRIVER_FILES: '/nonexistent/icd.json' },
      'none',
    );
    expect(status, output).toBe(3);
    expect(output).toMatch(/Dawn sees: no adapter/);
    expect(output).toMatch(/PyTorch: skipped \(no WebGPU results to compare with\)/);
    expect(output).toMatch(/WebGPU adapter: none/);
  });

  it('exits 4 naming what is missing when neither Node nor the carry is there', () => {
    const { status, output } = runCheck(
      { IMO_GPU_CHECK_USE_CARRY: '1', IMO_GPU_CARRY: path.join(tmp, 'no-carry') },
      'bare',
    );
    expect(status, output).toBe(4);
    expect(output).toMatch(/MISSING: Node.js >= 20.19: put it on PATH, or carry .gpu-carry\//);
  });
});

describe.skipIf(!haveNumpy)('torchIntMm.py and the report (PyTorch replaced by numpy)', () => {
  /** A work folder as the check leaves it: one product with our output. */
  function work(name: string, m: number, k: number, n: number): string {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir, { recursive: true });
    const random = seededRandom(m * k * n);
    const x = randomTensor(random, { rows: m, cols: k, dtype: 'int8' });
    const w = randomTensor(random, { rows: n, cols: k, dtype: 'int8' });
    const bias: Tensor = { rows: 1, cols: n, dtype: 'int32', data: new Int32Array(n) };
    const out = referenceBackend.execute(
      describeOp({ op: 'matmul', paramB: 1, rows: m, cols: n, dtype: 'int32' }),
      { a: x },
      { a: w, b: bias },
    ) as Tensor;
    const bytes = (t: Tensor) =>
      t.dtype === 'int8' ? Uint8Array.from(t.data, (v) => v & 0xff) : new Uint8Array(Int32Array.from(t.data).buffer);
    fs.writeFileSync(path.join(dir, 'p.x.bin'), bytes(x));
    fs.writeFileSync(path.join(dir, 'p.w.bin'), bytes(w));
    fs.writeFileSync(path.join(dir, 'p.out.bin'), bytes(out));
    const check: CheckResult = {
      adapters: ['vulkan: test'],
      adapter: {
        name: 'test adapter',
        vendor: '',
        architecture: '',
        device: '',
        description: '',
        isFallbackAdapter: false,
      },
      packedDot: true,
      checks: [{ name: 'a check', ok: true }],
      figures: [{ metric: 'gpu.gmacs.webgpu.p', value: 1, unit: 'GMAC/s', note: '' }],
      products: [{ name: 'p', m, k, n }],
    };
    fs.writeFileSync(path.join(dir, 'check.json'), JSON.stringify(check));
    return dir;
  }
  const torch = (dir: string, env: Record<string, string> = {}) =>
    spawnSync('python3', [path.join(__dirname, 'torchIntMm.py'), '--work', dir], {
      env: { ...process.env, PYTHONPATH: FAKE_TORCH, ...env },
      encoding: 'utf8',
    });

  it('recomputes our product, agrees, and times it', () => {
    const dir = work('agree', 40, 72, 24);
    expect(torch(dir).status).toBe(0);
    const result = JSON.parse(fs.readFileSync(path.join(dir, 'torch.json'), 'utf8')) as {
      results: { verify: string; gmacs: number }[];
    };
    expect(result.results[0]!.verify).toBe('ok');
    expect(result.results[0]!.gmacs).toBeGreaterThan(0);
    expect(printReport(dir, path.join(dir, 'r.json'))).toBe(0);
  });

  it('makes the check fail when PyTorch computes another product', () => {
    const dir = work('differ', 40, 72, 24);
    torch(dir, { FAKE_TORCH_WRONG: '1' });
    expect(printReport(dir, undefined)).toBe(1);
  });

  it('reports CUDA missing and shapes torch._int_mm cannot take, without failing', () => {
    const dir = work('nocuda', 40, 72, 24);
    torch(dir, { FAKE_TORCH_NO_CUDA: '1' });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'torch.json'), 'utf8'))).toMatchObject({
      available: false,
      reason: 'CUDA is not available to PyTorch',
    });
    const small = work('small', 1, 64, 64);
    torch(small);
    const result = JSON.parse(fs.readFileSync(path.join(small, 'torch.json'), 'utf8')) as {
      results: { error: string }[];
    };
    expect(result.results[0]!.error).toMatch(/torch._int_mm needs m > 16/);
    expect(printReport(small, undefined)).toBe(0);
  });
});
