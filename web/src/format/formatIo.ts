import type { IoShape } from '../data/types';

const DTYPES = ['int8', 'int32'];

/**
 * A model's io shape in words.
 *
 * @example
 * formatIo({ inputRows: 1, inputCols: 64, inputDtype: 0, outputRows: 1, outputCols: 1, outputDtype: 1 });
 * // '1 × 64 int8 → 1 × 1 int32'
 */
export function formatIo(io: IoShape): string {
  const d = (code: number) => DTYPES[code] ?? `dtype ${code}`;
  return `${io.inputRows} × ${io.inputCols} ${d(io.inputDtype)} → ${io.outputRows} × ${io.outputCols} ${d(io.outputDtype)}`;
}
