import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeTextPrompt } from '@imo/oracle/client/textCodec';
import { loadPackage, runModel, toHex } from '@imo/runtime';
import { describeBrowserBackend, rememberRun, rememberedRun, runInBrowser } from './runInBrowser';

const MODELS = path.resolve(import.meta.dirname, '..', '..', '..', 'oracle', 'models');
const pkgOf = (name: string) =>
  loadPackage(
    fs.readFileSync(path.join(MODELS, name, 'manifest.json'), 'utf8'),
    new Uint8Array(fs.readFileSync(path.join(MODELS, name, 'params.bin'))),
  );

describe('local verification in the page', () => {
  it('computes the reference runtime’s output and S_n, and says which backend ran and why', async () => {
    const pkg = pkgOf('kjv-textgen');
    const input = encodeTextPrompt('In the beginning God created', 32);
    const reference = await runModel(pkg, input);
    const run = await runInBrowser(pkg, input);
    expect(run.output).toBe(toHex(reference.output));
    expect(run.stateRoot).toBe(toHex(reference.finalStateRoot));
    expect(run.ms).toBeGreaterThan(0);
    // happy-dom offers no WebGPU and no cross-origin isolation
    expect(run.backend.kind).toBe('wasm');
    expect(run.backend.fallbackReason).toBe('this environment offers no WebGPU');
    expect(run.isolated).toBe(false);
    expect(describeBrowserBackend(run)).toBe('WebAssembly, 1 thread (the page is not cross-origin isolated)');
    expect(
      describeBrowserBackend({
        backend: { mode: 'auto', kind: 'wasm', name: 'wasm-simd-2t', threads: 2 },
        isolated: true,
      }),
    ).toBe('WebAssembly, 2 threads (the page is cross-origin isolated)');
    rememberRun(31337, 5n, run);
    expect(rememberedRun(31337, 5n)).toBe(run);
    expect(rememberedRun(1, 5n)).toBeUndefined();
  });
});
