import type { Dtype } from '../../runtime/types';

/** The registry's dtype codes (0 = int8, 1 = int32) by name. */
export const DTYPE_NAMES: readonly Dtype[] = ['int8', 'int32'];

/** A registry io spec (`IModelRegistry.IoSpec`) as the runtime's tensor specs. */
export function ioOf(io: {
  inputRows: bigint | number;
  inputCols: bigint | number;
  inputDtype: bigint | number;
  outputRows: bigint | number;
  outputCols: bigint | number;
  outputDtype: bigint | number;
}) {
  return {
    input: {
      rows: Number(io.inputRows),
      cols: Number(io.inputCols),
      dtype: DTYPE_NAMES[Number(io.inputDtype)] ?? 'int8',
    },
    output: {
      rows: Number(io.outputRows),
      cols: Number(io.outputCols),
      dtype: DTYPE_NAMES[Number(io.outputDtype)] ?? 'int8',
    },
  };
}
