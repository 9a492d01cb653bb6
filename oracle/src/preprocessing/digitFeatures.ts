import { RuntimeError } from '../runtime/errors';

/**
 * The digits models' input, made exactly as their training data was (the UCI optical digits
 * features): a handwritten digit, size-normalised into a 32 × 32 binary bitmap, then the set pixels
 * counted in each non-overlapping 4 × 4 block — 64 values 0–16, row-major, one int8 each.
 * Browser-safe and free of any canvas API, so the playground, the CLI and the tests share it.
 */

/** Side of the binary bitmap. */
export const DIGIT_GRID = 32;
/** Side of a counted block. */
export const DIGIT_BLOCK = 4;
/** Side of the feature grid (8): the model reads `DIGIT_FEATURES_SIDE²` = 64 values. */
export const DIGIT_FEATURES_SIDE = DIGIT_GRID / DIGIT_BLOCK;

/** The preprocessing in words, as the digits packages' manifests state it. */
export const DIGITS_PREPROCESSING =
  'Draw on a 32×32 binary grid; count the set pixels in each non-overlapping 4×4 block (values 0–16), row-major: 64 bytes, one int8 each. The output is the predicted digit as one int32 (4 bytes big-endian).';

/**
 * The pen's radius in bitmap pixels after size normalisation. The training drawings are thick: on
 * average 30 % of their 1024 pixels are set (mean feature sum 313); this radius gives synthetic and
 * hand-drawn digits the same ink.
 */
export const DIGIT_PEN_RADIUS = 2.6;

/** A point of a stroke, in any coordinate space (canvas pixels, say); y grows downwards. */
export interface StrokePoint {
  x: number;
  y: number;
}

/** One stroke: the points the pen passed through, in order (a single point is a dot). */
export type Stroke = readonly StrokePoint[];

/**
 * The 64 features of a 32 × 32 binary bitmap (row-major, 1 = ink): the set pixels of each 4 × 4
 * block, row-major.
 *
 * @example
 * const features = blockCounts(bitmap); // Uint8Array(64), each 0–16
 */
export function blockCounts(bitmap: Uint8Array): Uint8Array {
  if (bitmap.length !== DIGIT_GRID * DIGIT_GRID) {
    throw new RuntimeError(
      'BAD_INPUT',
      `a digit bitmap is ${DIGIT_GRID}×${DIGIT_GRID} = ${DIGIT_GRID * DIGIT_GRID} pixels, got ${bitmap.length}`,
    );
  }
  const features = new Uint8Array(DIGIT_FEATURES_SIDE * DIGIT_FEATURES_SIDE);
  for (let y = 0; y < DIGIT_GRID; y++) {
    for (let x = 0; x < DIGIT_GRID; x++) {
      if (bitmap[y * DIGIT_GRID + x]) {
        features[Math.floor(y / DIGIT_BLOCK) * DIGIT_FEATURES_SIDE + Math.floor(x / DIGIT_BLOCK)]! += 1;
      }
    }
  }
  return features;
}

function distanceToSegment(px: number, py: number, a: StrokePoint, b: StrokePoint): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / length2));
  return Math.hypot(px - (a.x + t * dx), py - (a.y + t * dy));
}

/**
 * Size-normalises strokes into the 32 × 32 binary bitmap, as the NIST programs that made the
 * training data did: the drawing's bounding box is scaled (aspect kept) so its longer side spans
 * the grid less the pen, centred, and every pixel whose centre lies within the pen's radius of a
 * stroke is set. Where on the canvas and how large the digit was drawn do not matter. No stroke: an
 * empty bitmap.
 *
 * @example
 * const bitmap = rasterizeStrokes([[{ x: 50, y: 10 }, { x: 50, y: 190 }]]); // a "1"
 */
export function rasterizeStrokes(strokes: readonly Stroke[], penRadius = DIGIT_PEN_RADIUS): Uint8Array {
  const bitmap = new Uint8Array(DIGIT_GRID * DIGIT_GRID);
  const points = strokes.flat();
  if (points.length === 0) return bitmap;
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) {
      throw new RuntimeError('BAD_INPUT', `a stroke point must have finite coordinates, got (${p.x}, ${p.y})`);
    }
  }
  const minX = Math.min(...points.map((p) => p.x));
  const maxX = Math.max(...points.map((p) => p.x));
  const minY = Math.min(...points.map((p) => p.y));
  const maxY = Math.max(...points.map((p) => p.y));
  const span = Math.max(maxX - minX, maxY - minY);
  const inner = DIGIT_GRID - 2 * penRadius;
  const scale = span === 0 ? 1 : inner / span;
  const offsetX = (DIGIT_GRID - (maxX - minX) * scale) / 2;
  const offsetY = (DIGIT_GRID - (maxY - minY) * scale) / 2;
  const segments = strokes
    .filter((s) => s.length > 0)
    .map((s) => s.map((p) => ({ x: (p.x - minX) * scale + offsetX, y: (p.y - minY) * scale + offsetY })));
  for (let y = 0; y < DIGIT_GRID; y++) {
    for (let x = 0; x < DIGIT_GRID; x++) {
      const cx = x + 0.5;
      const cy = y + 0.5;
      let on = false;
      for (const s of segments) {
        for (let i = 0; i < s.length && !on; i++) {
          on = distanceToSegment(cx, cy, s[i]!, s[Math.min(i + 1, s.length - 1)]!) <= penRadius;
        }
        if (on) break;
      }
      bitmap[y * DIGIT_GRID + x] = on ? 1 : 0;
    }
  }
  return bitmap;
}

/**
 * A drawing's model input: strokes → 32 × 32 bitmap → 64 block counts (the request's 64 bytes).
 *
 * @example
 * const input = digitFeatures(strokes); // send as the digits model's input
 */
export function digitFeatures(strokes: readonly Stroke[]): Uint8Array {
  return blockCounts(rasterizeStrokes(strokes));
}
