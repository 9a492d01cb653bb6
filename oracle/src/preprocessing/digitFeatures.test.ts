import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDigits } from '../../../scripts/training/trainDigits';
import { MODELS_DIR, readModelPackage } from '../node/readModelPackage';
import { runModel } from '../runtime';
import {
  blockCounts,
  DIGIT_BLOCK,
  DIGIT_GRID,
  DIGITS_PREPROCESSING,
  digitFeatures,
  rasterizeStrokes,
  type Stroke,
} from './digitFeatures';
import { DIGIT_STROKES } from './testing/digitStrokes';

/** A 32 × 32 bitmap whose 4 × 4 blocks hold `features[b]` set pixels each, spread over the block. */
function bitmapWithCounts(features: readonly number[]): Uint8Array {
  const bitmap = new Uint8Array(DIGIT_GRID * DIGIT_GRID);
  features.forEach((count, b) => {
    const by = Math.floor(b / 8) * DIGIT_BLOCK;
    const bx = (b % 8) * DIGIT_BLOCK;
    // A fixed scatter order, so a wrong block size or a transposed grid cannot cancel out.
    const order = [5, 0, 10, 15, 3, 12, 6, 9, 1, 14, 7, 8, 2, 13, 4, 11];
    for (let k = 0; k < count; k++) {
      const cell = order[k]!;
      bitmap[(by + Math.floor(cell / 4)) * DIGIT_GRID + bx + (cell % 4)] = 1;
    }
  });
  return bitmap;
}

const scaled = (strokes: Stroke[], k: number, dx: number, dy: number): Stroke[] =>
  strokes.map((s) => s.map((p) => ({ x: p.x * k + dx, y: p.y * k + dy })));

describe('digit features', () => {
  it('reproduces every training feature vector from a bitmap with its block counts', () => {
    const samples = loadDigits();
    expect(samples).toHaveLength(1797);
    for (const s of samples) expect(Array.from(blockCounts(bitmapWithCounts(s.pixels)))).toEqual(s.pixels);
  });

  it('counts row-major blocks: a pixel at (x, y) lands in feature ⌊y/4⌋·8 + ⌊x/4⌋', () => {
    const bitmap = new Uint8Array(1024);
    bitmap[9 * 32 + 30] = 1; // row 9, column 30 → block row 2, block column 7
    const features = blockCounts(bitmap);
    expect(features[2 * 8 + 7]).toBe(1);
    expect(features.reduce((a, b) => a + b, 0)).toBe(1);
    expect(() => blockCounts(new Uint8Array(64))).toThrow(/32×32 = 1024 pixels, got 64/);
  });

  it('is what the digits packages declare and what the training script writes into them', () => {
    for (const name of ['digits', 'digits-lite']) {
      const manifest = JSON.parse(fs.readFileSync(`${MODELS_DIR}/${name}/manifest.json`, 'utf8')) as {
        preprocessing: string;
      };
      expect(manifest.preprocessing).toBe(DIGITS_PREPROCESSING);
    }
    expect(fs.readFileSync('scripts/training/trainDigits.ts', 'utf8')).toMatch(/preprocessing: DIGITS_PREPROCESSING/);
  });

  it('normalises position and size: the same digit drawn small in a corner or large gives the same input', () => {
    const seven = DIGIT_STROKES[7]!;
    const reference = digitFeatures(seven);
    expect(digitFeatures(scaled(seven, 0.3, 400, 12))).toEqual(reference);
    expect(digitFeatures(scaled(seven, 4, -50, 900))).toEqual(reference);
  });

  it('gives drawn digits the ink of the training drawings (about 30 % of the bitmap)', () => {
    const trainingInk = loadDigits().reduce((sum, s) => sum + s.pixels.reduce((a, b) => a + b, 0), 0) / 1797;
    const drawnInk =
      Object.values(DIGIT_STROKES).reduce(
        (sum, strokes) => sum + digitFeatures(strokes).reduce((a, b) => a + b, 0),
        0,
      ) / 10;
    expect(Math.abs(drawnInk - trainingInk) / trainingInk).toBeLessThan(0.1);
  });

  it('lets both digits models read every hand-made digit right', async () => {
    for (const name of ['digits', 'digits-lite']) {
      const pkg = readModelPackage(`${MODELS_DIR}/${name}`);
      for (let digit = 0; digit <= 9; digit++) {
        const trace = await runModel(pkg, digitFeatures(DIGIT_STROKES[digit]!));
        expect(trace.slots[trace.opCount]!.data[0], `${name} reads the drawn ${digit}`).toBe(digit);
      }
    }
  });

  it('draws nothing for no strokes, a dot for one point, and refuses non-finite points', () => {
    expect(rasterizeStrokes([]).every((v) => v === 0)).toBe(true);
    const dot = rasterizeStrokes([[{ x: 3, y: 4 }]]);
    expect(dot.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(() => rasterizeStrokes([[{ x: Number.NaN, y: 1 }]])).toThrow(/finite coordinates/);
  });
});
