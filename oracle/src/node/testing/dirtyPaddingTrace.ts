import { TensorCommitment } from '../../runtime/commitments/tensorRoot';
import { chunksPerRow } from '../../runtime/tensor';
import { Trace } from '../../runtime/trace';
import { BYTES_PER_ELEMENT, type Tensor } from '../../runtime/types';

/** Where a padding byte is made non-zero: slot, row, and the byte's offset in the padded row. */
export interface PaddingPosition {
  slot: number;
  row: number;
  /** An offset in `[cols · size, chunksPerRow · 32)`: past the row's elements, inside its chunks. */
  byte: number;
}

/**
 * The padding bytes at the end of each row of `tensor` (past its elements, inside its 32-byte
 * chunks): `[first, end)`, empty when the row fills its chunks exactly.
 *
 * @example
 * rowPadding({ rows: 1, cols: 10, dtype: 'int32', data }); // { first: 40, end: 64 }
 */
export function rowPadding(tensor: Pick<Tensor, 'cols' | 'dtype'>): { first: number; end: number } {
  return {
    first: tensor.cols * BYTES_PER_ELEMENT[tensor.dtype],
    end: chunksPerRow(tensor.cols, tensor.dtype) * 32,
  };
}

/**
 * A tensor commitment with one non-zero padding byte in row `dirty.row` (a class per call: the base
 * constructor hashes the rows, so the position must be known before any field is set).
 */
function dirtyPaddingCommitment(tensor: Tensor, dirty: { row: number; byte: number }): TensorCommitment {
  class DirtyPaddingCommitment extends TensorCommitment {
    protected override paddedRow(row: number): Uint8Array {
      const bytes = super.paddedRow(row);
      if (row !== dirty.row) return bytes;
      const copy = bytes.slice();
      copy[dirty.byte] = 1;
      return copy;
    }
  }
  return new DirtyPaddingCommitment(tensor);
}

/** A trace whose one slot commits a non-zero padding byte; the elements (and so the output) stay true. */
class DirtyPaddingTrace extends Trace {
  private dirtyCommitment: TensorCommitment | undefined;

  constructor(
    trace: Trace,
    private readonly at: PaddingPosition,
  ) {
    super(trace.pkg, trace.slots);
  }

  override commitment(slot: number): TensorCommitment {
    if (slot !== this.at.slot) return super.commitment(slot);
    return (this.dirtyCommitment ??= dirtyPaddingCommitment(this.slots[slot]!, this.at));
  }

  override tensorRoot(slot: number): Uint8Array {
    return slot === this.at.slot ? this.commitment(slot).root : super.tensorRoot(slot);
  }
}

/**
 * A trace that lies only in a padding byte: slot `at.slot`'s tensor root (and so every state root
 * from it on) commits byte `at.byte` of row `at.row` as 1, where the runtime spec requires zero. Its
 * commitments, paths and revealed chunks are consistent with that root, so a proposer can defend it
 * move by move until the one step names the byte (for tests and drills).
 *
 * @example
 * const lie = dirtyPaddingTrace(trace, { slot: 2, row: 0, byte: 63 }); // digits: slot 2 is [1, 10] int32
 */
export function dirtyPaddingTrace(trace: Trace, at: PaddingPosition): Trace {
  const tensor = trace.slots[at.slot];
  if (!tensor || at.slot < 1) throw new RangeError(`slot ${at.slot} is not an op output of the trace`);
  const { first, end } = rowPadding(tensor);
  if (at.row < 0 || at.row >= tensor.rows || at.byte < first || at.byte >= end) {
    throw new RangeError(
      `byte ${at.byte} of row ${at.row} is not padding of slot ${at.slot} ([${tensor.rows}, ${tensor.cols}] ${tensor.dtype}: padding bytes ${first}…${end - 1})`,
    );
  }
  return new DirtyPaddingTrace(trace, at);
}
