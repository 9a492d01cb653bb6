import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS_DIR, readModelPackage } from '../../oracle/src/node/readModelPackage';
import { DIGITS_VARIANTS, trainDigitsPackage } from './trainDigits';

describe.each(DIGITS_VARIANTS)('trainDigits ($name)', (variant) => {
  it('reproduces the committed package byte for byte, at ≥ 95 % int8 accuracy', async () => {
    const dir = path.join(MODELS_DIR, variant.name);
    const trained = await trainDigitsPackage(variant);
    expect(`${JSON.stringify(trained.manifest, null, 2)}\n`).toBe(
      fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'),
    );
    expect(Buffer.from(trained.paramsBytes).equals(fs.readFileSync(path.join(dir, 'params.bin')))).toBe(true);
    expect(trained.metrics.accuracyInt8).toBeGreaterThanOrEqual(0.95);
    const committed = readModelPackage(dir);
    expect(committed.manifest.metrics?.accuracyInt8).toBe(trained.metrics.accuracyInt8);
    expect(
      fs.statSync(path.join(dir, 'params.bin')).size + fs.statSync(path.join(dir, 'manifest.json')).size,
    ).toBeLessThan(2 * 1024 * 1024);
  });
});
