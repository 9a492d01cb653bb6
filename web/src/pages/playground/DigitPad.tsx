import { useEffect, useRef, type PointerEvent } from 'react';
import type { Stroke, StrokePoint } from '@imo/oracle/preprocessing/digitFeatures';

const SIZE = 280;

/**
 * A square to draw a digit on with a mouse, a finger or a pen (pointer events; the pointer is
 * captured so a stroke that leaves the square still ends). Reports the strokes in canvas pixels.
 */
export function DigitPad({ strokes, onChange }: { strokes: Stroke[]; onChange: (strokes: Stroke[]) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<StrokePoint[] | null>(null);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, SIZE, SIZE);
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.lineWidth = 18;
    ctx.strokeStyle = '#111827';
    ctx.fillStyle = '#111827';
    for (const stroke of strokes) {
      if (stroke.length === 1) {
        ctx.beginPath();
        ctx.arc(stroke[0]!.x, stroke[0]!.y, 9, 0, 2 * Math.PI);
        ctx.fill();
        continue;
      }
      ctx.beginPath();
      stroke.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
      ctx.stroke();
    }
  }, [strokes]);

  const point = (e: PointerEvent<HTMLCanvasElement>): StrokePoint => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) * SIZE) / rect.width, y: ((e.clientY - rect.top) * SIZE) / rect.height };
  };

  return (
    <canvas
      ref={canvas}
      className="digit-pad"
      width={SIZE}
      height={SIZE}
      data-testid="digit-pad"
      aria-label="Drawing area: draw one digit with a mouse, finger or pen"
      role="img"
      onPointerDown={(e) => {
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        drawing.current = [point(e)];
        onChange([...strokes, drawing.current]);
      }}
      onPointerMove={(e) => {
        if (!drawing.current) return;
        drawing.current = [...drawing.current, point(e)];
        onChange([...strokes.slice(0, -1), drawing.current]);
      }}
      onPointerUp={() => {
        drawing.current = null;
      }}
      onPointerCancel={() => {
        drawing.current = null;
      }}
    />
  );
}

/**
 * The model's input as it receives it: the 8 × 8 block counts (0–16), each cell shaded by its count
 * and labelled with it.
 */
export function FeatureGrid({ features, side }: { features: Uint8Array; side: number }) {
  return (
    <div
      className="feature-grid"
      style={{ gridTemplateColumns: `repeat(${side}, 1fr)` }}
      role="table"
      aria-label={`The model's input: ${side}×${side} block counts`}
      data-testid="feature-grid"
    >
      {Array.from({ length: side }, (_, r) => (
        <div key={r} role="row" className="feature-row">
          {Array.from(features.subarray(r * side, (r + 1) * side), (v, c) => (
            <span
              key={c}
              role="cell"
              className="feature-cell"
              style={{ background: `rgba(37, 99, 235, ${v / 16})`, color: v > 8 ? '#fff' : undefined }}
            >
              {v}
            </span>
          ))}
        </div>
      ))}
    </div>
  );
}
