import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeError } from '../runtime/errors';
import { runModel } from '../runtime/trace';
import { DAWN_NODE_ENV, listDawnAdapters } from './dawnGpu';
import { MODELS_DIR, readModelPackage } from './readModelPackage';
import { selectNodeBackend } from './selectNodeBackend';
import { openTestBackend } from './testing/testWebGpuBackend';
import path from 'node:path';
import { toHex } from '../runtime/commitments/keccak';

/**
 * Backend selection in Node with Dawn, on the adapter this machine has (Mesa's lavapipe in CI, a
 * software adapter) or none; and with Dawn missing.
 */
describe('selectNodeBackend', () => {
  const saved = process.env[DAWN_NODE_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[DAWN_NODE_ENV];
    else process.env[DAWN_NODE_ENV] = saved;
  });

  it('gpu: the WebGPU backend on the adapter Dawn finds, described, computing the reference bytes', async (ctx) => {
    const probe = await openTestBackend();
    probe.backend?.destroy();
    if (!probe.backend) {
      if (process.env.CI === 'true') throw new Error(`CI needs a WebGPU adapter: ${probe.reason}`);
      return ctx.skip(probe.reason);
    }
    const selected = await selectNodeBackend('gpu');
    try {
      expect(selected.description.kind).toBe('webgpu');
      expect(selected.description.adapter?.name).toBeTruthy();
      const pkg = readModelPackage(path.join(MODELS_DIR, 'digits'));
      const input = new Uint8Array(64).fill(5);
      const [a, b] = [await runModel(pkg, input), await runModel(pkg, input, selected.backend)];
      expect(toHex(b.finalStateRoot)).toBe(toHex(a.finalStateRoot));
      // auto takes a hardware adapter, and a software one only when told to
      const auto = await selectNodeBackend('auto', { acceptSoftwareAdapter: true });
      expect(auto.description.kind).toBe('webgpu');
      auto.close();
      const plain = await selectNodeBackend('auto');
      if (selected.description.adapter!.isFallbackAdapter) {
        expect(plain.description.kind).toBe('wasm');
        expect(plain.description.fallbackReason).toMatch(
          /only a software adapter was found \(.+\); WebAssembly is faster/,
        );
      } else expect(plain.description.kind).toBe('webgpu');
      plain.close();
      expect(await listDawnAdapters()).toContainEqual(expect.stringMatching(/: /));
    } finally {
      selected.close();
    }
  });

  it('without Dawn: auto falls back to WebAssembly saying why, gpu fails with NO_GPU_ADAPTER', async () => {
    process.env[DAWN_NODE_ENV] = '/nonexistent/dawn.node';
    const auto = await selectNodeBackend('auto');
    expect(auto.description.kind).toBe('wasm');
    expect(auto.description.fallbackReason).toMatch(
      /Dawn \(WebGPU for Node\) failed to load from \/nonexistent\/dawn.node/,
    );
    auto.close();
    const error = await selectNodeBackend('gpu').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as RuntimeError).code).toBe('NO_GPU_ADAPTER');
    const cpu = await selectNodeBackend('cpu');
    expect(cpu.description).toMatchObject({ mode: 'cpu', kind: 'wasm' });
    cpu.close();
  });
});
