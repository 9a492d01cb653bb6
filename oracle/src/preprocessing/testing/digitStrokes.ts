import type { Stroke, StrokePoint } from '../digitFeatures';

/** Points along an ellipse arc (degrees, 0 = right, clockwise on screen since y grows downwards). */
function arc(cx: number, cy: number, rx: number, ry: number, from: number, to: number, steps = 24): StrokePoint[] {
  return Array.from({ length: steps + 1 }, (_, i) => {
    const a = ((from + ((to - from) * i) / steps) * Math.PI) / 180;
    return { x: cx + rx * Math.cos(a), y: cy + ry * Math.sin(a) };
  });
}

const line = (...points: [number, number][]): StrokePoint[] => points.map(([x, y]) => ({ x, y }));

/**
 * Hand-made strokes of the ten digits, as a person might draw them on a 200 × 200 canvas (y down):
 * the playground's end-to-end test draws them with the mouse, and the preprocessing test checks the
 * digits models read them right.
 */
export const DIGIT_STROKES: Record<number, Stroke[]> = {
  0: [arc(100, 100, 45, 75, 0, 360, 40)],
  1: [line([80, 55], [118, 25], [100, 175])],
  2: [[...arc(100, 65, 40, 40, 200, 360, 16), ...line([138, 80], [60, 175], [145, 175])]],
  3: [[...arc(95, 60, 40, 35, 200, 450, 20), ...arc(95, 135, 45, 40, 270, 520, 20)]],
  4: [line([115, 25], [50, 125], [150, 125]), line([120, 70], [120, 180])],
  5: [line([140, 25], [65, 25], [60, 90]), [...arc(95, 125, 45, 45, 225, 500, 24)]],
  6: [[...arc(115, 100, 55, 75, 270, 180, 12), ...arc(100, 140, 40, 35, 180, 540, 30)]],
  7: [line([55, 30], [145, 30], [85, 175])],
  8: [[...arc(100, 60, 33, 35, 90, 450, 24), ...arc(100, 135, 36, 40, 270, 630, 28)]],
  9: [[...arc(100, 65, 40, 38, 0, 360, 28), ...line([140, 65], [130, 175])]],
};
