/// <reference types="@webgpu/types" />
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS_DIR, readModelPackage } from '../../node/readModelPackage';
import { maxBatch, perRequestBytes, slotSpecs, type GraphSpec } from './graphPlan';

/** A device as far as the batch arithmetic reads it: its limits. */
const limits = (l: Partial<GPUSupportedLimits>) =>
  ({
    limits: {
      maxStorageBufferBindingSize: 2 ** 27,
      maxBufferSize: 2 ** 28,
      maxComputeWorkgroupsPerDimension: 65_535,
      ...l,
    },
  }) as unknown as GPUDevice;

describe('graph plan sizes', () => {
  const pkg = readModelPackage(path.join(MODELS_DIR, 'kjv-textgen'));
  const graph: GraphSpec = { presets: [pkg.slots[0]!], params: pkg.params, ops: pkg.graph };

  it('counts one word per element, once per region (a reshape shares its input’s)', () => {
    const slots = slotSpecs(graph);
    expect(slots).toHaveLength(pkg.graph.length + 1);
    const words = slots.reduce((n, s) => n + s.rows * s.cols, 0);
    const reshaped = pkg.graph.reduce((n, op) => n + (op.op === 'reshape' ? op.rows * op.cols : 0), 0);
    const { arena, binding, rows } = perRequestBytes(graph);
    expect(arena).toBe((words - reshaped) * 4);
    expect(binding).toBeGreaterThanOrEqual(Math.max(...slots.map((s) => s.rows * s.cols * 4)));
    expect(rows).toBe(1);
  });

  it('fits as many requests as the binding, buffer and grid limits allow, and 0 when one does not fit', () => {
    const { arena, binding } = perRequestBytes(graph);
    const slots = slotSpecs(graph).length;
    expect(maxBatch(limits({}), graph)).toBe(
      Math.min(Math.floor(2 ** 27 / binding), Math.floor((2 ** 28 - slots * 256) / arena)),
    );
    expect(maxBatch(limits({ maxBufferSize: slots * 256 + 3 * arena }), graph)).toBe(3);
    expect(maxBatch(limits({ maxStorageBufferBindingSize: binding - 4 }), graph)).toBe(0);
    expect(maxBatch(limits({ maxComputeWorkgroupsPerDimension: 1 }), graph)).toBe(128); // 128 rows per tiled workgroup
  });
});
