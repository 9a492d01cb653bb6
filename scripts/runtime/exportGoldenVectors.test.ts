import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS_DIR, readModelPackage } from '../../oracle/src/node/readModelPackage';
import type { GoldenModelCase } from '../../oracle/src/runtime/testing/goldenVectors';
import { GOLDEN_DIR, exportGoldenVectors } from './exportGoldenVectors';

describe('golden vectors', () => {
  it('the committed files equal a fresh export from the reference runtime', async () => {
    const fresh = await exportGoldenVectors();
    expect(fs.readFileSync(path.join(GOLDEN_DIR, 'ops.json'), 'utf8')).toBe(fresh.ops);
    expect(fs.readFileSync(path.join(GOLDEN_DIR, 'models.json'), 'utf8')).toBe(fresh.models);
  });

  it('pin the digits model: modelHash and S_n as checked in', () => {
    const [digits] = JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, 'models.json'), 'utf8')) as GoldenModelCase[];
    const pkg = readModelPackage(path.join(MODELS_DIR, 'digits'));
    expect(digits!.modelHash).toBe('0xfc41c0ea3811146fe47eddd7b0e569b8282dc4f893038dcbdbcafaccbc1a4904');
    expect(pkg.manifest.commitment.modelHash).toBe(digits!.modelHash);
    expect(digits!.runs[0]!.stateRoot).toBe(GOLDEN_DIGITS_FIRST_STATE_ROOT);
    expect(digits!.runs[0]!.output).toBe('0x00000004');
  });
});

/** S_n of the digits model on the first held-out sample (a 4), pinned by hand. */
const GOLDEN_DIGITS_FIRST_STATE_ROOT = '0xb400ffe2448a6008037aa26240b49a1bc85f25aaded71af35c9971f5f216a6b4';
