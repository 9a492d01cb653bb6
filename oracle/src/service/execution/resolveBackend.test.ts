import { describe, expect, it } from 'vitest';
import { openTestBackend } from '../../node/testing/testWebGpuBackend';
import { resolveBackend } from './resolveBackend';

describe('resolveBackend', () => {
  it('cpu and reference need no GPU', async () => {
    expect(await resolveBackend('cpu')).toMatchObject({ worker: 'cpu', info: { mode: 'cpu', kind: 'wasm' } });
    expect(await resolveBackend('reference')).toMatchObject({ worker: 'reference', info: { kind: 'reference' } });
  });

  it('auto never fails for want of a GPU, and says why it chose WebAssembly', async () => {
    const { backend } = await openTestBackend();
    const hardware = backend !== undefined && !backend.adapter?.isFallbackAdapter;
    backend?.destroy();
    const { worker, info } = await resolveBackend('auto');
    if (hardware) expect(info).toMatchObject({ kind: 'webgpu' });
    else {
      expect(worker).toBe('cpu');
      expect(info.fallbackReason).toMatch(/adapter|WebGPU|Dawn/);
    }
  });

  it('gpu takes any adapter Dawn finds, and stops the start with a config error when there is none', async () => {
    const { backend } = await openTestBackend();
    backend?.destroy();
    if (backend) {
      expect(await resolveBackend('gpu')).toMatchObject({ worker: 'gpu', info: { mode: 'gpu', kind: 'webgpu' } });
    } else {
      await expect(resolveBackend('gpu')).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    }
  });
});
